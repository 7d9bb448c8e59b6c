import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { idParamsSchema } from "../../../common/appeals/appeals.schema.ts";
import {
  approveReplacementSchema,
  rejectReplacementSchema,
  replacementEnvelopeSchema,
  replacementListQuerySchema,
  replacementListSchema,
} from "../../../common/contracts/staff-contracts.schema.ts";
import { problemSchema } from "../../../common/problem.schema.ts";
import { DECIDERS } from "../../plugins/staff-access.ts";
import {
  decideReplacement,
  listReplacementQueue,
  viewReplacementRequest,
} from "./staff-replacements.service.ts";

const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
};
const decidersOnly = "Заявки на замену рассматривают операторы и администраторы.";

/** «Заявки на замену»: the queue of «Пациент 1» replacements, approved or rejected by staff. */
export const staffReplacementsRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;

  app.get(
    "/staff/replacement-requests",
    {
      schema: {
        tags: ["staff-contracts"],
        summary: "Заявки на замену Пациента 1 (по умолчанию — ожидающие решения)",
        querystring: replacementListQuerySchema,
        response: { 200: replacementListSchema, ...errors },
      },
      preHandler: app.requireStaff(),
    },
    async (request) => listReplacementQueue(db, request.staff, request.query),
  );

  app.get(
    "/staff/replacement-requests/:id",
    {
      schema: {
        tags: ["staff-contracts"],
        summary: "Заявка на замену Пациента 1",
        params: idParamsSchema,
        response: { 200: replacementEnvelopeSchema, ...errors },
      },
      preHandler: app.requireStaff(),
    },
    async (request) => ({
      request: await viewReplacementRequest(db, request.staff, request.params.id),
    }),
  );

  app.post(
    "/staff/replacement-requests/:id/approve",
    {
      schema: {
        tags: ["staff-contracts"],
        summary: "Одобрить замену: Пациентом 1 становится указанное в заявке лицо",
        params: idParamsSchema,
        body: approveReplacementSchema,
        response: { 200: replacementEnvelopeSchema, ...errors },
      },
      preHandler: app.requireStaff(DECIDERS, decidersOnly),
    },
    async (request) => {
      const actor = request.staff;
      return {
        request: await decideReplacement(db, actor, request.params.id, {
          approve: true,
          comment: request.body.comment,
        }),
      };
    },
  );

  app.post(
    "/staff/replacement-requests/:id/reject",
    {
      schema: {
        tags: ["staff-contracts"],
        summary: "Отклонить заявку на замену с комментарием для клиента",
        params: idParamsSchema,
        body: rejectReplacementSchema,
        response: { 200: replacementEnvelopeSchema, ...errors },
      },
      preHandler: app.requireStaff(DECIDERS, decidersOnly),
    },
    async (request) => {
      const actor = request.staff;
      return {
        request: await decideReplacement(db, actor, request.params.id, {
          approve: false,
          comment: request.body.comment,
        }),
      };
    },
  );
};
