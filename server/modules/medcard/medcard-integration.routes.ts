import type { FastifyPluginAsync } from "fastify";

// Being written this session (H1 — clinics' POST of documents).
export const medcardIntegrationRoutes: FastifyPluginAsync = async () => {};
