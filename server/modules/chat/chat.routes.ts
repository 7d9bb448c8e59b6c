import multipart from "@fastify/multipart";
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  chatConversationListSchema,
  chatConversationSchema,
  chatFileParamsSchema,
  chatIdParamsSchema,
  chatMessageSchema,
  chatOptionsSchema,
  chatRatingRequestSchema,
  chatReceiptRequestSchema,
  MAX_CHAT_FILES,
  MAX_CHAT_MESSAGE_LENGTH,
} from "../../../common/chat/chat.schema.ts";
import { problemSchema } from "../../../common/problem.schema.ts";
import { AppError } from "../../errors.ts";
import { requireClient } from "../../plugins/sessions.ts";
import { AttachmentsTooLargeError, sendDownload } from "../contact/index.ts";
import {
  chatOptions,
  clientReceipt,
  clientTyping,
  listMyConversations,
  myConversation,
  openMyFile,
  postClientMessage,
  rateConversation,
  startConversation,
  type TypingThrottle,
} from "./chat.service.ts";
import { MAX_CHAT_FILES_BYTES } from "./chat-messages.service.ts";

const tags = ["chat"];
const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
};
// Room for the text fields and the multipart framing around the files.
const FORM_OVERHEAD_BYTES = 64 * 1024;

const messageFields = {
  clientMessageId: { type: "string", format: "uuid" },
  body: { type: "string", maxLength: MAX_CHAT_MESSAGE_LENGTH },
  files: { type: "array", maxItems: MAX_CHAT_FILES, items: { type: "string", format: "binary" } },
};

/** The message form, for the OpenAPI document: read as a stream, not as a body. */
export const chatMessageForm = z.unknown().meta({
  type: "object",
  properties: messageFields,
  required: ["clientMessageId"],
});
const startForm = z.unknown().meta({
  type: "object",
  properties: {
    clientConversationId: { type: "string", format: "uuid" },
    personId: { type: "string", format: "uuid" },
    ...messageFields,
  },
  required: ["clientConversationId", "personId", "clientMessageId"],
});

export const FORM_DESCRIPTION =
  "multipart/form-data: текст в поле `body`, до 5 файлов в поле `files` (PDF, JPG, PNG, HEIC, DOC, " +
  "DOCX, XLS, XLSX, TXT; тип определяется по содержимому), всего не больше 25 МБ. Нужен текст или " +
  "файл. Повтор с тем же `clientMessageId` не создаёт второго сообщения, а возвращает первое.";

/** A body that says it is too big is refused before a byte of it is read. */
export async function refuseOversizedForm(request: FastifyRequest): Promise<void> {
  const declared = Number(request.headers["content-length"] ?? 0);
  if (declared > MAX_CHAT_FILES_BYTES + FORM_OVERHEAD_BYTES) throw new AttachmentsTooLargeError();
}

export function assertMultipart(request: FastifyRequest): void {
  if (!request.isMultipart()) {
    throw new AppError(
      415,
      "not-multipart",
      "Неверный формат запроса",
      "Отправьте сообщение формой (multipart/form-data).",
    );
  }
}

/** The multipart limits of a chat form: our own check counts the total; these stop a lying body. */
export const chatMultipartLimits = {
  fileSize: MAX_CHAT_FILES_BYTES + 1,
  files: MAX_CHAT_FILES + 1,
  fields: 10,
  fieldSize: 64 * 1024,
};

