import type { FastifyPluginAsync } from "fastify";
import { staffAuditRoutes } from "./audit.routes.ts";
import { dataReadsRoutes } from "./data-reads.routes.ts";
import { staffAuthRoutes } from "./staff-auth.routes.ts";

// «Выгрузить мои данные» (data-export, decision 0030) reads the account's rows through these.
export { allAccountDataReads } from "./account-export.service.ts";

export { findStaffMember } from "./staff-members.service.ts";

/**
 * Staff accounts: the console's sign-in, the admin's «Сотрудники», the audit log («Журнал») and its
 * client's side, «Кто смотрел мои данные».
 */
export const staffModule: FastifyPluginAsync = async (app) => {
  await app.register(staffAuthRoutes, { prefix: "/api" });
  await app.register(staffAuditRoutes, { prefix: "/api" });
  await app.register(dataReadsRoutes, { prefix: "/api" });
};
