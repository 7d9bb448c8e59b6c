import type { FastifyPluginAsync } from "fastify";

// Being written this session (H1 — «Документы»: upload, list, file).
export const medcardDocumentsRoutes: FastifyPluginAsync = async () => {};
