import multipart from "@fastify/multipart";
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { medcardClinicDocumentSchema } from "../../../common/medcard/medcard.schema.ts";
import { problemSchema } from "../../../common/problem.schema.ts";
import { authenticateClinicBearer } from "../integration/index.ts";
import {
  assertDocumentForm,
  documentFormFields,
  refuseOversizedDocument,
} from "./medcard-documents.routes.ts";
import {
  documentMultipartLimits,
  MEDCARD_DOCUMENT_MAX_BYTES,
} from "./medcard-documents.service.ts";
import { receiveClinicDocument } from "./medcard-integration.service.ts";

const clinicDocumentForm = z.unknown().meta({
  type: "object",
  properties: {
    contractNumber: { type: "string", maxLength: 64 },
    birthDate: { type: "string", format: "date" },
    lastName: { type: "string", maxLength: 100 },
    externalId: { type: "string", maxLength: 200 },
    ...documentFormFields,
  },
  required: ["contractNumber", "birthDate", "externalId", "type", "title", "documentDate", "file"],
});

/** The clinics' side of «Медкарта»: their documents for the persons they served. */
export const medcardIntegrationRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  await app.register(multipart, { limits: documentMultipartLimits });
  // The clinic of the caller's token, found before the body is read.
  const clinicOf = new WeakMap<FastifyRequest, string>();

  app.post(
    "/integration/clinic/medcard/documents",
    {
      schema: {
        tags: ["integration"],
        summary: "Документ клиники в медкарту пациента (заключение, анализы, направление, выписка)",
        description: [
          "Для токена клиники (выпускает администратор в консоли, «Интеграция», с выбранной",
          "клиникой); без токена или с отозванным — 401, с токеном без клиники — 403.",
          "",
          "multipart/form-data: contractNumber (номер сертификата или полиса ДМС, можно без серии",
          "«11/»), birthDate (ГГГГ-ММ-ДД) — пациент ищется среди текущих пациентов договора с этой",
          "датой рождения; lastName — нужна, только если таких пациентов двое (иначе 409);",
          "externalId — код документа в системе клиники; type (conclusion, test_result, referral,",
          "discharge, other), title, documentDate (не позже сегодняшней) и один файл в поле `file`:",
          `PDF, JPG или PNG (по содержимому), не больше ${MEDCARD_DOCUMENT_MAX_BYTES / 1024 / 1024} МБ.`,
          "",
          "201 — документ сохранён; повтор с тем же externalId от той же клиники — 200 и тот же",
          "документ, второй файл не сохраняется (документ не меняется). Пациент не найден — 404;",
          "ошибка в полях — 400 с ошибками по полям. Документ виден в медкарте пациента и в",
          "медкартах детей до 15 лет у владельцев договора.",
        ].join("\n"),
        security: [{ integrationToken: [] }],
        consumes: ["multipart/form-data"],
        body: clinicDocumentForm,
        response: {
          200: medcardClinicDocumentSchema,
          201: medcardClinicDocumentSchema,
          400: problemSchema,
          401: problemSchema,
          403: problemSchema,
          404: problemSchema,
          409: problemSchema,
          413: problemSchema,
          415: problemSchema,
        },
      },
      // The token first, so a stranger learns nothing of the form's rules.
      onRequest: async (request) => {
        const token = await authenticateClinicBearer(db, request.headers.authorization);
        clinicOf.set(request, token.clinicId);
        await refuseOversizedDocument(request);
      },
    },
    async (request, reply) => {
      assertDocumentForm(request);
      const clinicId = clinicOf.get(request);
      if (!clinicId) throw new Error("the clinic's token was not checked");
      const { created, document } = await receiveClinicDocument(
        db,
        app.files,
        clinicId,
        request.parts(),
      );
      return reply.code(created ? 201 : 200).send(document);
    },
  );
};
