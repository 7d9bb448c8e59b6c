import multipart from "@fastify/multipart";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  attachmentParamsSchema,
  callbackIdParamsSchema,
  callbackListSchema,
  callbackRequestSchema,
  callbackSchema,
  clientMessageListSchema,
  clientMessageSchema,
  MAX_ATTACHMENTS,
  MAX_ATTACHMENTS_BYTES,
  MAX_MESSAGE_LENGTH,
  messageIdParamsSchema,
} from "../../../common/contact/contact.schema.ts";
import { contractIdParamsSchema } from "../../../common/contracts/contracts.schema.ts";
import { problemSchema } from "../../../common/problem.schema.ts";
import { EMAIL_MAX_LENGTH } from "../../../common/text.schema.ts";
import { AppError } from "../../errors.ts";
import { requireClient } from "../../plugins/sessions.ts";
import { cancelCallback, listMyCallbacks, requestCallback } from "./callbacks.service.ts";
import { sendDownload } from "./file-download.ts";
import { listMyMessages, openMyAttachment, readThread, sendMessage } from "./messages.service.ts";
import { AttachmentsTooLargeError } from "./multipart-upload.ts";

const tags = ["contact"];
const errors = {
  400: problemSchema,
  401: problemSchema,
  404: problemSchema,
  409: problemSchema,
};
// Room for the text fields and the multipart framing around the files.
const FORM_OVERHEAD_BYTES = 64 * 1024;

/** The form of «Отправить сообщение», for the OpenAPI document: read as a stream, not as a body. */
const messageForm = z.unknown().meta({
  type: "object",
  properties: {
    email: { type: "string", format: "email", maxLength: EMAIL_MAX_LENGTH },
    message: { type: "string", minLength: 1, maxLength: MAX_MESSAGE_LENGTH },
    files: { type: "array", items: { type: "string", format: "binary" } },
  },
  required: ["email", "message"],
});

/** «Перезвонить мне», «Отправить сообщение» and the client's correspondence. */
export const contactRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  await app.register(multipart, {
    limits: {
      // Our own check counts the total of all files; these only stop a body that lies.
      fileSize: MAX_ATTACHMENTS_BYTES + 1,
      files: MAX_ATTACHMENTS + 1,
      fields: 10,
      fieldSize: 64 * 1024,
    },
  });

  app.post(
    "/contracts/:id/callbacks",
    {
      schema: {
        tags,
        summary: "Перезвонить мне: заявка на обратный звонок по договору",
        params: contractIdParamsSchema,
        body: callbackRequestSchema,
        response: { 201: callbackSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { clientId } = requireClient(request);
      const callback = await requestCallback(db, clientId, request.params.id, request.body);
      return reply.code(201).send(callback);
    },
  );

  app.get(
    "/callbacks",
    {
      schema: {
        tags,
        summary: "Заявки клиента на обратный звонок, новые первыми",
        response: { 200: callbackListSchema, 401: problemSchema },
      },
    },
    async (request) => ({ callbacks: await listMyCallbacks(db, requireClient(request).clientId) }),
  );

  app.post(
    "/callbacks/:id/cancel",
    {
      schema: {
        tags,
        summary: "Отменить заявку на обратный звонок",
        params: callbackIdParamsSchema,
        response: { 200: callbackSchema, ...errors },
      },
    },
    async (request) => cancelCallback(db, requireClient(request).clientId, request.params.id),
  );

  app.post(
    "/contracts/:id/messages",
    {
      schema: {
        tags,
        summary: "Отправить сообщение в РМС с файлами",
        description:
          "multipart/form-data: поля `email` и `message`, файлы в поле `files` (PDF, JPG, PNG, HEIC, " +
          "DOC, DOCX, XLS, XLSX, TXT; тип определяется по содержимому). Общий размер файлов — не " +
          "больше 25 МБ: больший запрос обрывается ответом 413, из него ничего не сохраняется.",
        consumes: ["multipart/form-data"],
        params: contractIdParamsSchema,
        body: messageForm,
        response: { 201: clientMessageSchema, ...errors, 413: problemSchema, 415: problemSchema },
      },
      // A body that says it is too big is refused before a byte of it is read.
      onRequest: async (request) => {
        const declared = Number(request.headers["content-length"] ?? 0);
        if (declared > MAX_ATTACHMENTS_BYTES + FORM_OVERHEAD_BYTES) {
          throw new AttachmentsTooLargeError();
        }
      },
    },
    async (request, reply) => {
      const { clientId } = requireClient(request);
      if (!request.isMultipart()) {
        throw new AppError(
          415,
          "not-multipart",
          "Неверный формат запроса",
          "Отправьте сообщение формой (multipart/form-data).",
        );
      }
      const message = await sendMessage(
        db,
        app.files,
        clientId,
        request.params.id,
        request.parts(),
      );
      return reply.code(201).send(message);
    },
  );

  app.get(
    "/messages",
    {
      schema: {
        tags,
        summary: "Переписка клиента: сообщения с ответами, новые первыми",
        querystring: z.object({ contractId: z.uuid("Неверный идентификатор договора").optional() }),
        response: { 200: clientMessageListSchema, ...errors },
      },
    },
    async (request) =>
      listMyMessages(db, requireClient(request).clientId, request.query.contractId),
  );

  app.post(
    "/messages/:id/read",
    {
      schema: {
        tags,
        summary: "Открыть сообщение: ответы на него становятся прочитанными",
        params: messageIdParamsSchema,
        response: { 200: clientMessageSchema, ...errors },
      },
    },
    async (request) => readThread(db, requireClient(request).clientId, request.params.id),
  );

  app.get(
    "/messages/:id/attachments/:attachmentId",
    {
      schema: {
        tags,
        summary: "Скачать файл, приложенный к сообщению",
        params: attachmentParamsSchema,
        produces: ["application/octet-stream", "application/problem+json"],
        response: { 200: z.unknown().meta({ description: "Файл" }), ...errors },
      },
    },
    async (request, reply) => {
      const file = await openMyAttachment(
        db,
        app.files,
        requireClient(request).clientId,
        request.params.id,
        request.params.attachmentId,
      );
      return sendDownload(reply, file);
    },
  );
};
