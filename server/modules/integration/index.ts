import type { FastifyPluginAsync } from "fastify";
import { integrationRoutes } from "./integration.routes.ts";

// The clinic API (booking's) checks its callers' tokens here.
export { authenticateClinicBearer } from "./tokens.service.ts";

/** The 1С exchange: its API tokens (admin) and the contract import they authorise. */
export const integrationModule: FastifyPluginAsync = async (app) => {
  await app.register(integrationRoutes, { prefix: "/api" });
};
