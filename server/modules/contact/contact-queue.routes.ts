import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  attachmentParamsSchema,
  callbackIdParamsSchema,
  messageIdParamsSchema,
} from "../../../common/contact/contact.schema.ts";
import {
  closeCallbackSchema,
  closeContactSchema,
  queueWhichSchema,
  replyRequestSchema,
  staffCallbackListSchema,
  staffCallbackSchema,
  staffMessageListSchema,
  staffMessageSchema,
} from "../../../common/contact/contact-queue.schema.ts";
import { queueSummarySchema } from "../../../common/contact/queue-summary.schema.ts";
import { problemSchema } from "../../../common/problem.schema.ts";
import {
  callbackQueue,
  closeCallback,
  closeMessage,
  messageQueue,
  openMessageAttachment,
  replyToMessage,
  takeCallback,
  takeMessage,
  viewMessage,
} from "./contact-queue.service.ts";
import { sendDownload } from "./file-download.ts";
import { queueSummary } from "./queue-summary.service.ts";

const tags = ["staff-contact"];
const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
};

/** The contact centre's queues in the console: call-backs and messages, for every staff role. */
export const contactQueueRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  // Every queue is open to every staff role.
  app.addHook("preHandler", app.requireStaff());

  app.get(
    "/staff/queues/summary",
    {
      schema: {
        tags,
        summary:
          "Сколько ждёт в очередях: новые, просроченные и взятые вами (без записи в журнал доступа)",
        response: { 200: queueSummarySchema, ...errors },
      },
    },
    async (request) => queueSummary(db, request.staff),
  );

  app.get(
    "/staff/callbacks",
    {
      schema: {
        tags,
        summary: "Очередь обратных звонков: открытые по сроку, просроченные отмечены",
        querystring: queueWhichSchema,
        response: { 200: staffCallbackListSchema, ...errors },
      },
    },
    async (request) => ({
      callbacks: await callbackQueue(db, request.staff, request.query.which),
    }),
  );

  app.post(
    "/staff/callbacks/:id/take",
    {
      schema: {
        tags,
        summary: "Взять заявку на обратный звонок в работу",
        params: callbackIdParamsSchema,
        response: { 200: staffCallbackSchema, ...errors },
      },
    },
    async (request) => takeCallback(db, request.staff, request.params.id),
  );

  app.post(
    "/staff/callbacks/:id/close",
    {
      schema: {
        tags,
        summary:
          "Закрыть обратный звонок: результат и обращение по договору (у заявки посетителя сайта — только результат)",
        params: callbackIdParamsSchema,
        body: closeCallbackSchema,
        response: { 200: staffCallbackSchema, ...errors },
      },
    },
    async (request) => closeCallback(db, request.staff, request.params.id, request.body),
  );

  app.get(
    "/staff/messages",
    {
      schema: {
        tags,
        summary: "Очередь сообщений клиентов: открытые, дольше ждущие первыми",
        querystring: queueWhichSchema,
        response: { 200: staffMessageListSchema, ...errors },
      },
    },
    async (request) => ({
      messages: await messageQueue(db, request.staff, request.query.which),
    }),
  );

  app.get(
    "/staff/messages/:id",
    {
      schema: {
        tags,
        summary: "Сообщение клиента с файлами и ответами (записывается в журнал доступа)",
        params: messageIdParamsSchema,
        response: { 200: staffMessageSchema, ...errors },
      },
    },
    async (request) => viewMessage(db, request.staff, request.params.id),
  );

  app.get(
    "/staff/messages/:id/attachments/:attachmentId",
    {
      schema: {
        tags,
        summary: "Скачать файл клиента (записывается в журнал доступа)",
        params: attachmentParamsSchema,
        produces: ["application/octet-stream", "application/problem+json"],
        response: { 200: z.unknown().meta({ description: "Файл" }), ...errors },
      },
    },
    async (request, reply) => {
      const file = await openMessageAttachment(
        db,
        app.files,
        request.staff,
        request.params.id,
        request.params.attachmentId,
      );
      return sendDownload(reply, file);
    },
  );

  app.post(
    "/staff/messages/:id/take",
    {
      schema: {
        tags,
        summary: "Взять сообщение в работу",
        params: messageIdParamsSchema,
        response: { 200: staffMessageSchema, ...errors },
      },
    },
    async (request) => takeMessage(db, request.staff, request.params.id),
  );

  app.post(
    "/staff/messages/:id/replies",
    {
      schema: {
        tags,
        summary: "Ответить на сообщение: ответ в переписке клиента и письмо на его e-mail",
        params: messageIdParamsSchema,
        body: replyRequestSchema,
        response: { 200: staffMessageSchema, ...errors },
      },
    },
    async (request) => replyToMessage(db, request.staff, request.params.id, request.body.body),
  );

  app.post(
    "/staff/messages/:id/close",
    {
      schema: {
        tags,
        summary: "Закрыть сообщение и записать обращение по договору",
        params: messageIdParamsSchema,
        body: closeContactSchema,
        response: { 200: staffMessageSchema, ...errors },
      },
    },
    async (request) => closeMessage(db, request.staff, request.params.id, request.body),
  );
};
