import { basename } from "node:path";
import multipart from "@fastify/multipart";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  CLINIC_IMPORT_MAX_BYTES,
  clinicImportClinicsSchema,
  clinicImportIdParamsSchema,
  clinicImportKindSchema,
  clinicImportResponseSchema,
  clinicImportSchema,
  clinicImportUploadQuerySchema,
} from "../../../common/booking/clinic-import.schema.ts";
import { problemSchema } from "../../../common/problem.schema.ts";
import { isCleanText } from "../../../common/text.schema.ts";
import { ADMIN_ONLY } from "../../plugins/staff-access.ts";
import {
  applyClinicImport,
  ClinicImportFileError,
  clinicImportChoices,
  clinicImportTemplateCsv,
  discardClinicImport,
  getClinicImport,
  previewClinicImport,
} from "./clinic-import.service.ts";

const REFUSAL = "Загружать прайс-листы и врачей клиник может только администратор.";

const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  413: problemSchema,
  415: problemSchema,
  422: problemSchema,
};

/** The upload form, for the OpenAPI document: the file is read as a stream, not as a body. */
const uploadForm = z.unknown().meta({
  type: "object",
  properties: { file: { type: "string", format: "binary", description: "CSV или XLSX" } },
  required: ["file"],
});

/**
 * A clinic's price list or doctors from CSV/XLSX (/staff/clinics/import): upload for a preview,
 * then «Загрузить» or «Отменить». Under /api/staff.
 */
export const clinicImportRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  await app.register(multipart, {
    limits: { fileSize: CLINIC_IMPORT_MAX_BYTES, files: 1, fields: 0, parts: 1 },
  });
  const admin = app.requireStaff(ADMIN_ONLY, REFUSAL);

  app.get(
    "/clinic-imports/clinics",
    {
      schema: {
        tags: ["clinic-import"],
        summary: "Клиники и специальности для загрузки прайс-листа или врачей",
        response: { 200: clinicImportClinicsSchema, ...errors },
      },
      preHandler: admin,
    },
    async () => clinicImportChoices(db),
  );

  app.get(
    "/clinic-imports/template",
    {
      schema: {
        tags: ["clinic-import"],
        summary: "Образец файла (CSV: заголовки и строка-пример)",
        querystring: z.object({ kind: clinicImportKindSchema }),
        response: { 200: z.string(), ...errors },
      },
      preHandler: admin,
    },
    async (request, reply) => {
      const { kind } = request.query;
      return reply
        .type("text/csv; charset=utf-8")
        .header(
          "content-disposition",
          `attachment; filename="rms-clinic-${kind === "prices" ? "prices" : "doctors"}.csv"`,
        )
        .send(clinicImportTemplateCsv(kind));
    },
  );

  app.post(
    "/clinic-imports",
    {
      schema: {
        tags: ["clinic-import"],
        summary: "Загрузить прайс-лист или врачей клиники (CSV или XLSX, до 5 МБ): предпросмотр",
        description:
          "multipart/form-data с одним файлом; клиника и вид (prices — прайс-лист, doctors — " +
          "врачи) в строке запроса. Тип файла определяется по содержимому: XLSX или CSV в UTF-8 " +
          "с разделителем «;» или «,». Каждая строка — новая, изменённая (что меняется), без " +
          "изменений или с ошибкой. Клиника не меняется до «apply».",
        consumes: ["multipart/form-data"],
        querystring: clinicImportUploadQuerySchema,
        body: uploadForm,
        response: { 201: clinicImportSchema, ...errors },
      },
      preHandler: admin,
    },
    async (request, reply) => {
      if (!request.isMultipart()) {
        throw new ClinicImportFileError("Отправьте файл формой (multipart/form-data).", 415);
      }
      const part = await request.file();
      if (!part) throw new ClinicImportFileError("Выберите файл.");
      if (!isCleanText(part.filename)) {
        part.file.resume();
        throw new ClinicImportFileError(
          "Имя файла содержит недопустимые служебные символы: переименуйте файл и загрузите его снова.",
          400,
        );
      }
      let bytes: Buffer;
      try {
        bytes = await part.toBuffer();
      } catch (error) {
        if (error instanceof app.multipartErrors.RequestFileTooLargeError) {
          throw new ClinicImportFileError(
            "Файл больше 5 МБ. Разделите его на части и загрузите их по очереди.",
            413,
          );
        }
        throw error;
      }
      const fileName = basename(part.filename || "файл").slice(0, 200);
      const preview = await previewClinicImport(db, request.staff, {
        ...request.query,
        fileName,
        bytes,
      });
      return reply.code(201).send(preview);
    },
  );

  app.get(
    "/clinic-imports/:id",
    {
      schema: {
        tags: ["clinic-import"],
        summary: "Предпросмотр загруженного файла клиники",
        params: clinicImportIdParamsSchema,
        response: { 200: clinicImportSchema, ...errors },
      },
      preHandler: admin,
    },
    async (request) => getClinicImport(db, request.params.id),
  );

  app.post(
    "/clinic-imports/:id/apply",
    {
      schema: {
        tags: ["clinic-import"],
        summary: "«Загрузить»: записать новые и изменённые строки в одной транзакции",
        description:
          "Строки с ошибками не записываются; услуги и врачи, которых нет в файле, не меняются. " +
          "Услуги — по коду в клинике, врачи — по коду врача или ФИО и специальности. Повторно — 409.",
        params: clinicImportIdParamsSchema,
        response: { 200: clinicImportResponseSchema, ...errors },
      },
      preHandler: admin,
    },
    async (request) => ({
      import: await applyClinicImport(db, request.staff, request.params.id),
    }),
  );

  app.post(
    "/clinic-imports/:id/discard",
    {
      schema: {
        tags: ["clinic-import"],
        summary: "Отменить загрузку файла клиники",
        params: clinicImportIdParamsSchema,
        response: { 200: clinicImportResponseSchema, ...errors },
      },
      preHandler: admin,
    },
    async (request) => ({ import: await discardClinicImport(db, request.params.id) }),
  );
};
