import type { FastifyPluginAsync } from "fastify";

// Being written this session (H3 — «Выписка» PDF and FHIR Bundle).
export const medcardExportRoutes: FastifyPluginAsync = async () => {};
