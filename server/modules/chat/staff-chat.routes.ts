import multipart from "@fastify/multipart";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { slotListSchema } from "../../../common/booking/booking.schema.ts";
import {
  chatCloseRequestSchema,
  chatDoctorListSchema,
  chatFileParamsSchema,
  chatIdParamsSchema,
  chatMessageSchema,
  chatOfferRequestSchema,
  chatReceiptRequestSchema,
  chatSpecialtyListSchema,
  chatTemplateInputSchema,
  chatTemplateListSchema,
  chatTemplateSchema,
  chatTransferRequestSchema,
  staffChatContextSchema,
  staffChatListQuerySchema,
  staffChatListSchema,
  staffChatReadQuerySchema,
  staffChatSchema,
  staffChatSlotQuerySchema,
} from "../../../common/chat/chat.schema.ts";
import { problemSchema } from "../../../common/problem.schema.ts";
import { sendDownload } from "../contact/index.ts";
import {
  assertMultipart,
  chatMessageForm,
  chatMultipartLimits,
  FORM_DESCRIPTION,
  refuseOversizedForm,
} from "./chat.routes.ts";
import type { TypingThrottle } from "./chat.service.ts";
import { CHAT_STAFF } from "./chat-messages.service.ts";
import {
  chatTemplates,
  createChatTemplate,
  editChatTemplate,
  removeChatTemplate,
} from "./chat-templates.service.ts";
import {
  chatDoctors,
  chatSpecialties,
  closeChat,
  doctorReceipt,
  doctorTyping,
  offerableSlots,
  offerSlots,
  openStaffChatFile,
  postDoctorMessage,
  staffChatContext,
  staffChatList,
  takeChat,
  transferChat,
  viewStaffChat,
} from "./staff-chat.service.ts";

const tags = ["staff-chat"];
const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
};
const templateIdParamsSchema = z.object({ id: z.uuid("Неверный идентификатор шаблона") });

