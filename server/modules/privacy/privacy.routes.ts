import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  accountDeletedSchema,
  accountDeletionInfoSchema,
  accountDeletionRequestSchema,
  deletionCodeSentSchema,
  newPrivacyRequestSchema,
  privacyRequestEnvelopeSchema,
  privacyRequestListSchema,
} from "../../../common/privacy/privacy.schema.ts";
import { problemSchema } from "../../../common/problem.schema.ts";
import { clearSessionCookie, requireClient } from "../../plugins/sessions.ts";
import {
  accountDeletionInfo,
  deleteAccount,
  sendDeletionCode,
} from "./account-deletion.service.ts";
import { createPrivacyRequest, myPrivacyRequests } from "./privacy-requests.service.ts";

const errors = { 400: problemSchema, 401: problemSchema, 409: problemSchema, 429: problemSchema };

/** «Мои данные и согласия»: deleting the account, and the requests under 152-FZ. */
export const privacyRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  const secure = app.config.env === "production";
  const meta = (request: FastifyRequest) => ({
    ip: request.ip,
    userAgent: request.headers["user-agent"],
  });

  app.get(
    "/privacy/account-deletion",
    {
      schema: {
        tags: ["privacy"],
        summary: "Удалить учётную запись: куда придёт код и что мешает удалить сейчас",
        response: { 200: accountDeletionInfoSchema, 401: problemSchema },
      },
    },
    async (request) => accountDeletionInfo(db, requireClient(request).clientId),
  );

  app.post(
    "/privacy/account-deletion/code",
    {
      schema: {
        tags: ["privacy"],
        summary: "Удалить учётную запись: SMS-код на телефон учётной записи",
        response: { 202: deletionCodeSentSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { clientId } = requireClient(request);
      return reply.code(202).send(await sendDeletionCode(db, app.sms, clientId, meta(request)));
    },
  );

  app.post(
    "/privacy/account-deletion",
    {
      schema: {
        tags: ["privacy"],
        summary:
          "Удалить учётную запись кодом из SMS: все сеансы завершаются, личные данные удаляются или обезличиваются",
        body: accountDeletionRequestSchema,
        response: { 200: accountDeletedSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { clientId } = requireClient(request);
      const deleted = await deleteAccount(db, clientId, request.body.code, meta(request));
      clearSessionCookie(reply, secure);
      return { deletedAt: deleted.deletedAt, purgeDueAt: deleted.purgeDueAt };
    },
  );

  app.get(
    "/privacy/requests",
    {
      schema: {
        tags: ["privacy"],
        summary: "Мои запросы по персональным данным: статус, срок ответа и ответ",
        response: { 200: privacyRequestListSchema, 401: problemSchema },
      },
    },
    async (request) => ({
      requests: await myPrivacyRequests(db, requireClient(request).clientId),
    }),
  );

  app.post(
    "/privacy/requests",
    {
      schema: {
        tags: ["privacy"],
        summary:
          "Запрос по персональным данным (уточнение, возражение, другое): ответ в течение 10 рабочих дней",
        body: newPrivacyRequestSchema,
        response: { 201: privacyRequestEnvelopeSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { clientId } = requireClient(request);
      const created = await createPrivacyRequest(db, clientId, request.body);
      return reply.code(201).send({ request: created });
    },
  );
};
