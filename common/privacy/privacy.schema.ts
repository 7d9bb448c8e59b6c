import { z } from "zod";
import { smsCodeSchema } from "../identity/sms-code.schema.ts";
import { userText } from "../text.schema.ts";

// «Мои данные и согласия» (issue 17, decision 0029): the consents the client gave, the account's
// deletion, and the requests under 152-FZ that a person answers.

/** One document the client accepted: its newest acceptance, withdrawn or in force. */
export const accountConsentSchema = z
  .object({
    slug: z.string(),
    title: z.string(),
    version: z.number().int(),
    /** `/legal/<slug>`: the document's text. */
    url: z.string(),
    acceptedAt: z.string(),
    /** Asked of everyone at registration and sign-in (the offer, the terms, personal data). */
    required: z.boolean(),
    withdrawnAt: z.string().nullable(),
  })
  .meta({ id: "AccountConsent" });
export type AccountConsent = z.infer<typeof accountConsentSchema>;

export const accountConsentListSchema = z
  .object({ consents: z.array(accountConsentSchema) })
  .meta({ id: "AccountConsentList" });
export type AccountConsentList = z.infer<typeof accountConsentListSchema>;

/** A document's slug (`health-data`): lower-case letters, digits and dashes. */
export const consentSlugParamsSchema = z.object({
  slug: z.string().regex(/^[a-z0-9-]{1,64}$/, "Такого документа нет"),
});

/** What stands in the way of deleting the account now (each the client can clear itself). */
export const deletionBlockers = ["appointments", "chats", "orders"] as const;
export type DeletionBlocker = (typeof deletionBlockers)[number];

/** «Удалить учётную запись», before the code: to which phone it goes, and what stops it. */
export const accountDeletionInfoSchema = z
  .object({
    /** E.164: the account's phone, where the code goes. */
    phone: z.string(),
    blockers: z.array(z.enum(deletionBlockers)),
  })
  .meta({ id: "AccountDeletionInfo" });
export type AccountDeletionInfo = z.infer<typeof accountDeletionInfoSchema>;

export const deletionCodeSentSchema = z
  .object({ resendAfterSeconds: z.number().int(), expiresInSeconds: z.number().int() })
  .meta({ id: "AccountDeletionCodeSent" });
export type DeletionCodeSent = z.infer<typeof deletionCodeSentSchema>;

export const accountDeletionRequestSchema = z.object({ code: smsCodeSchema });
export type AccountDeletionRequest = z.input<typeof accountDeletionRequestSchema>;

export const accountDeletedSchema = z
  .object({ deletedAt: z.string(), purgeDueAt: z.string() })
  .meta({ id: "AccountDeleted" });

// Requests under 152-FZ.

export const privacyRequestKinds = ["correction", "objection", "other"] as const;
export const privacyRequestStatuses = ["new", "in_progress", "closed"] as const;
export type PrivacyRequestKind = (typeof privacyRequestKinds)[number];
export type PrivacyRequestStatus = (typeof privacyRequestStatuses)[number];

export const PRIVACY_REQUEST_MAX = 4000;

/** «Запрос по персональным данным»: the kind and the client's words. */
export const newPrivacyRequestSchema = z.object({
  kind: z.enum(privacyRequestKinds, { error: "Выберите, что вы хотите сделать" }),
  text: userText({
    max: PRIVACY_REQUEST_MAX,
    min: 10,
    multiline: true,
    required: "Опишите запрос — не короче 10 символов",
  }),
});
export type NewPrivacyRequest = z.input<typeof newPrivacyRequestSchema>;

/** A request as its client sees it. */
export const privacyRequestSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(privacyRequestKinds),
    text: z.string(),
    status: z.enum(privacyRequestStatuses),
    /** yyyy-mm-dd (Moscow): the last day of the legal 10 working days. */
    dueDate: z.iso.date(),
    answer: z.string().nullable(),
    createdAt: z.string(),
    closedAt: z.string().nullable(),
  })
  .meta({ id: "PrivacyRequest" });
export type PrivacyRequest = z.infer<typeof privacyRequestSchema>;

export const privacyRequestListSchema = z
  .object({ requests: z.array(privacyRequestSchema) })
  .meta({ id: "PrivacyRequestList" });

export const privacyRequestEnvelopeSchema = z
  .object({ request: privacyRequestSchema })
  .meta({ id: "PrivacyRequestEnvelope" });

// The console's side: «Запросы по 152-ФЗ».

export const staffPrivacyListQuerySchema = z.object({
  status: z.enum(["open", ...privacyRequestStatuses, "all"]).default("open"),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type StaffPrivacyListQuery = z.input<typeof staffPrivacyListQuerySchema>;

export const staffPrivacyRequestSchema = privacyRequestSchema
  .extend({
    client: z.object({
      id: z.uuid(),
      lastName: z.string(),
      firstName: z.string(),
      patronymic: z.string().nullable(),
      phone: z.string(),
      /** The account was deleted since: the request stays, its answer goes nowhere. */
      deleted: z.boolean(),
    }),
    assignedToName: z.string().nullable(),
    closedByName: z.string().nullable(),
    /** Past its due date and not closed (Moscow calendar). */
    overdue: z.boolean(),
  })
  .meta({ id: "StaffPrivacyRequest" });
export type StaffPrivacyRequest = z.infer<typeof staffPrivacyRequestSchema>;

export const staffPrivacyListSchema = z
  .object({ requests: z.array(staffPrivacyRequestSchema), hasMore: z.boolean() })
  .meta({ id: "StaffPrivacyRequestList" });
export type StaffPrivacyList = z.infer<typeof staffPrivacyListSchema>;

export const staffPrivacyEnvelopeSchema = z
  .object({ request: staffPrivacyRequestSchema })
  .meta({ id: "StaffPrivacyRequestEnvelope" });

export const closePrivacyRequestSchema = z.object({
  answer: userText({
    max: PRIVACY_REQUEST_MAX,
    min: 10,
    multiline: true,
    required: "Напишите ответ клиенту — не короче 10 символов",
  }),
});
export type ClosePrivacyRequest = z.input<typeof closePrivacyRequestSchema>;
