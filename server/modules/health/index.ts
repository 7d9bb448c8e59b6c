import type { FastifyPluginAsync } from "fastify";
import { healthRoutes } from "./health.routes.ts";

/** GET /api/health. */
export const healthModule: FastifyPluginAsync = async (app) => {
  await app.register(healthRoutes, { prefix: "/api" });
};
