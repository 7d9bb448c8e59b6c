import type { FastifyPluginAsync } from "fastify";

// Being written this session (H5 — the console's side).
export const staffMedcardRoutes: FastifyPluginAsync = async () => {};
