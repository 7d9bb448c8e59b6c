import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  visitorCallbackRequestSchema,
  visitorCallbackSchema,
  visitorCodeRequestSchema,
  visitorVerifyRequestSchema,
} from "../../../common/contact/visitor-callback.schema.ts";
import {
  smsCodeSentSchema,
  verifiedPhoneSchema,
} from "../../../common/identity/sms-code.schema.ts";
import { problemSchema } from "../../../common/problem.schema.ts";
import { requestVisitorCallback } from "./visitor-callbacks.service.ts";

const tags = ["contact"];
const errors = { 400: problemSchema, 409: problemSchema, 429: problemSchema };

/** «Заказать звонок» on the site, for visitors without an account: SMS code, then the request. */
export const visitorCallbackRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  const meta = (request: FastifyRequest) => ({
    ip: request.ip,
    userAgent: request.headers["user-agent"],
  });

  app.post(
    "/visitor-callbacks/code",
    {
      schema: {
        tags,
        summary: "«Получить код»: SMS-код на номер, по которому посетитель сайта ждёт звонка",
        body: visitorCodeRequestSchema,
        response: { 202: smsCodeSentSchema, ...errors },
      },
    },
    async (request, reply) => {
      const sent = await app.phoneCodes.sendCode(
        db,
        app.sms,
        request.body.phone,
        "callback",
        meta(request),
      );
      return reply.code(202).send(sent);
    },
  );

  app.post(
    "/visitor-callbacks/verify",
    {
      schema: {
        tags,
        summary: "Подтвердить номер кодом из SMS: билет для одной заявки на звонок",
        body: visitorVerifyRequestSchema,
        response: { 200: verifiedPhoneSchema, ...errors },
      },
    },
    async (request) =>
      app.phoneCodes.verifyCode(
        db,
        request.body.phone,
        "callback",
        request.body.code,
        meta(request),
      ),
  );

  app.post(
    "/visitor-callbacks",
    {
      schema: {
        tags,
        summary:
          "«Заказать звонок»: заявка посетителя сайта (или отдела продаж) в очередь обратных звонков",
        body: visitorCallbackRequestSchema,
        response: { 201: visitorCallbackSchema, ...errors },
      },
    },
    async (request, reply) => {
      const created = await requestVisitorCallback(db, app.phoneCodes, request.body, meta(request));
      return reply.code(201).send(created);
    },
  );
};
