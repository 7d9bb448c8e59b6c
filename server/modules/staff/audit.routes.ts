import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { problemSchema } from "../../../common/problem.schema.ts";
import { auditLogPageSchema, auditLogQuerySchema } from "../../../common/staff/audit.schema.ts";
import { ADMIN_ONLY } from "../../plugins/staff-access.ts";
import { listStaffAccess } from "./audit.service.ts";

/** «Журнал доступа»: who among the staff saw which client data, for admins. */
export const staffAuditRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  app.get(
    "/staff/audit-log",
    {
      schema: {
        tags: ["staff-audit"],
        summary: "Журнал доступа сотрудников к персональным данным (для администратора)",
        querystring: auditLogQuerySchema,
        response: {
          200: auditLogPageSchema,
          400: problemSchema,
          401: problemSchema,
          403: problemSchema,
        },
      },
      preHandler: app.requireStaff(ADMIN_ONLY, "Журнал доступа открыт только администратору."),
    },
    async (request) => {
      return listStaffAccess(db, request.query);
    },
  );
};
