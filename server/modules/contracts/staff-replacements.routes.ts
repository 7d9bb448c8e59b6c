import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { problemSchema } from "../../../common/problem.schema.ts";
import { idParamsSchema } from "../../../common/staff/appeals.schema.ts";
import {
  approveReplacementSchema,
  rejectReplacementSchema,
  replacementEnvelopeSchema,
  replacementListQuerySchema,
  replacementListSchema,
} from "../../../common/staff/contracts.schema.ts";
import { DECIDERS, requireStaffActor } from "./staff-access.ts";
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
    },
    async (request) =>
      listReplacementQueue(db, await requireStaffActor(db, request), request.query),
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
    },
    async (request) => ({
      request: await viewReplacementRequest(
        db,
        await requireStaffActor(db, request),
        request.params.id,
      ),
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
    },
    async (request) => {
      const actor = await requireStaffActor(db, request, DECIDERS, decidersOnly);
      return {
        request: await decideReplacement(db, app.sms, actor, request.params.id, {
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
    },
    async (request) => {
      const actor = await requireStaffActor(db, request, DECIDERS, decidersOnly);
      return {
        request: await decideReplacement(db, app.sms, actor, request.params.id, {
          approve: false,
          comment: request.body.comment,
        }),
      };
    },
  );
};
