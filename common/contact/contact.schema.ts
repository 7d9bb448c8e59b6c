import { z } from "zod";
import { phoneInputSchema } from "../identity/sign-in.schema.ts";
import { emailAddress, userText } from "../text.schema.ts";
import { callbackRefusalMessages, callbackWindowRefusal } from "./callback-window.ts";

const moment = z.iso.datetime({ offset: true });

export const callbackStatusSchema = z.enum(["new", "in_progress", "done", "cancelled"]);
export type CallbackStatus = z.infer<typeof callbackStatusSchema>;

const clockTime = z
  .string({ error: "Укажите время" })
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Укажите время в формате чч:мм");

/** «Когда перезвонить»: as soon as possible, or a window today or tomorrow, Moscow time. */
export const callbackWhenSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("asap") }),
  z
    .object({
      kind: z.literal("window"),
      day: z.enum(["today", "tomorrow"], { error: "Выберите день" }),
      from: clockTime,
      to: clockTime,
    })
    .refine((window) => window.from < window.to, {
      path: ["to"],
      message: "Конец промежутка должен быть позже начала",
    }),
]);
export type CallbackWhen = z.infer<typeof callbackWhenSchema>;

/** «Перезвонить мне». */
export const callbackRequestSchema = z.object({
  /** The account's phone by default; the client may give another. */
  phone: phoneInputSchema,
  when: callbackWhenSchema,
  /** About whom: «Пациент 1» or «Пациент 2» of the contract. */
  personSlot: z.union([z.literal(1), z.literal(2)], { error: "Выберите, о ком звонок" }),
  note: userText({ max: 500, multiline: true }).default(""),
});
export type CallbackRequestInput = z.input<typeof callbackRequestSchema>;

export const callbackSchema = z
  .object({
    id: z.uuid(),
    contractId: z.uuid(),
    contractNumber: z.string(),
    phone: z.string(),
    /** «Имя Отчество» of the person the call is about. */
    personName: z.string(),
    windowStart: moment.nullable(),
    windowEnd: moment.nullable(),
    /** The call is due by then (the end of the window, or half an hour after an «asap» request). */
    dueAt: moment,
    note: z.string().nullable(),
    status: callbackStatusSchema,
    createdAt: moment,
  })
  .meta({ id: "Callback" });
export type Callback = z.infer<typeof callbackSchema>;

export const callbackListSchema = z.object({ callbacks: z.array(callbackSchema) });

export const callbackIdParamsSchema = z.object({ id: z.uuid("Неверный идентификатор заявки") });

/** The guide's limit: «Общий размер файлов не должен превышать 25 МБ.» */
export const MAX_ATTACHMENTS_BYTES = 25 * 1024 * 1024;
export const MAX_ATTACHMENTS = 10;
export const MAX_MESSAGE_LENGTH = 5000;
/** What «Добавить файл» offers; the server judges each file by its content. */
export const ATTACHMENT_ACCEPT = ".pdf,.jpg,.jpeg,.png,.heic,.doc,.docx,.xls,.xlsx,.txt";

/** The text fields of «Отправить сообщение» (the files travel beside them, multipart). */
export const messageFieldsSchema = z.object({
  email: emailAddress(),
  message: userText({
    max: MAX_MESSAGE_LENGTH,
    min: 1,
    multiline: true,
    required: "Напишите сообщение",
  }),
});
export type MessageFields = z.input<typeof messageFieldsSchema>;

export const attachmentSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    mediaType: z.string(),
    sizeBytes: z.number().int(),
  })
  .meta({ id: "Attachment" });

export const replySchema = z
  .object({
    id: z.uuid(),
    body: z.string(),
    authorName: z.string(),
    createdAt: moment,
    /** Unread until the client opens the thread. */
    read: z.boolean(),
  })
  .meta({ id: "MessageReply" });

export const messageStatusSchema = z.enum(["new", "in_progress", "closed"]);

export const clientMessageSchema = z
  .object({
    id: z.uuid(),
    contractId: z.uuid(),
    contractNumber: z.string(),
    email: z.string(),
    body: z.string(),
    status: messageStatusSchema,
    createdAt: moment,
    attachments: z.array(attachmentSchema),
    /** Oldest first, under the message. */
    replies: z.array(replySchema),
    unreadReplies: z.number().int(),
  })
  .meta({ id: "ClientMessage" });
export type ClientMessage = z.infer<typeof clientMessageSchema>;

export const clientMessageListSchema = z.object({
  /** Newest first. */
  messages: z.array(clientMessageSchema),
  unreadReplies: z.number().int(),
});

export const messageIdParamsSchema = z.object({ id: z.uuid("Неверный идентификатор сообщения") });
export const attachmentParamsSchema = z.object({
  id: z.uuid("Неверный идентификатор сообщения"),
  attachmentId: z.uuid("Неверный идентификатор файла"),
});

/**
 * «Перезвонить мне» as the form holds it (strings from its controls); its output is the API's
 * body. `contractId` is chosen on the form only where no contract is given by the page.
 */
export const callbackFormSchema = z
  .object({
    contractId: z.string().min(1, "Выберите договор"),
    phone: z.string(),
    whenKind: z.enum(["asap", "window"]),
    day: z.enum(["today", "tomorrow"]),
    from: z.string(),
    to: z.string(),
    personSlot: z.string().min(1, "Выберите, о ком звонок"),
    note: z.string(),
  })
  .transform((form, ctx) => {
    const body = callbackRequestSchema.safeParse({
      phone: form.phone,
      when:
        form.whenKind === "asap"
          ? { kind: "asap" }
          : { kind: "window", day: form.day, from: form.from, to: form.to },
      personSlot: Number(form.personSlot),
      note: form.note,
    });
    if (!body.success) {
      for (const issue of body.error.issues) {
        // when.to → to: the form's own field names.
        ctx.addIssue({ code: "custom", path: [String(issue.path.at(-1))], message: issue.message });
      }
      return z.NEVER;
    }
    // Checked again by the server against its own clock; here the form says it before sending.
    const refusal =
      body.data.when.kind === "window" ? callbackWindowRefusal(body.data.when, new Date()) : null;
    if (refusal) {
      ctx.addIssue({ code: "custom", path: ["to"], message: callbackRefusalMessages[refusal] });
      return z.NEVER;
    }
    return { contractId: form.contractId, body: body.data };
  });
export type CallbackForm = z.input<typeof callbackFormSchema>;
