import type { FastifyPluginAsync } from "fastify";
import { staffAppealsRoutes } from "./appeals.routes.ts";

export { addAppeal, listContractAppeals } from "./appeals.service.ts";

/** «Обращения» on a contract card and the service types they are recorded with (staff). */
export const appealsModule: FastifyPluginAsync = async (app) => {
  await app.register(staffAppealsRoutes, { prefix: "/api" });
};
