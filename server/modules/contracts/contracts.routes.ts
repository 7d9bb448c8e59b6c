import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  addContractRequestSchema,
  addContractResultSchema,
  addPersonRequestSchema,
  contractDetailSchema,
  contractIdParamsSchema,
  contractListSchema,
  contractPrintSchema,
  programProcedureSchema,
  replacementRequestSchema,
} from "../../../common/contracts/contracts.schema.ts";
import { problemSchema } from "../../../common/problem.schema.ts";
import { siteOrigin } from "../../plugins/origin-check.ts";
import { requireClient } from "../../plugins/sessions.ts";
import { certificateFileName, renderCertificatePdf } from "./certificate-pdf.ts";
import { addContractByNumber } from "./contract-links.service.ts";
import {
  getContractDetail,
  getContractPrint,
  getProgramProcedure,
  listContracts,
} from "./contracts.service.ts";
import { addSecondPatient, requestReplacement } from "./patient-changes.service.ts";

const tags = ["contracts"];
const readErrors = { 400: problemSchema, 401: problemSchema, 404: problemSchema };
const changeErrors = { ...readErrors, 403: problemSchema, 409: problemSchema };

/** «Мои договоры»: the signed-in client's certificates and DMS policies, changes and print. */
export const contractsRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;

  app.get(
    "/contracts",
    {
      schema: {
        tags,
        summary: "Мои договоры: сертификаты и полисы ДМС клиента, новые первыми",
        response: { 200: contractListSchema, 401: problemSchema },
      },
    },
    async (request) => listContracts(db, requireClient(request).clientId),
  );

  app.post(
    "/contracts/links",
    {
      schema: {
        tags,
        summary:
          "Добавить договор по номеру и дате рождения обслуживаемого лица (5 неверных попыток в час)",
        body: addContractRequestSchema,
        response: {
          201: addContractResultSchema,
          400: problemSchema,
          401: problemSchema,
          404: problemSchema,
          429: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const added = await addContractByNumber(db, requireClient(request).clientId, request.body, {
        ip: request.ip,
        userAgent: request.headers["user-agent"],
      });
      return reply.code(201).send(added);
    },
  );

  app.get(
    "/contracts/:id",
    {
      schema: {
        tags,
        summary: "Описание сертификата или полиса ДМС: лица, обращения, доступные изменения",
        params: contractIdParamsSchema,
        response: { 200: contractDetailSchema, ...readErrors },
      },
    },
    async (request) => getContractDetail(db, requireClient(request).clientId, request.params.id),
  );

  app.post(
    "/contracts/:id/persons",
    {
      schema: {
        tags,
        summary: "Добавить «Пациента 2» (до начала действия, только «Пациент 1»)",
        params: contractIdParamsSchema,
        body: addPersonRequestSchema,
        response: { 201: contractDetailSchema, ...changeErrors },
      },
    },
    async (request, reply) => {
      const { clientId } = requireClient(request);
      await addSecondPatient(db, clientId, request.params.id, request.body);
      return reply.code(201).send(await getContractDetail(db, clientId, request.params.id));
    },
  );

  app.post(
    "/contracts/:id/replacement-requests",
    {
      schema: {
        tags,
        summary: "Заявка на замену «Пациента 1» (до начала действия, одна открытая заявка)",
        params: contractIdParamsSchema,
        body: replacementRequestSchema,
        response: { 201: contractDetailSchema, ...changeErrors },
      },
    },
    async (request, reply) => {
      const { clientId } = requireClient(request);
      await requestReplacement(db, clientId, request.params.id, request.body);
      return reply.code(201).send(await getContractDetail(db, clientId, request.params.id));
    },
  );

  app.get(
    "/contracts/:id/print",
    {
      schema: {
        tags,
        summary: "Данные для печати сертификата: номер, срок, программа, лица, телефоны, QR-код",
        params: contractIdParamsSchema,
        response: { 200: contractPrintSchema, ...readErrors },
      },
    },
    async (request) =>
      getContractPrint(
        db,
        requireClient(request).clientId,
        request.params.id,
        siteOrigin(app.config, request),
      ),
  );

  app.get(
    "/contracts/:id/certificate.pdf",
    {
      schema: {
        tags,
        summary: "Сертификат в PDF (A4, с QR-кодом для проверки)",
        params: contractIdParamsSchema,
        produces: ["application/pdf", "application/problem+json"],
        response: {
          200: z.unknown().meta({ description: "PDF-файл (application/pdf)" }),
          ...readErrors,
        },
      },
    },
    async (request, reply) => {
      const print = await getContractPrint(
        db,
        requireClient(request).clientId,
        request.params.id,
        siteOrigin(app.config, request),
      );
      const pdf = await renderCertificatePdf(print);
      return reply
        .type("application/pdf")
        .header("cache-control", "private, no-store")
        .header("content-disposition", `attachment; filename="${certificateFileName(print)}"`)
        .send(pdf);
    },
  );

  app.get(
    "/programs/:id/procedure",
    {
      schema: {
        tags,
        summary: "Порядок получения медицинского обслуживания по программе договора клиента",
        params: z.object({ id: z.uuid("Неверный идентификатор программы") }),
        response: { 200: programProcedureSchema, ...readErrors },
      },
    },
    async (request) => getProgramProcedure(db, requireClient(request).clientId, request.params.id),
  );
};
