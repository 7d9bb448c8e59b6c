import { Readable } from "node:stream";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { problemSchema } from "../../../common/problem.schema.ts";
import { requireClient } from "../../plugins/sessions.ts";
import { attachmentDisposition } from "../contact/index.ts";
import { medcardExtract, medcardFhirExport } from "./medcard-export.service.ts";
import { sendCardDocumentFile } from "./medcard-view.service.ts";

const tags = ["medcard"];
const params = z.object({ cardId: z.uuid("Неверный идентификатор медкарты") });
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };

/** «Выписка» (PDF) and «Скачать в формате FHIR» of the client's own card or its child's. */
export const medcardExportRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;

  app.get(
    "/medcard/cards/:cardId/extract.pdf",
    {
      schema: {
        tags,
        summary: "Выписка из медицинской карты (PDF: сводка, приёмы и консультации, документы)",
        params,
        produces: ["application/pdf", "application/problem+json"],
        response: {
          200: z.unknown().meta({ description: "PDF-файл (application/pdf)" }),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const { fileName, pdf } = await medcardExtract(
        db,
        requireClient(request).clientId,
        request.params.cardId,
      );
      // Opened in the browser's viewer, like the card's own PDFs, with their headers.
      return sendCardDocumentFile(
        reply,
        {
          name: fileName,
          mediaType: "application/pdf",
          sizeBytes: pdf.length,
          stream: Readable.from([pdf]),
        },
        { download: false },
      );
    },
  );

  app.get(
    "/medcard/cards/:cardId/fhir",
    {
      schema: {
        tags,
        summary: "Медкарта в формате FHIR R4 (Bundle типа collection), для загрузки",
        params,
        produces: ["application/fhir+json", "application/problem+json"],
        response: {
          200: z.unknown().meta({ description: "FHIR R4 Bundle (application/fhir+json)" }),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const { fileName, bundle } = await medcardFhirExport(
        db,
        requireClient(request).clientId,
        request.params.cardId,
      );
      return reply
        .type("application/fhir+json; charset=utf-8")
        .header("content-disposition", attachmentDisposition(fileName))
        .header("x-content-type-options", "nosniff")
        .header("cache-control", "private, no-store")
        .send(JSON.stringify(bundle));
    },
  );
};
