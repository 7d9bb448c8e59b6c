import { z } from "zod";
import { medcardViewSchema } from "../medcard/medcard.schema.ts";
import { dataReadSchema } from "../staff/data-reads.schema.ts";

// «Выгрузить мои данные» (issue 17, decision 0030): the client's export of everything the company
// holds about its account, prepared by a job as a JSON file (the document below, versioned) and a
// readable PDF, downloadable by the account for 24 hours.

const isoDateTime = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();

/** How long the files can be downloaded once ready. */
export const DATA_EXPORT_HOURS = 24;

/** queued: waits for the job; preparing: being gathered; ready: downloadable; failed; expired. */
export const dataExportStatusSchema = z.enum(["queued", "preparing", "ready", "failed", "expired"]);
export type DataExportStatus = z.infer<typeof dataExportStatusSchema>;

const exportFileSchema = z.object({
  /** GET it (signed in as the account) to download. */
  url: z.string(),
  sizeBytes: z.number().int(),
});

/** One export as the page shows it. */
export const dataExportSchema = z
  .object({
    id: z.uuid(),
    status: dataExportStatusSchema,
    requestedAt: isoDateTime,
    readyAt: isoDateTime.nullable(),
    /** The last moment of the download (readyAt + 24 hours); null until ready. */
    expiresAt: isoDateTime.nullable(),
    failedAt: isoDateTime.nullable(),
    /** Only while ready. */
    files: z.object({ json: exportFileSchema, pdf: exportFileSchema }).nullable(),
  })
  .meta({ id: "DataExport" });
export type DataExport = z.infer<typeof dataExportSchema>;

/** GET /api/profile/data-exports: the account's exports, newest first (the last ten). */
export const dataExportListSchema = z
  .object({ exports: z.array(dataExportSchema) })
  .meta({ id: "DataExportList" });
export type DataExportList = z.infer<typeof dataExportListSchema>;

export const dataExportParamsSchema = z.object({
  exportId: z.uuid("Неверный идентификатор выгрузки"),
});

// The export document (format «rms-account-data», version 1). Times are ISO 8601 in UTC, calendar
// dates yyyy-mm-dd, money in kopecks (integers), phones E.164. Codes (statuses, kinds, channels)
// are the system's own values, in English; the PDF words them in Russian. A later version adds
// fields; one that renames or removes a field raises the version.

export const ACCOUNT_DATA_FORMAT = "rms-account-data";
export const ACCOUNT_DATA_VERSION = 1;

const personSchema = z.object({
  id: z.uuid(),
  /** 1 «Пациент 1», 2 «Пациент 2». */
  slot: z.number().int(),
  lastName: z.string(),
  firstName: z.string(),
  patronymic: z.string().nullable(),
  birthDate: isoDate,
  phone: z.string().nullable(),
  email: z.string().nullable(),
  /** Set when another person took the slot. */
  replacedAt: isoDateTime.nullable(),
});

const replacementRequestSchema = z.object({
  id: z.uuid(),
  lastName: z.string(),
  firstName: z.string(),
  patronymic: z.string().nullable(),
  birthDate: isoDate,
  phone: z.string().nullable(),
  email: z.string().nullable(),
  reason: z.string(),
  /** pending, approved, rejected. */
  status: z.string(),
  decidedAt: isoDateTime.nullable(),
  decisionComment: z.string().nullable(),
  createdAt: isoDateTime,
});

const contractSchema = z.object({
  id: z.uuid(),
  /** certificate, dms_policy. */
  kind: z.string(),
  number: z.string(),
  insurerName: z.string().nullable(),
  programCode: z.string(),
  programName: z.string(),
  startsOn: isoDate,
  endsOn: isoDate,
  annulledAt: isoDateTime.nullable(),
  /** How the account came to hold it: phone, number, migration, purchase; and when. */
  linkSource: z.string(),
  linkedAt: isoDateTime,
  persons: z.array(personSchema),
  /** The account's own requests to replace «Пациент 1». */
  replacementRequests: z.array(replacementRequestSchema),
});

const appealSchema = z.object({
  id: z.uuid(),
  contractNumber: z.string(),
  personName: z.string(),
  serviceType: z.string(),
  doctorName: z.string(),
  /** phone, chat, message, callback, clinic. */
  channel: z.string(),
  occurredAt: isoDateTime,
  outcome: z.string(),
});

