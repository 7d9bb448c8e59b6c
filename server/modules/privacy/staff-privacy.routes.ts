import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { idParamsSchema } from "../../../common/appeals/appeals.schema.ts";
import {
  closePrivacyRequestSchema,
  staffPrivacyEnvelopeSchema,
  staffPrivacyListQuerySchema,
  staffPrivacyListSchema,
} from "../../../common/privacy/privacy.schema.ts";
import { problemSchema } from "../../../common/problem.schema.ts";
import { DECIDERS } from "../../plugins/staff-access.ts";
import {
  closePrivacyRequest,
  listPrivacyQueue,
  takePrivacyRequest,
  viewPrivacyRequest,
} from "./privacy-requests.service.ts";

const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
};
const decidersOnly = "Запросы по 152-ФЗ рассматривают операторы и администраторы.";

/** «Запросы по 152-ФЗ»: the queue with the legal deadlines, take, answer and close. */
export const staffPrivacyRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  const base = "/staff/privacy-requests";
  const preHandler = app.requireStaff(DECIDERS, decidersOnly);

  app.get(
    base,
    {
      schema: {
        tags: ["staff-privacy"],
        summary: "Запросы по 152-ФЗ (по умолчанию — открытые, по сроку ответа)",
        querystring: staffPrivacyListQuerySchema,
        response: { 200: staffPrivacyListSchema, ...errors },
      },
      preHandler,
    },
    async (request) => listPrivacyQueue(db, request.staff, request.query),
  );

  app.get(
    `${base}/:id`,
    {
      schema: {
        tags: ["staff-privacy"],
        summary: "Запрос по 152-ФЗ",
        params: idParamsSchema,
        response: { 200: staffPrivacyEnvelopeSchema, ...errors },
      },
      preHandler,
    },
    async (request) => ({
      request: await viewPrivacyRequest(db, request.staff, request.params.id),
    }),
  );

  app.post(
    `${base}/:id/take`,
    {
      schema: {
        tags: ["staff-privacy"],
        summary: "Взять запрос в работу",
        params: idParamsSchema,
        response: { 200: staffPrivacyEnvelopeSchema, ...errors },
      },
      preHandler,
    },
    async (request) => ({
      request: await takePrivacyRequest(db, request.staff, request.params.id),
    }),
  );

  app.post(
    `${base}/:id/close`,
    {
      schema: {
        tags: ["staff-privacy"],
        summary: "Ответить клиенту и закрыть запрос",
        params: idParamsSchema,
        body: closePrivacyRequestSchema,
        response: { 200: staffPrivacyEnvelopeSchema, ...errors },
      },
      preHandler,
    },
    async (request) => ({
      request: await closePrivacyRequest(db, request.staff, request.params.id, request.body.answer),
    }),
  );
};
