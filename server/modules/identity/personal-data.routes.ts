import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  codeSentSchema,
  emailChangeRequestSchema,
  emailCodeRequestSchema,
  nameRequestSchema,
  personalDataRequestEnvelopeSchema,
  personalDataSchema,
  phoneChangedSchema,
  phoneChangeRequestSchema,
  phoneCodesRequestSchema,
  phoneRequestSchema,
} from "../../../common/identity/personal-data.schema.ts";
import { problemSchema } from "../../../common/problem.schema.ts";
import { requireClient } from "../../plugins/sessions.ts";
import {
  changeEmail,
  changePhone,
  createNameRequest,
  createPhoneRequest,
  getPersonalData,
  requestEmailCode,
  requestNewPhoneCode,
  requestPhoneCodes,
} from "./personal-data.service.ts";

const errors = {
  400: problemSchema,
  401: problemSchema,
  409: problemSchema,
  429: problemSchema,
};

/** «Профиль» → «Личные данные»: the account's data, e-mail and phone changes, change requests. */
export const personalDataRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  const meta = (request: FastifyRequest) => ({
    ip: request.ip,
    userAgent: request.headers["user-agent"],
  });
  const base = "/profile/personal-data";

  app.get(
    base,
    {
      schema: {
        tags: ["identity"],
        summary: "Личные данные учётной записи и последние заявки на их изменение",
        response: { 200: personalDataSchema, 401: problemSchema },
      },
    },
    async (request) => getPersonalData(db, requireClient(request).clientId),
  );

  app.post(
    `${base}/email/code`,
    {
      schema: {
        tags: ["identity"],
        summary: "Изменить e-mail: выслать код на новый адрес",
        body: emailCodeRequestSchema,
        response: { 202: codeSentSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { clientId } = requireClient(request);
      const sent = await requestEmailCode(
        db,
        app.email,
        clientId,
        request.body.email,
        meta(request),
      );
      return reply.code(202).send(sent);
    },
  );

  app.post(
    `${base}/email`,
    {
      schema: {
        tags: ["identity"],
        summary: "Изменить e-mail: подтвердить кодом из письма",
        body: emailChangeRequestSchema,
        response: { 200: personalDataSchema, ...errors },
      },
    },
    async (request) =>
      changeEmail(db, requireClient(request).clientId, request.body, meta(request)),
  );

  app.post(
    `${base}/phone/codes`,
    {
      schema: {
        tags: ["identity"],
        summary: "Изменить телефон: коды на текущий и на новый номер",
        body: phoneCodesRequestSchema,
        response: { 202: codeSentSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { clientId } = requireClient(request);
      const sent = await requestPhoneCodes(
        db,
        app.sms,
        clientId,
        request.body.phone,
        meta(request),
      );
      return reply.code(202).send(sent);
    },
  );

  app.post(
    `${base}/phone`,
    {
      schema: {
        tags: ["identity"],
        summary: "Изменить телефон: оба кода; другие сеансы завершаются",
        body: phoneChangeRequestSchema,
        response: { 200: phoneChangedSchema, ...errors },
      },
    },
    async (request) => changePhone(db, requireClient(request), request.body, meta(request)),
  );

  app.post(
    `${base}/phone-request/code`,
    {
      schema: {
        tags: ["identity"],
        summary: "Нет доступа к старому номеру: код на новый номер",
        body: phoneCodesRequestSchema,
        response: { 202: codeSentSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { clientId } = requireClient(request);
      const sent = await requestNewPhoneCode(
        db,
        app.sms,
        clientId,
        request.body.phone,
        meta(request),
      );
      return reply.code(202).send(sent);
    },
  );

  app.post(
    `${base}/phone-request`,
    {
      schema: {
        tags: ["identity"],
        summary: "Нет доступа к старому номеру: заявка оператору",
        body: phoneRequestSchema,
        response: { 201: personalDataRequestEnvelopeSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { clientId } = requireClient(request);
      const created = await createPhoneRequest(db, clientId, request.body, meta(request));
      return reply.code(201).send({ request: created });
    },
  );

  app.post(
    `${base}/name-request`,
    {
      schema: {
        tags: ["identity"],
        summary: "Заявка на изменение ФИО и даты рождения",
        body: nameRequestSchema,
        response: { 201: personalDataRequestEnvelopeSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { clientId } = requireClient(request);
      const created = await createNameRequest(db, clientId, request.body);
      return reply.code(201).send({ request: created });
    },
  );
};