const callbackSchema = z.object({
  id: z.uuid(),
  contractNumber: z.string().nullable(),
  personName: z.string().nullable(),
  phone: z.string(),
  windowStart: isoDateTime.nullable(),
  windowEnd: isoDateTime.nullable(),
  note: z.string().nullable(),
  /** new, in_progress, done, cancelled. */
  status: z.string(),
  outcome: z.string().nullable(),
  closedAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
});

const fileSchema = z.object({
  name: z.string(),
  mediaType: z.string(),
  sizeBytes: z.number().int(),
});

const messageSchema = z.object({
  id: z.uuid(),
  contractNumber: z.string(),
  email: z.string(),
  body: z.string(),
  /** new, in_progress, closed. */
  status: z.string(),
  createdAt: isoDateTime,
  closedAt: isoDateTime.nullable(),
  attachments: z.array(fileSchema),
  replies: z.array(
    z.object({
      authorName: z.string(),
      body: z.string(),
      createdAt: isoDateTime,
      readAt: isoDateTime.nullable(),
    }),
  ),
});

const chatSchema = z.object({
  id: z.uuid(),
  contractNumber: z.string(),
  personName: z.string(),
  /** waiting, active, closed. */
  status: z.string(),
  doctorName: z.string().nullable(),
  createdAt: isoDateTime,
  closedAt: isoDateTime.nullable(),
  /** recommendations, in_person, clinic_referral, emergency. */
  outcome: z.string().nullable(),
  conclusion: z.string().nullable(),
  ratingScore: z.number().int().nullable(),
  ratingComment: z.string().nullable(),
  messages: z.array(
    z.object({
      id: z.uuid(),
      /** client, doctor, system. */
      author: z.string(),
      /** The doctor's name for a doctor's message. */
      authorName: z.string().nullable(),
      body: z.string(),
      createdAt: isoDateTime,
      readAt: isoDateTime.nullable(),
      files: z.array(fileSchema),
    }),
  ),
});

const appointmentSchema = z.object({
  id: z.uuid(),
  contractNumber: z.string(),
  personName: z.string(),
  clinicName: z.string(),
  clinicAddress: z.string(),
  doctorName: z.string().nullable(),
  serviceName: z.string(),
  startsAt: isoDateTime.nullable(),
  endsAt: isoDateTime.nullable(),
  /** requested, booked, confirmed, completed, cancelled, …: the system's statuses. */
  status: z.string(),
  /** program, letter, paid. */
  coverageKind: z.string(),
  clinicPriceKopecks: z.number().int(),
  companyPriceKopecks: z.number().int(),
  cancelReason: z.string().nullable(),
  requestNote: z.string().nullable(),
  createdAt: isoDateTime,
  history: z.array(
    z.object({
      at: isoDateTime,
      fromStatus: z.string().nullable(),
      toStatus: z.string(),
      /** client, staff, clinic, system. */
      actor: z.string(),
      reason: z.string().nullable(),
    }),
  ),
});

const orderSchema = z.object({
  id: z.uuid(),
  number: z.number().int(),
  /** certificate, visit. */
  kind: z.string(),
  /** awaiting_payment, paid, cancelled, partially_refunded, refunded. */
  status: z.string(),
  totalKopecks: z.number().int(),
  paidKopecks: z.number().int(),
  refundedKopecks: z.number().int(),
  receiptEmail: z.string(),
  createdAt: isoDateTime,
  paidAt: isoDateTime.nullable(),
  items: z.array(
    z.object({
      description: z.string(),
      quantity: z.number().int(),
      unitKopecks: z.number().int(),
      amountKopecks: z.number().int(),
    }),
  ),
  payments: z.array(
    z.object({
      id: z.uuid(),
      provider: z.string(),
      /** bank_card, sbp. */
      method: z.string(),
      amountKopecks: z.number().int(),
      /** creating, pending, succeeded, canceled, superseded. */
      status: z.string(),
      createdAt: isoDateTime,
      succeededAt: isoDateTime.nullable(),
    }),
  ),
  refunds: z.array(
    z.object({
      id: z.uuid(),
      amountKopecks: z.number().int(),
      /** creating, pending, succeeded, canceled. */
      status: z.string(),
      /** cancellation, client, admin, late_payment, double_payment. */
      kind: z.string(),
      reason: z.string().nullable(),
      createdAt: isoDateTime,
      succeededAt: isoDateTime.nullable(),
    }),
  ),
});

