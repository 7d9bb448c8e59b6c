import { z } from "zod";
import { APPEAL_OUTCOME_MAX } from "../appeals/appeals.schema.ts";
import { userText } from "../text.schema.ts";
import { attachmentSchema, callbackStatusSchema, messageStatusSchema } from "./contact.schema.ts";
import { CALLBACK_TOPICS } from "./visitor-callback.schema.ts";

const moment = z.iso.datetime({ offset: true });

export const queueWhichSchema = z.object({ which: z.enum(["open", "closed"]).default("open") });

const assigneeSchema = z.object({ id: z.uuid(), fullName: z.string() }).nullable();

export const staffCallbackSchema = z
  .object({
    id: z.uuid(),
    /** A client's «Перезвонить мне», a site visitor's «Заказать звонок», or a sales request. */
    source: z.enum(["client", "visitor", "sales"]),
    /** The contract, client and person of a client's request; null for a visitor's. */
    contractId: z.uuid().nullable(),
    contractNumber: z.string().nullable(),
    clientName: z.string().nullable(),
    phone: z.string(),
    personId: z.uuid().nullable(),
    /** The full name of the covered person the call is about. */
    personName: z.string().nullable(),
    /** The name a visitor gave, their topic (CALLBACK_TOPICS) and, for sales, the company. */
    visitorName: z.string().nullable(),
    topic: z.enum(CALLBACK_TOPICS).nullable(),
    companyName: z.string().nullable(),
    windowStart: moment.nullable(),
    windowEnd: moment.nullable(),
    dueAt: moment,
    /** Open and past its due time. */
    overdue: z.boolean(),
    note: z.string().nullable(),
    status: callbackStatusSchema,
    assignedTo: assigneeSchema,
    outcome: z.string().nullable(),
    createdAt: moment,
  })
  .meta({ id: "StaffCallback" });
export type StaffCallback = z.infer<typeof staffCallbackSchema>;

export const staffCallbackListSchema = z.object({ callbacks: z.array(staffCallbackSchema) });

export const staffReplySchema = z.object({
  id: z.uuid(),
  body: z.string(),
  authorName: z.string(),
  createdAt: moment,
  readByClient: z.boolean(),
});

export const staffMessageSchema = z
  .object({
    id: z.uuid(),
    contractId: z.uuid(),
    contractNumber: z.string(),
    clientName: z.string(),
    clientPhone: z.string(),
    email: z.string(),
    body: z.string(),
    status: messageStatusSchema,
    /** Open, unanswered and sent longer ago than the reply time (MESSAGE_REPLY_HOURS). */
    overdue: z.boolean(),
    assignedTo: assigneeSchema,
    createdAt: moment,
    attachments: z.array(attachmentSchema),
    replies: z.array(staffReplySchema),
  })
  .meta({ id: "StaffMessage" });
export type StaffMessage = z.infer<typeof staffMessageSchema>;

export const staffMessageListSchema = z.object({ messages: z.array(staffMessageSchema) });

const outcomeSchema = userText({
  max: APPEAL_OUTCOME_MAX,
  min: 1,
  multiline: true,
  required: "Опишите результат",
});

/**
 * Closing a call-back or a message records an appeal on the contract: its service type, the
 * person (a message names one; a call-back has its own), the handling doctor and the outcome.
 */
export const closeContactSchema = z.object({
  serviceTypeId: z.uuid("Выберите вид услуги"),
  /** Required for a message; a call-back's person is the one it was asked about. */
  personId: z.uuid("Выберите обслуживаемое лицо").optional(),
  /** Omitted by a doctor who handled it themselves. */
  doctorId: z.uuid("Выберите врача").optional(),
  outcome: outcomeSchema,
});
export type CloseContact = z.infer<typeof closeContactSchema>;

/**
 * Closing a call-back: a client's as above (its appeal needs the service type); a visitor's has
 * no contract to record an appeal on, so only its outcome is kept.
 */
export const closeCallbackSchema = closeContactSchema.extend({
  serviceTypeId: z.uuid("Выберите вид услуги").optional(),
});
export type CloseCallback = z.infer<typeof closeCallbackSchema>;

export const replyRequestSchema = z.object({
  body: userText({ max: 5000, min: 1, multiline: true, required: "Напишите ответ" }),
});
