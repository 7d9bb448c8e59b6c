import type { FastifyPluginAsync } from "fastify";
import { staffAppealsRoutes } from "./appeals.routes.ts";

// «Выгрузить мои данные» (data-export, decision 0030) reads the account's rows through these.
export { appealsOfContracts } from "./account-export.repository.ts";

export { addAppeal, listContractAppeals } from "./appeals.service.ts";

/** «Обращения» on a contract card and the service types they are recorded with (staff). */
export const appealsModule: FastifyPluginAsync = async (app) => {
  await app.register(staffAppealsRoutes, { prefix: "/api" });
};