const consentSchema = z.object({
  /** The document's address: /legal/<slug>. */
  documentSlug: z.string(),
  documentTitle: z.string(),
  documentVersion: z.number().int(),
  acceptedAt: isoDateTime,
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  /** Set when the consent was withdrawn (the row is kept), with the IP it was withdrawn from. */
  withdrawnAt: isoDateTime.nullable(),
  withdrawnIp: z.string().nullable(),
});

const notificationsSchema = z.object({
  /** The notification centre's notifications, oldest first. */
  inbox: z.array(
    z.object({
      /** chat_reply, message_reply, appointment, reminder, replacement, payment, document, security. */
      kind: z.string(),
      title: z.string(),
      body: z.string(),
      createdAt: isoDateTime,
      readAt: isoDateTime.nullable(),
    }),
  ),
  /** The kinds whose channels the account chose; a kind not listed has the defaults. */
  channels: z.array(
    z.object({
      kind: z.string(),
      sms: z.boolean(),
      email: z.boolean(),
      push: z.boolean(),
      updatedAt: isoDateTime,
    }),
  ),
  /** «Не беспокоить» (Moscow time, HH:mm); null: the default 21:00–09:00, on. */
  quietHours: z
    .object({ enabled: z.boolean(), start: z.string(), end: z.string(), updatedAt: isoDateTime })
    .nullable(),
  /** Browsers subscribed to push: the push service's address and the browser. */
  pushSubscriptions: z.array(
    z.object({ service: z.string(), userAgent: z.string().nullable(), createdAt: isoDateTime }),
  ),
});

const sessionSchema = z.object({
  createdAt: isoDateTime,
  lastSeenAt: isoDateTime,
  expiresAt: isoDateTime,
  revokedAt: isoDateTime.nullable(),
  revokedReason: z.string().nullable(),
  /** «Запомнить пароль». */
  remember: z.boolean(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
});

const securityEventSchema = z.object({
  /** sign_in, sign_out, password_changed, data_export_downloaded, …: the log's kinds. */
  kind: z.string(),
  at: isoDateTime,
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
});

const personalDataRequestSchema = z.object({
  id: z.uuid(),
  /** name, phone. */
  kind: z.string(),
  /** pending, approved, rejected. */
  status: z.string(),
  lastName: z.string().nullable(),
  firstName: z.string().nullable(),
  patronymic: z.string().nullable(),
  birthDate: isoDate.nullable(),
  phone: z.string().nullable(),
  reason: z.string(),
  comment: z.string().nullable(),
  createdAt: isoDateTime,
  decidedAt: isoDateTime.nullable(),
});

/** The JSON file of an export: everything the company holds about the account. */
export const accountDataSchema = z
  .object({
    format: z.literal(ACCOUNT_DATA_FORMAT),
    version: z.literal(ACCOUNT_DATA_VERSION),
    madeAt: isoDateTime,
    account: z.object({
      id: z.uuid(),
      phone: z.string(),
      lastName: z.string(),
      firstName: z.string(),
      patronymic: z.string().nullable(),
      birthDate: isoDate,
      email: z.string(),
      createdAt: isoDateTime,
      updatedAt: isoDateTime,
    }),
    /** The contracts the account holds, with the persons on them (replaced ones too). */
    contracts: z.array(contractSchema),
    /** «Обращения» of those contracts. */
    appeals: z.array(appealSchema),
    /** «Перезвонить мне». */
    callbacks: z.array(callbackSchema),
    /** «Отправить сообщение», with the contact centre's replies. */
    messages: z.array(messageSchema),
    /** «Чат с врачом». */
    chats: z.array(chatSchema),
    appointments: z.array(appointmentSchema),
    /** Orders with their payments and refunds. */
    orders: z.array(orderSchema),
    /** «Медкарта»: the account's card and its children's, as the cabinet shows them. */
    medcards: z.array(medcardViewSchema),
    consents: z.array(consentSchema),
    /** Signed-in browsers. */
    sessions: z.array(sessionSchema),
    /** Sign-ins, failed tries, password and contact changes, downloads of exports. */
    securityLog: z.array(securityEventSchema),
    /** «Личные данные»: requests to change the name or the phone. */
    personalDataRequests: z.array(personalDataRequestSchema),
    /** «Кто смотрел мои данные». */
    dataReads: z.array(dataReadSchema),
    /** «Уведомления»: what the account was told and how it chose to be told. */
    notifications: notificationsSchema,
  })
  .meta({ id: "AccountData" });
export type AccountData = z.infer<typeof accountDataSchema>;
