import type { FastifyPluginAsync } from "fastify";

// Being written this session (H2 — the shared view, no account).
export const sharedCardRoutes: FastifyPluginAsync = async () => {};
