import type { FastifyPluginAsync } from "fastify";
import { integrationRoutes } from "./integration.routes.ts";

/** The 1С exchange: its API tokens (admin) and the contract import they authorise. */
export const integrationModule: FastifyPluginAsync = async (app) => {
  await app.register(integrationRoutes, { prefix: "/api" });
};
