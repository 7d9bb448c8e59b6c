import multipart from "@fastify/multipart";
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { medcardDocumentSchema } from "../../../common/medcard/medcard.schema.ts";
import { problemSchema } from "../../../common/problem.schema.ts";
import { AppError } from "../../errors.ts";
import { requireClient } from "../../plugins/sessions.ts";
import {
  addMyDocument,
  DOCUMENT_FORM_OVERHEAD_BYTES,
  DocumentTooLargeError,
  documentMultipartLimits,
  MEDCARD_DOCUMENT_MAX_BYTES,
  openMyDocumentFile,
  removeMyDocument,
} from "./medcard-documents.service.ts";
import { sendCardDocumentFile } from "./medcard-view.service.ts";

const tags = ["medcard"];
const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
};

const cardParamsSchema = z.object({ cardId: z.uuid("Медкарта не найдена") });
const documentParamsSchema = cardParamsSchema.extend({
  documentId: z.uuid("Документ не найден"),
});
const fileQuerySchema = z.object({
  /** 1: as an attachment («Скачать»); otherwise shown in the browser. */
  download: z.enum(["0", "1"]).optional(),
});

/** The document form, for the OpenAPI document: read as a stream, not as a body. */
export const documentFormFields = {
  type: { type: "string", enum: ["conclusion", "test_result", "referral", "discharge", "other"] },
  title: { type: "string", maxLength: 200 },
  documentDate: { type: "string", format: "date" },
  file: { type: "string", format: "binary" },
};
const documentForm = z.unknown().meta({
  type: "object",
  properties: documentFormFields,
  required: ["type", "title", "documentDate", "file"],
});

export const DOCUMENT_FORM_DESCRIPTION =
  "multipart/form-data: тип (type), название (title), дата документа (documentDate, ГГГГ-ММ-ДД, не " +
  "позже сегодняшней) и один файл в поле `file` — PDF, JPG или PNG (тип определяется по " +
  `содержимому), не больше ${MEDCARD_DOCUMENT_MAX_BYTES / 1024 / 1024} МБ.`;

/** A body that says it is too big is refused before a byte of it is read. */
export async function refuseOversizedDocument(request: FastifyRequest): Promise<void> {
  const declared = Number(request.headers["content-length"] ?? 0);
  if (declared > MEDCARD_DOCUMENT_MAX_BYTES + DOCUMENT_FORM_OVERHEAD_BYTES) {
    throw new DocumentTooLargeError();
  }
}

export function assertDocumentForm(request: FastifyRequest): void {
  if (!request.isMultipart()) {
    throw new AppError(
      415,
      "not-multipart",
      "Неверный формат запроса",
      "Отправьте документ формой (multipart/form-data).",
    );
  }
}

/** «Документы» of a card in the cabinet: add, view or download, remove one's own. */
export const medcardDocumentsRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  await app.register(multipart, { limits: documentMultipartLimits });
  // Medical secrecy: no browser or proxy keeps a copy of an answer.
  app.addHook("onSend", async (_request, reply) => {
    reply.header("cache-control", "private, no-store");
  });

  app.post(
    "/medcard/cards/:cardId/documents",
    {
      schema: {
        tags,
        summary: "Добавить документ в медкарту",
        description: DOCUMENT_FORM_DESCRIPTION,
        consumes: ["multipart/form-data"],
        params: cardParamsSchema,
        body: documentForm,
        response: { 201: medcardDocumentSchema, ...errors, 413: problemSchema, 415: problemSchema },
      },
      onRequest: refuseOversizedDocument,
    },
    async (request, reply) => {
      assertDocumentForm(request);
      const document = await addMyDocument(
        db,
        app.files,
        requireClient(request).clientId,
        request.params.cardId,
        request.parts(),
      );
      return reply.code(201).send(document);
    },
  );

  app.get(
    "/medcard/cards/:cardId/documents/:documentId/file",
    {
      schema: {
        tags,
        summary: "Файл документа: показать в браузере или скачать (?download=1)",
        params: documentParamsSchema,
        querystring: fileQuerySchema,
        produces: ["application/pdf", "image/jpeg", "image/png", "application/problem+json"],
        response: { 200: z.unknown().meta({ description: "PDF, JPEG или PNG" }), ...errors },
      },
    },
    async (request, reply) => {
      const file = await openMyDocumentFile(
        db,
        app.files,
        requireClient(request).clientId,
        request.params.cardId,
        request.params.documentId,
      );
      return sendCardDocumentFile(reply, file, { download: request.query.download === "1" });
    },
  );

  app.delete(
    "/medcard/cards/:cardId/documents/:documentId",
    {
      schema: {
        tags,
        summary: "Удалить свой документ из медкарты",
        description: "Документ врача или клиники клиент не удаляет (403).",
        params: documentParamsSchema,
        response: { 204: z.undefined(), ...errors },
      },
    },
    async (request, reply) => {
      await removeMyDocument(
        db,
        requireClient(request).clientId,
        request.params.cardId,
        request.params.documentId,
      );
      return reply.code(204).send();
    },
  );
};
