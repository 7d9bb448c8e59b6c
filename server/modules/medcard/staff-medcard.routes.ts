import multipart from "@fastify/multipart";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  medcardDocumentSchema,
  medcardEntryInputSchema,
  medcardEntrySchema,
  medcardViewSchema,
} from "../../../common/medcard/medcard.schema.ts";
import {
  staffMedcardCardParamsSchema,
  staffMedcardDocumentParamsSchema,
  staffMedcardFileQuerySchema,
  staffMedcardOpenedSchema,
  staffMedcardOpenSchema,
} from "../../../common/medcard/staff-medcard.schema.ts";
import { problemSchema } from "../../../common/problem.schema.ts";
import {
  assertDocumentForm,
  DOCUMENT_FORM_DESCRIPTION,
  documentFormFields,
  refuseOversizedDocument,
} from "./medcard-documents.routes.ts";
import { documentMultipartLimits } from "./medcard-documents.service.ts";
import { sendCardDocumentFile } from "./medcard-view.service.ts";
import {
  addDoctorDocument,
  addDoctorEntry,
  MEDCARD_DOCTORS_ONLY,
  openCard,
  openedCardFile,
  viewOpenedCard,
} from "./staff-medcard.service.ts";

const tags = ["staff-medcard"];
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };
/** The form of «Добавить документ», for the OpenAPI document: read as a stream, not as a body. */
const documentForm = z.unknown().meta({
  type: "object",
  properties: documentFormFields,
  required: ["type", "title", "documentDate", "file"],
});

/** «Медкарта пациента» in the console: doctors only, opened from a chat or an appeal with a reason. */
export const staffMedcardRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  await app.register(multipart, { limits: documentMultipartLimits });
  app.addHook("preHandler", app.requireStaff(["doctor"], MEDCARD_DOCTORS_ONLY));

  app.post(
    "/staff/medcard/open",
    {
      schema: {
        tags,
        summary:
          "Открыть медкарту пациента из чата или обращения с причиной (записывается в журнал доступа, клиент её видит)",
        body: staffMedcardOpenSchema,
        response: { 200: staffMedcardOpenedSchema, ...errors },
      },
    },
    async (request) => openCard(db, request.staff, request.body),
  );

  app.get(
    "/staff/medcard/cards/:cardId",
    {
      schema: {
        tags,
        summary: "Медкарта, открытая этим врачом с причиной не раньше 12 часов назад (в журнал)",
        params: staffMedcardCardParamsSchema,
        response: { 200: medcardViewSchema, ...errors },
      },
    },
    async (request) => viewOpenedCard(db, request.staff, request.params.cardId),
  );

  app.post(
    "/staff/medcard/cards/:cardId/entries",
    {
      schema: {
        tags,
        summary: "Запись врача в «Сводку» (клиент её не меняет; в журнал)",
        params: staffMedcardCardParamsSchema,
        body: medcardEntryInputSchema,
        response: { 201: medcardEntrySchema, ...errors },
      },
    },
    async (request, reply) => {
      const entry = await addDoctorEntry(db, request.staff, request.params.cardId, request.body);
      return reply.code(201).send(entry);
    },
  );

  app.post(
    "/staff/medcard/cards/:cardId/documents",
    {
      schema: {
        tags,
        summary: "Документ врача в медкарте (клиент его не удаляет; в журнал)",
        description: DOCUMENT_FORM_DESCRIPTION,
        consumes: ["multipart/form-data"],
        params: staffMedcardCardParamsSchema,
        body: documentForm,
        response: { 201: medcardDocumentSchema, ...errors, 413: problemSchema, 415: problemSchema },
      },
      onRequest: refuseOversizedDocument,
    },
    async (request, reply) => {
      assertDocumentForm(request);
      const document = await addDoctorDocument(
        db,
        app.files,
        request.staff,
        request.params.cardId,
        request.parts(),
      );
      return reply.code(201).send(document);
    },
  );

  app.get(
    "/staff/medcard/cards/:cardId/documents/:documentId/file",
    {
      schema: {
        tags,
        summary: "Файл документа медкарты: открыть или, с download=1, скачать (в журнал)",
        params: staffMedcardDocumentParamsSchema,
        querystring: staffMedcardFileQuerySchema,
        produces: ["application/pdf", "image/jpeg", "image/png", "application/problem+json"],
        response: { 200: z.unknown().meta({ description: "PDF, JPEG или PNG" }), ...errors },
      },
    },
    async (request, reply) => {
      const download = request.query.download === "1";
      const file = await openedCardFile(db, app.files, request.staff, {
        ...request.params,
        download,
      });
      return sendCardDocumentFile(reply, file, { download });
    },
  );
};