/** «Чаты» in the console: the doctors' queue, their conversations, hand-overs and templates. */
export const staffChatRoutes: FastifyPluginAsyncZod<{ typing: TypingThrottle }> = async (
  app,
  options,
) => {
  const db = app.database.db;
  const settings = { targetReplyMinutes: app.config.chat.replyTargetMinutes };
  await app.register(multipart, { limits: chatMultipartLimits });
  app.addHook(
    "preHandler",
    app.requireStaff(CHAT_STAFF, "«Чаты с врачом» доступны только врачам и администраторам."),
  );

  app.get(
    "/staff/chats",
    {
      schema: {
        tags,
        summary: "Чаты с врачом: очередь (дольше ждущие первыми), мои или все, со счётчиками",
        querystring: staffChatListQuerySchema,
        response: { 200: staffChatListSchema, ...errors },
      },
    },
    async (request) => staffChatList(db, request.staff, request.query.view, settings),
  );

  app.get(
    "/staff/chats/:id",
    {
      schema: {
        tags,
        summary:
          "Чат с перепиской (записывается в журнал доступа; для завершённого или чужого нужна причина)",
        params: chatIdParamsSchema,
        querystring: staffChatReadQuerySchema,
        response: { 200: staffChatSchema, ...errors },
      },
    },
    async (request) =>
      viewStaffChat(db, request.staff, request.params.id, request.query.reason, settings),
  );

  app.get(
    "/staff/chats/:id/context",
    {
      schema: {
        tags,
        summary:
          "Договор, программа, обращения и прежние чаты пациента (записывается в журнал доступа)",
        params: chatIdParamsSchema,
        querystring: staffChatReadQuerySchema,
        response: { 200: staffChatContextSchema, ...errors },
      },
    },
    async (request) => staffChatContext(db, request.staff, request.params.id, request.query.reason),
  );

  app.post(
    "/staff/chats/:id/take",
    {
      schema: {
        tags,
        summary: "Взять чат в работу (один врач; остальным — 409 с именем взявшего)",
        params: chatIdParamsSchema,
        response: { 200: staffChatSchema, ...errors },
      },
    },
    async (request) => takeChat(db, request.staff, request.params.id, settings),
  );

  app.post(
    "/staff/chats/:id/transfer",
    {
      schema: {
        tags,
        summary: "Передать чат другому врачу с комментарием",
        params: chatIdParamsSchema,
        body: chatTransferRequestSchema,
        response: { 200: staffChatSchema, ...errors },
      },
    },
    async (request) => transferChat(db, request.staff, request.params.id, request.body, settings),
  );

  app.post(
    "/staff/chats/:id/messages",
    {
      schema: {
        tags,
        summary: "Ответить в чате (текст и файлы)",
        description: FORM_DESCRIPTION,
        consumes: ["multipart/form-data"],
        params: chatIdParamsSchema,
        body: chatMessageForm,
        response: { 201: chatMessageSchema, ...errors, 413: problemSchema, 415: problemSchema },
      },
      onRequest: refuseOversizedForm,
    },
    async (request, reply) => {
      assertMultipart(request);
      const message = await postDoctorMessage(
        db,
        app.files,
        request.staff,
        request.params.id,
        request.parts(),
      );
      return reply.code(201).send(message);
    },
  );

  app.post(
    "/staff/chats/:id/receipts",
    {
      schema: {
        tags,
        summary:
          "Отметить сообщения клиента доставленными или прочитанными (учитываются от врача, который ведёт чат)",
        params: chatIdParamsSchema,
        body: chatReceiptRequestSchema,
        response: { 204: z.undefined(), ...errors },
      },
    },
    async (request, reply) => {
      await doctorReceipt(db, request.staff, request.params.id, request.body);
      return reply.code(204).send();
    },
  );

  app.post(
    "/staff/chats/:id/typing",
    {
      schema: {
        tags,
        summary: "Врач печатает: сигнал клиенту (не сохраняется)",
        params: chatIdParamsSchema,
        response: { 204: z.undefined(), ...errors },
      },
    },
    async (request, reply) => {
      await doctorTyping(db, options.typing, request.staff, request.params.id);
      return reply.code(204).send();
    },
  );

  app.post(
    "/staff/chats/:id/close",
    {
      schema: {
        tags,
        summary: "Завершить консультацию: итог, заключение и обращение по договору",
        params: chatIdParamsSchema,
        body: chatCloseRequestSchema,
        response: { 200: staffChatSchema, ...errors },
      },
    },
    async (request) => closeChat(db, request.staff, request.params.id, request.body, settings),
  );

  app.get(
    "/staff/chats/:id/slots",
    {
      schema: {
        tags,
        summary:
          "Свободное время в сети программы пациента чата, с покрытием (для «Предложить время»; записывается в журнал доступа)",
        params: chatIdParamsSchema,
        querystring: staffChatSlotQuerySchema,
        response: { 200: slotListSchema, ...errors },
      },
    },
    async (request) => offerableSlots(db, request.staff, request.params.id, request.query),
  );

  app.post(
    "/staff/chats/:id/offers",
    {
      schema: {
        tags,
        summary: "Предложить в чате до трёх свободных времён; клиент записывается одним нажатием",
        description:
          "Каждое время должно быть свободно и в сети программы пациента (иначе 409 или 400). Повтор с тем же `clientMessageId` отвечает сообщением, сохранённым в первый раз.",
        params: chatIdParamsSchema,
        body: chatOfferRequestSchema,
        response: { 201: chatMessageSchema, ...errors },
      },
    },
    async (request, reply) => {
      const message = await offerSlots(
        db,
        app.files,
        request.staff,
        request.params.id,
        request.body,
      );
      return reply.code(201).send(message);
    },
  );

  app.get(
    "/staff/chat-specialties",
    {
      schema: {
        tags,
        summary: "Специальности сети клиник: что может рекомендовать заключение",
        response: { 200: chatSpecialtyListSchema, ...errors },
      },
    },
    async () => chatSpecialties(db),
  );

  app.get(
    "/staff/chats/:id/files/:fileId",
    {
      schema: {
        tags,
        summary: "Скачать файл из чата (записывается в журнал доступа)",
        params: chatFileParamsSchema,
        querystring: staffChatReadQuerySchema,
        produces: ["application/octet-stream", "application/problem+json"],
        response: { 200: z.unknown().meta({ description: "Файл" }), ...errors },
      },
    },
    async (request, reply) => {
      const file = await openStaffChatFile(
        db,
        app.files,
        request.staff,
        request.params.id,
        request.params.fileId,
        request.query.reason,
      );
      return sendDownload(reply, file);
    },
  );

  app.get(
    "/staff/chat-doctors",
    {
      schema: {
        tags,
        summary: "Врачи, которым можно передать чат",
        response: { 200: chatDoctorListSchema, ...errors },
      },
    },
    async (request) => chatDoctors(db, request.staff),
  );

  app.get(
    "/staff/chat-templates",
    {
      schema: {
        tags,
        summary: "Шаблоны ответов врачей",
        response: { 200: chatTemplateListSchema, ...errors },
      },
    },
    async () => chatTemplates(db),
  );

  app.post(
    "/staff/chat-templates",
    {
      schema: {
        tags,
        summary: "Добавить шаблон ответа",
        body: chatTemplateInputSchema,
        response: { 201: chatTemplateSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createChatTemplate(db, request.staff, request.body)),
  );

  app.put(
    "/staff/chat-templates/:id",
    {
      schema: {
        tags,
        summary: "Изменить шаблон ответа",
        params: templateIdParamsSchema,
        body: chatTemplateInputSchema,
        response: { 200: chatTemplateSchema, ...errors },
      },
    },
    async (request) => editChatTemplate(db, request.staff, request.params.id, request.body),
  );

  app.delete(
    "/staff/chat-templates/:id",
    {
      schema: {
        tags,
        summary: "Удалить шаблон ответа",
        params: templateIdParamsSchema,
        response: { 204: z.undefined(), ...errors },
      },
    },
    async (request, reply) => {
      await removeChatTemplate(db, request.params.id);
      return reply.code(204).send();
    },
  );
};
