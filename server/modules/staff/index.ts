import type { FastifyPluginAsync } from "fastify";
import { staffAuditRoutes } from "./audit.routes.ts";
import { staffAuthRoutes } from "./staff-auth.routes.ts";

export { findStaffMember } from "./staff-members.service.ts";

/** Staff accounts: the console's sign-in, the admin's «Сотрудники», and the audit log («Журнал»). */
export const staffModule: FastifyPluginAsync = async (app) => {
  await app.register(staffAuthRoutes, { prefix: "/api" });
  await app.register(staffAuditRoutes, { prefix: "/api" });
};
