import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { idParamsSchema } from "../../../common/appeals/appeals.schema.ts";
import {
  approvePersonalDataSchema,
  rejectPersonalDataSchema,
  staffPersonalDataEnvelopeSchema,
  staffPersonalDataListQuerySchema,
  staffPersonalDataListSchema,
} from "../../../common/identity/personal-data.schema.ts";
import { problemSchema } from "../../../common/problem.schema.ts";
import { DECIDERS } from "../../plugins/staff-access.ts";
import {
  decidePersonalDataRequest,
  listPersonalDataQueue,
  viewPersonalDataRequest,
} from "./staff-personal-data.service.ts";

const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
};
const decidersOnly = "Заявки на изменение личных данных рассматривают операторы и администраторы.";

/** «Личные данные клиентов»: requests to change a name, birth date or (lost) phone. */
export const staffPersonalDataRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  const base = "/staff/personal-data-requests";

  app.get(
    base,
    {
      schema: {
        tags: ["staff-identity"],
        summary: "Заявки на изменение личных данных (по умолчанию — ожидающие решения)",
        querystring: staffPersonalDataListQuerySchema,
        response: { 200: staffPersonalDataListSchema, ...errors },
      },
      preHandler: app.requireStaff(DECIDERS, decidersOnly),
    },
    async (request) => listPersonalDataQueue(db, request.staff, request.query),
  );

  app.get(
    `${base}/:id`,
    {
      schema: {
        tags: ["staff-identity"],
        summary: "Заявка на изменение личных данных",
        params: idParamsSchema,
        response: { 200: staffPersonalDataEnvelopeSchema, ...errors },
      },
      preHandler: app.requireStaff(DECIDERS, decidersOnly),
    },
    async (request) => ({
      request: await viewPersonalDataRequest(db, request.staff, request.params.id),
    }),
  );

  for (const verdict of ["approve", "reject"] as const) {
    app.post(
      `${base}/:id/${verdict}`,
      {
        schema: {
          tags: ["staff-identity"],
          summary:
            verdict === "approve"
              ? "Одобрить: данные учётной записи меняются (договоры — нет)"
              : "Отклонить с комментарием для клиента",
          params: idParamsSchema,
          body: verdict === "approve" ? approvePersonalDataSchema : rejectPersonalDataSchema,
          response: { 200: staffPersonalDataEnvelopeSchema, ...errors },
        },
        preHandler: app.requireStaff(DECIDERS, decidersOnly),
      },
      async (request) => ({
        request: await decidePersonalDataRequest(db, request.staff, request.params.id, {
          approve: verdict === "approve",
          comment: request.body.comment,
        }),
      }),
    );
  }
};
