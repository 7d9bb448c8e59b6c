import type { FastifyPluginAsync } from "fastify";

// Being written this session (H2 — «Показать врачу»: the client's shares).
export const medcardSharesRoutes: FastifyPluginAsync = async () => {};
