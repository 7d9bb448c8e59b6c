import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { problemSchema } from "../../../common/problem.schema.ts";
import {
  dataReadsPageSchema,
  dataReadsQuerySchema,
} from "../../../common/staff/data-reads.schema.ts";
import { requireClient } from "../../plugins/sessions.ts";
import { accountDataReads } from "./data-reads.service.ts";

/** «Кто смотрел мои данные»: the client's view of the staff audit log (DESIGN.md, "Data"). */
export const dataReadsRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  app.get(
    "/profile/data-reads",
    {
      schema: {
        tags: ["identity"],
        summary:
          "Кто из сотрудников и когда смотрел данные клиента: договоры, чаты, сообщения, записи, заказы, медкарты",
        querystring: dataReadsQuerySchema,
        response: { 200: dataReadsPageSchema, 400: problemSchema, 401: problemSchema },
      },
    },
    async (request) => accountDataReads(db, requireClient(request).clientId, request.query.cursor),
  );
};