/** «Чат с врачом» in the cabinet: the client's conversations with the company's doctors. */
export const chatRoutes: FastifyPluginAsyncZod<{ typing: TypingThrottle }> = async (
  app,
  options,
) => {
  const db = app.database.db;
  const target = app.config.chat.replyTargetMinutes;
  await app.register(multipart, { limits: chatMultipartLimits });

  app.get(
    "/chat/options",
    {
      schema: {
        tags,
        summary: "Новый чат: для кого можно открыть консультацию и обычное время ответа врача",
        response: { 200: chatOptionsSchema, 401: problemSchema },
      },
    },
    async (request) => chatOptions(db, requireClient(request).clientId, target),
  );

  app.get(
    "/chat/conversations",
    {
      schema: {
        tags,
        summary: "Чаты клиента с врачом: открытые первыми, затем завершённые с заключениями",
        response: { 200: chatConversationListSchema, 401: problemSchema },
      },
    },
    async (request) => listMyConversations(db, requireClient(request).clientId),
  );

  app.post(
    "/chat/conversations",
    {
      schema: {
        tags,
        summary: "Новый чат с врачом: для кого и первое сообщение с файлами",
        description: `${FORM_DESCRIPTION} Повтор с тем же \`clientConversationId\` возвращает тот же чат.`,
        consumes: ["multipart/form-data"],
        body: startForm,
        response: {
          201: chatConversationSchema,
          ...errors,
          413: problemSchema,
          415: problemSchema,
        },
      },
      onRequest: refuseOversizedForm,
    },
    async (request, reply) => {
      const { clientId } = requireClient(request);
      assertMultipart(request);
      const conversation = await startConversation(db, app.files, clientId, request.parts());
      return reply.code(201).send(conversation);
    },
  );

  app.get(
    "/chat/conversations/:id",
    {
      schema: {
        tags,
        summary: "Чат с врачом со всей перепиской",
        params: chatIdParamsSchema,
        response: { 200: chatConversationSchema, ...errors },
      },
    },
    async (request) => myConversation(db, requireClient(request).clientId, request.params.id),
  );

  app.post(
    "/chat/conversations/:id/messages",
    {
      schema: {
        tags,
        summary: "Написать врачу в чат (текст и файлы)",
        description: FORM_DESCRIPTION,
        consumes: ["multipart/form-data"],
        params: chatIdParamsSchema,
        body: chatMessageForm,
        response: { 201: chatMessageSchema, ...errors, 413: problemSchema, 415: problemSchema },
      },
      onRequest: refuseOversizedForm,
    },
    async (request, reply) => {
      const { clientId } = requireClient(request);
      assertMultipart(request);
      const message = await postClientMessage(
        db,
        app.files,
        clientId,
        request.params.id,
        request.parts(),
      );
      return reply.code(201).send(message);
    },
  );

  app.post(
    "/chat/conversations/:id/receipts",
    {
      schema: {
        tags,
        summary: "Отметить сообщения врача доставленными или прочитанными (до указанного)",
        params: chatIdParamsSchema,
        body: chatReceiptRequestSchema,
        response: { 204: z.undefined(), ...errors },
      },
    },
    async (request, reply) => {
      await clientReceipt(db, requireClient(request).clientId, request.params.id, request.body);
      return reply.code(204).send();
    },
  );

  app.post(
    "/chat/conversations/:id/typing",
    {
      schema: {
        tags,
        summary: "Клиент печатает: сигнал врачу (не сохраняется)",
        params: chatIdParamsSchema,
        response: { 204: z.undefined(), ...errors },
      },
    },
    async (request, reply) => {
      await clientTyping(db, options.typing, requireClient(request).clientId, request.params.id);
      return reply.code(204).send();
    },
  );

  app.post(
    "/chat/conversations/:id/rating",
    {
      schema: {
        tags,
        summary: "Оценить завершённую консультацию (1–5 и комментарий; повторная оценка заменяет)",
        params: chatIdParamsSchema,
        body: chatRatingRequestSchema,
        response: { 200: chatConversationSchema, ...errors },
      },
    },
    async (request) =>
      rateConversation(db, requireClient(request).clientId, request.params.id, request.body),
  );

  app.get(
    "/chat/conversations/:id/files/:fileId",
    {
      schema: {
        tags,
        summary: "Скачать файл из чата с врачом",
        params: chatFileParamsSchema,
        produces: ["application/octet-stream", "application/problem+json"],
        response: { 200: z.unknown().meta({ description: "Файл" }), ...errors },
      },
    },
    async (request, reply) => {
      const file = await openMyFile(
        db,
        app.files,
        requireClient(request).clientId,
        request.params.id,
        request.params.fileId,
      );
      return sendDownload(reply, file);
    },
  );
};
