import { basename } from "node:path";
import multipart from "@fastify/multipart";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  registryApplyRequestSchema,
  registryApplyResponseSchema,
  registryImportIdParamsSchema,
  registryImportListSchema,
  registryImportSchema,
} from "../../../../common/contracts/import.schema.ts";
import { problemSchema } from "../../../../common/problem.schema.ts";
import { isCleanText } from "../../../../common/text.schema.ts";
import { ADMIN_ONLY } from "../../../plugins/staff-access.ts";
import {
  applyRegistryImport,
  discardRegistryImport,
  recentRegistryImports,
  registryTemplateCsv,
  uploadRegistry,
  viewRegistryImport,
} from "./registry.service.ts";
import { RegistryFileError } from "./registry-file.ts";

/** Uploads are read while streaming and cut off past this size. */
export const REGISTRY_MAX_BYTES = 10 * 1024 * 1024;

const REFUSAL = "Загружать реестры может только администратор.";

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
const registryForm = z.unknown().meta({
  type: "object",
  properties: { file: { type: "string", format: "binary", description: "CSV или XLSX" } },
  required: ["file"],
});

/** «Загрузка реестра»: upload a CSV or XLSX registry, preview its errors, apply it. */
export const registryRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  await app.register(multipart, {
    limits: { fileSize: REGISTRY_MAX_BYTES, files: 1, fields: 0, parts: 1 },
  });

  app.get(
    "/staff/registry-imports",
    {
      schema: {
        tags: ["registry"],
        summary: "Последние загрузки реестра",
        response: { 200: registryImportListSchema, ...errors },
      },
      preHandler: app.requireStaff(ADMIN_ONLY, REFUSAL),
    },
    async () => {
      return { imports: await recentRegistryImports(db) };
    },
  );

  app.get(
    "/staff/registry-imports/template",
    {
      schema: {
        tags: ["registry"],
        summary: "Шаблон реестра (CSV: заголовки и строка-пример)",
        response: { 200: z.string(), 401: problemSchema, 403: problemSchema },
      },
      preHandler: app.requireStaff(ADMIN_ONLY, REFUSAL),
    },
    async (_request, reply) => {
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", 'attachment; filename="rms-registry-template.csv"')
        .send(registryTemplateCsv());
    },
  );

  app.post(
    "/staff/registry-imports",
    {
      schema: {
        tags: ["registry"],
        summary: "Загрузить реестр (CSV или XLSX, до 10 МБ) и получить предпросмотр",
        description:
          "multipart/form-data с одним файлом. Тип определяется по содержимому: XLSX или CSV в " +
          "UTF-8 (с BOM или без) с разделителем «;» или «,». Договоры не меняются до «применить».",
        consumes: ["multipart/form-data"],
        body: registryForm,
        response: { 201: registryImportSchema, ...errors },
      },
      preHandler: app.requireStaff(ADMIN_ONLY, REFUSAL),
    },
    async (request, reply) => {
      if (!request.isMultipart()) {
        throw new RegistryFileError("Отправьте файл реестра формой (multipart/form-data).", 415);
      }
      const part = await request.file();
      if (!part) throw new RegistryFileError("Выберите файл реестра.");
      if (!isCleanText(part.filename)) {
        part.file.resume();
        throw new RegistryFileError(
          "Имя файла содержит недопустимые служебные символы: переименуйте файл и загрузите его снова.",
          400,
        );
      }
      let bytes: Buffer;
      try {
        bytes = await part.toBuffer();
      } catch (error) {
        if (error instanceof app.multipartErrors.RequestFileTooLargeError) {
          throw new RegistryFileError(
            "Файл больше 10 МБ. Разделите реестр на части и загрузите их по очереди.",
            413,
          );
        }
        throw error;
      }
      const fileName = basename(part.filename || "реестр").slice(0, 200);
      const preview = await uploadRegistry(db, request.staff, { fileName, bytes });
      return reply.code(201).send(preview);
    },
  );

  app.get(
    "/staff/registry-imports/:id",
    {
      schema: {
        tags: ["registry"],
        summary: "Предпросмотр загруженного реестра",
        params: registryImportIdParamsSchema,
        response: { 200: registryImportSchema, ...errors },
      },
      preHandler: app.requireStaff(ADMIN_ONLY, REFUSAL),
    },
    async (request) => viewRegistryImport(db, request.staff, request.params.id),
  );

  app.post(
    "/staff/registry-imports/:id/apply",
    {
      schema: {
        tags: ["registry"],
        summary: "Применить реестр: все строки или только корректные",
        description:
          "mode «all» при ошибках в файле — 422, ничего не записывается; «valid-only» записывает " +
          "договоры, все строки которых без ошибок. Всё в одной транзакции. Повторно — 409.",
        params: registryImportIdParamsSchema,
        body: registryApplyRequestSchema,
        response: { 200: registryApplyResponseSchema, ...errors },
      },
      preHandler: app.requireStaff(ADMIN_ONLY, REFUSAL),
    },
    async (request) => {
      return { import: await applyRegistryImport(db, request.params.id, request.body.mode) };
    },
  );

  app.post(
    "/staff/registry-imports/:id/discard",
    {
      schema: {
        tags: ["registry"],
        summary: "Отменить загрузку реестра",
        params: registryImportIdParamsSchema,
        response: { 200: registryApplyResponseSchema, ...errors },
      },
      preHandler: app.requireStaff(ADMIN_ONLY, REFUSAL),
    },
    async (request) => {
      return { import: await discardRegistryImport(db, request.params.id) };
    },
  );
};
