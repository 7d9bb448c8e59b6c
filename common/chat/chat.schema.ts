import { z } from "zod";
import { bookingClinicSchema, coverageSchema } from "../booking/booking.schema.ts";
import { userText } from "../text.schema.ts";

/**
 * «Чат с врачом»: the contract between the server (server/modules/chat), the cabinet
 * (web/cabinet/chat) and the console (web/staff/chat).
 *
 * Client (a signed-in cabinet session):
 *   GET  /api/chat/options                                → chatOptionsSchema («Для кого», reply time)
 *   GET  /api/chat/conversations                          → chatConversationListSchema
 *   POST /api/chat/conversations           (multipart: chatStartFieldsSchema + files) → 201 chatConversationSchema
 *   GET  /api/chat/conversations/:id                      → chatConversationSchema (the whole history)
 *   POST /api/chat/conversations/:id/messages (multipart: chatMessageFieldsSchema + files) → 201 chatMessageSchema
 *   POST /api/chat/conversations/:id/receipts  chatReceiptRequestSchema → 204
 *   POST /api/chat/conversations/:id/typing                → 204
 *   POST /api/chat/conversations/:id/rating    chatRatingRequestSchema  → chatConversationSchema
 *   GET  /api/chat/conversations/:id/files/:fileId         → the file's bytes (checked download)
 *
 * Staff (doctor or admin):
 *   GET  /api/staff/chats?view=queue|mine|all             → staffChatListSchema
 *   GET  /api/staff/chats/:id?reason=…                    → staffChatSchema (audited; `reason` is required
 *                                                           for a closed chat or another doctor's)
 *   GET  /api/staff/chats/:id/context?reason=…            → staffChatContextSchema (audited)
 *   POST /api/staff/chats/:id/take                        → staffChatSchema, 409 with the holder's name
 *   POST /api/staff/chats/:id/transfer  chatTransferRequestSchema → staffChatSchema
 *   POST /api/staff/chats/:id/messages  (multipart: chatMessageFieldsSchema + files) → 201 chatMessageSchema
 *   POST /api/staff/chats/:id/receipts  chatReceiptRequestSchema → 204
 *   POST /api/staff/chats/:id/typing                       → 204
 *   POST /api/staff/chats/:id/close     chatCloseRequestSchema → staffChatSchema
 *   GET  /api/staff/chats/:id/slots?specialtyId&clinicId&from&to → slotListSchema (free times of the
 *                                                           person's network, with coverage; audited)
 *   POST /api/staff/chats/:id/offers    chatOfferRequestSchema → 201 chatMessageSchema (up to three
 *                                                           free times; the client books one with
 *                                                           POST /api/appointments)
 *   GET  /api/staff/chat-specialties                       → chatSpecialtyListSchema (the network's)
 *   GET  /api/staff/chats/:id/files/:fileId               → the file's bytes (audited)
 *   GET  /api/staff/chat-doctors                          → chatDoctorListSchema (whom to hand a chat to)
 *   GET  /api/staff/chat-templates                        → chatTemplateListSchema
 *   POST /api/staff/chat-templates      chatTemplateInputSchema → 201 chatTemplateSchema
 *   PUT  /api/staff/chat-templates/:id  chatTemplateInputSchema → chatTemplateSchema
 *   DELETE /api/staff/chat-templates/:id                  → 204
 *
 * Live (the existing streams /api/events and /api/staff/events) carry the chat.* events of
 * server/plugins/events.ts with ids only; a browser refetches what changed. `chat.typing` is a
 * signal, not a stored event: it has no `id:` and is never replayed.
 */

const moment = z.iso.datetime({ offset: true });

/** Files of a chat message: the rules of «Отправить сообщение» (25 MB in all), at most 5. */
export const MAX_CHAT_FILES = 5;
export const MAX_CHAT_MESSAGE_LENGTH = 4000;
export const MAX_CONCLUSION_LENGTH = 4000;

/** waiting: no doctor yet; active: a doctor took it; closed: «Завершить консультацию» was done. */
export const chatStatusSchema = z.enum(["waiting", "active", "closed"]);
export type ChatStatus = z.infer<typeof chatStatusSchema>;

/** What «Завершить консультацию» records. */
export const chatOutcomeSchema = z.enum([
  "recommendations",
  "in_person",
  "clinic_referral",
  "emergency",
]);
export type ChatOutcome = z.infer<typeof chatOutcomeSchema>;

/** Read marks of one message, as the other side's devices reported them. */
export const chatDeliverySchema = z.enum(["sent", "delivered", "read"]);
export type ChatDelivery = z.infer<typeof chatDeliverySchema>;

export const chatIdParamsSchema = z.object({ id: z.uuid("Неверный идентификатор чата") });
export const chatFileParamsSchema = z.object({
  id: z.uuid("Неверный идентификатор чата"),
  fileId: z.uuid("Неверный идентификатор файла"),
});

/** The id the browser gives a message (and a new chat) before sending: a retry sends it again. */
const clientKey = z.uuid("Неверный идентификатор сообщения");

/** The text fields of a message (the files travel beside them, multipart, in the field `files`). */
export const chatMessageFieldsSchema = z.object({
  clientMessageId: clientKey,
  /** May be empty when files are attached; the server refuses a message with neither. */
  body: userText({ max: MAX_CHAT_MESSAGE_LENGTH, multiline: true }).default(""),
});
export type ChatMessageFields = z.input<typeof chatMessageFieldsSchema>;

/** «Новый чат»: for whom, and the first message. */
export const chatStartFieldsSchema = chatMessageFieldsSchema.extend({
  /** The id of the conversation to be, given by the browser, so a retry does not open a second. */
  clientConversationId: clientKey,
  /** A covered person of one of the account's active contracts whose program includes chat. */
  personId: z.uuid("Выберите, для кого консультация"),
});
export type ChatStartFields = z.input<typeof chatStartFieldsSchema>;

export const chatFileSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    mediaType: z.string(),
    sizeBytes: z.number().int(),
  })
  .meta({ id: "ChatFile" });
export type ChatFile = z.infer<typeof chatFileSchema>;

/**
 * A time a doctor offered in the chat, as it stands now for the chat's person: free (one tap books
 * it), booked by this person (with the appointment), taken by someone else, or past.
 */
export const chatOfferedSlotStateSchema = z.enum(["free", "booked", "taken", "past"]);
export type ChatOfferedSlotState = z.infer<typeof chatOfferedSlotStateSchema>;

export const chatOfferedSlotSchema = z
  .object({
    /** The slot's id: POST /api/appointments {slotId, personId} books it. */
    id: z.uuid(),
    startsAt: moment,
    endsAt: moment,
    doctor: z.object({
      id: z.uuid(),
      name: z.string(),
      specialty: z.object({ id: z.uuid(), name: z.string() }),
    }),
    clinic: bookingClinicSchema,
    state: chatOfferedSlotStateSchema,
    /** What it costs the person now; null unless it is free. */
    coverage: coverageSchema.nullable(),
    /** The person's appointment on it (state booked). */
    appointmentId: z.uuid().nullable(),
  })
  .meta({ id: "ChatOfferedSlot" });
export type ChatOfferedSlot = z.infer<typeof chatOfferedSlotSchema>;

/** A doctor offers at most this many free times in one message. */
export const MAX_OFFERED_SLOTS = 3;

export const chatMessageSchema = z
  .object({
    id: z.uuid(),
    clientMessageId: z.uuid().nullable(),
    /** Who wrote it: the client, a doctor, or the system (a hand-over, the closing). */
    author: z.enum(["client", "doctor", "system"]),
    /** «Иванов Иван» for the client; «Петрова Анна Сергеевна» for a doctor; null for system. */
    authorName: z.string().nullable(),
    /** The doctor's specialty, shown beside their name. */
    authorSpecialty: z.string().nullable(),
    /** Plain text, shown as text, never as HTML. */
    body: z.string(),
    files: z.array(chatFileSchema),
    createdAt: moment,
    /** How far the other side got with it. */
    delivery: chatDeliverySchema,
    /** The free times a doctor offered in this message (empty for any other message). */
    offeredSlots: z.array(chatOfferedSlotSchema),
  })
  .meta({ id: "ChatMessage" });
export type ChatMessage = z.infer<typeof chatMessageSchema>;

export const chatDoctorSchema = z
  .object({ id: z.uuid(), name: z.string(), specialty: z.string().nullable() })
  .meta({ id: "ChatDoctor" });
export type ChatDoctor = z.infer<typeof chatDoctorSchema>;

export const chatConclusionSchema = z
  .object({
    outcome: chatOutcomeSchema,
    /** For «нужна очная консультация»: the specialty to see. */
    specialty: z.string().nullable(),
    text: z.string(),
    doctorName: z.string(),
    closedAt: moment,
  })
  .meta({ id: "ChatConclusion" });
export type ChatConclusion = z.infer<typeof chatConclusionSchema>;

export const chatRatingSchema = z.object({
  score: z.number().int(),
  comment: z.string().nullable(),
});

/** One conversation as the client sees it. `messages` is empty in lists, whole in the detail. */
export const chatConversationSchema = z
  .object({
    id: z.uuid(),
    clientConversationId: z.uuid(),
    status: chatStatusSchema,
    /** The covered person the consultation is for. */
    personId: z.uuid(),
    personName: z.string(),
    contractId: z.uuid(),
    contractNumber: z.string(),
    /** Who took it, once a doctor did. */
    doctor: chatDoctorSchema.nullable(),
    createdAt: moment,
    lastMessageAt: moment,
    /** The newest message's text (or «Файл»), for the list. */
    lastMessagePreview: z.string(),
    /** The doctor's messages the client has not read yet. */
    unread: z.number().int(),
    conclusion: chatConclusionSchema.nullable(),
    /** The specialty the conclusion recommends, as the network knows it: «Записаться» books it. */
    recommendedSpecialty: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    rating: chatRatingSchema.nullable(),
    messages: z.array(chatMessageSchema),
  })
  .meta({ id: "ChatConversation" });
export type ChatConversation = z.infer<typeof chatConversationSchema>;

export const chatConversationListSchema = z
  .object({
    /** Open ones first (newest activity first), then closed ones (newest first). */
    conversations: z.array(chatConversationSchema),
  })
  .meta({ id: "ChatConversationList" });

/** Someone a chat may be opened for: a covered person of an active contract with chat. */
export const chatPersonOptionSchema = z
  .object({
    personId: z.uuid(),
    /** «Иванов Иван Иванович». */
    name: z.string(),
    contractId: z.uuid(),
    contractNumber: z.string(),
    programName: z.string(),
    /** This person is the account's own holder (shown as «Я»). */
    isAccountHolder: z.boolean(),
  })
  .meta({ id: "ChatPersonOption" });
export type ChatPersonOption = z.infer<typeof chatPersonOptionSchema>;

export const chatOptionsSchema = z
  .object({
    /** Empty: the account has no active contract whose program includes chat consultations. */
    persons: z.array(chatPersonOptionSchema),
    /** The last day's median wait for a doctor's first answer, in whole minutes; null with no data. */
    typicalReplyMinutes: z.number().int().nullable(),
    /** The target reply time (escalation after it), in minutes. */
    targetReplyMinutes: z.number().int(),
  })
  .meta({ id: "ChatOptions" });
export type ChatOptions = z.infer<typeof chatOptionsSchema>;

/** «Доставлено» / «Прочитано»: every message of the other side up to this one. */
export const chatReceiptRequestSchema = z.object({
  upToMessageId: z.uuid("Неверный идентификатор сообщения"),
  state: z.enum(["delivered", "read"]),
});
export type ChatReceiptRequest = z.infer<typeof chatReceiptRequestSchema>;

export const chatRatingRequestSchema = z.object({
  score: z
    .number({ error: "Поставьте оценку от 1 до 5" })
    .int("Поставьте оценку от 1 до 5")
    .min(1, "Поставьте оценку от 1 до 5")
    .max(5, "Поставьте оценку от 1 до 5"),
  comment: userText({ max: 1000, multiline: true }).default(""),
});
export type ChatRatingRequest = z.input<typeof chatRatingRequestSchema>;

// ——— Staff ———

export const staffChatViewSchema = z.enum(["queue", "mine", "all"]);
export type StaffChatView = z.infer<typeof staffChatViewSchema>;

export const staffChatListQuerySchema = z.object({
  view: staffChatViewSchema.default("queue"),
});

/** One chat in the console's lists. */
export const staffChatSummarySchema = z
  .object({
    id: z.uuid(),
    status: chatStatusSchema,
    personName: z.string(),
    /** Whole years on the day of the list. */
    personAge: z.number().int().nullable(),
    programName: z.string(),
    contractNumber: z.string(),
    doctor: chatDoctorSchema.nullable(),
    createdAt: moment,
    lastMessageAt: moment,
    lastMessagePreview: z.string(),
    /** Since when the client waits for a doctor's answer; null when the doctor spoke last. */
    waitingSince: moment.nullable(),
    /** Waiting longer than the target reply time. */
    overdue: z.boolean(),
    /** The client's messages not yet read on the doctor's side. */
    unread: z.number().int(),
  })
  .meta({ id: "StaffChatSummary" });
export type StaffChatSummary = z.infer<typeof staffChatSummarySchema>;

export const staffChatListSchema = z
  .object({
    chats: z.array(staffChatSummarySchema),
    /** For the tabs and «Обзор»: waiting in the queue, mine in progress, overdue (any). */
    counts: z.object({
      queue: z.number().int(),
      mine: z.number().int(),
      overdue: z.number().int(),
    }),
    targetReplyMinutes: z.number().int(),
  })
  .meta({ id: "StaffChatList" });
export type StaffChatList = z.infer<typeof staffChatListSchema>;

export const staffChatReadQuerySchema = z.object({
  /** Why a closed chat, or one another doctor holds, is opened: written to the audit log. */
  reason: userText({ max: 300 }).optional(),
});

export const chatTransferSchema = z
  .object({ from: z.string(), to: z.string(), note: z.string(), at: moment })
  .meta({ id: "ChatTransfer" });

/** A chat as the doctor works it. */
export const staffChatSchema = z
  .object({
    id: z.uuid(),
    status: chatStatusSchema,
    personId: z.uuid(),
    personName: z.string(),
    personBirthDate: z.string(),
    personAge: z.number().int().nullable(),
    contractId: z.uuid(),
    contractNumber: z.string(),
    programName: z.string(),
    /** The account's holder: whom an SMS goes to. */
    clientName: z.string(),
    doctor: chatDoctorSchema.nullable(),
    createdAt: moment,
    waitingSince: moment.nullable(),
    overdue: z.boolean(),
    messages: z.array(chatMessageSchema),
    transfers: z.array(chatTransferSchema),
    conclusion: chatConclusionSchema.nullable(),
    rating: chatRatingSchema.nullable(),
    /** What the signed-in staff member may do now. */
    canTake: z.boolean(),
    canReply: z.boolean(),
  })
  .meta({ id: "StaffChat" });
export type StaffChat = z.infer<typeof staffChatSchema>;

/** What the doctor sees beside the chat: the person's contract, program, appeals, earlier chats. */
export const staffChatContextSchema = z
  .object({
    contract: z.object({
      id: z.uuid(),
      number: z.string(),
      kind: z.string(),
      validFrom: z.string(),
      validTo: z.string(),
    }),
    program: z.object({ name: z.string(), coverage: z.string() }),
    appeals: z.array(
      z.object({
        id: z.uuid(),
        occurredAt: moment,
        serviceType: z.string(),
        personName: z.string(),
        doctorName: z.string().nullable(),
        result: z.string().nullable(),
      }),
    ),
    earlierChats: z.array(
      z.object({
        id: z.uuid(),
        createdAt: moment,
        closedAt: moment.nullable(),
        doctorName: z.string().nullable(),
        outcome: chatOutcomeSchema.nullable(),
        conclusion: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: "StaffChatContext" });
export type StaffChatContext = z.infer<typeof staffChatContextSchema>;

export const chatTransferRequestSchema = z.object({
  toDoctorId: z.uuid("Выберите врача из списка"),
  note: userText({ max: 1000, multiline: true, min: 1, required: "Напишите, что передаёте" }),
});
export type ChatTransferRequest = z.input<typeof chatTransferRequestSchema>;

export const chatCloseRequestSchema = z
  .object({
    outcome: chatOutcomeSchema,
    /** For «нужна очная консультация»: one of the network's specialties (chat-specialties). */
    // "" stands for none (a form's empty choice).
    specialtyId: z.union([z.uuid("Выберите специальность из списка"), z.literal("")]).optional(),
    conclusion: userText({
      max: MAX_CONCLUSION_LENGTH,
      min: 1,
      multiline: true,
      required: "Напишите заключение",
    }),
  })
  .refine((close) => close.outcome !== "in_person" || Boolean(close.specialtyId), {
    path: ["specialtyId"],
    message: "Выберите специальность врача для очной консультации",
  });
export type ChatCloseRequest = z.input<typeof chatCloseRequestSchema>;

export const chatSpecialtyListSchema = z
  .object({ specialties: z.array(z.object({ id: z.uuid(), name: z.string() })) })
  .meta({ id: "ChatSpecialtyList" });

/** «Предложить время»: up to three free times of the person's network, and a short message. */
export const chatOfferRequestSchema = z.object({
  clientMessageId: clientKey,
  slotIds: z
    .array(z.uuid("Неверный идентификатор времени"))
    .min(1, "Выберите хотя бы одно время")
    .max(MAX_OFFERED_SLOTS, `Можно предложить не больше ${MAX_OFFERED_SLOTS} времён`)
    .refine((ids) => new Set(ids).size === ids.length, "Одно и то же время выбрано дважды"),
  body: userText({
    max: MAX_CHAT_MESSAGE_LENGTH,
    min: 1,
    multiline: true,
    required: "Напишите пару слов к предложенному времени",
  }),
});
export type ChatOfferRequest = z.input<typeof chatOfferRequestSchema>;

/** The picker's search: the person's network, a specialty, a clinic, a day. */
export const staffChatSlotQuerySchema = z.object({
  specialtyId: z.uuid("Неверный идентификатор специальности").optional(),
  clinicId: z.uuid("Неверный идентификатор клиники").optional(),
  from: z.iso
    .datetime({ offset: true, error: "Укажите начало периода как дату и время ISO 8601" })
    .optional(),
  to: z.iso
    .datetime({ offset: true, error: "Укажите конец периода как дату и время ISO 8601" })
    .optional(),
});

export const chatDoctorListSchema = z
  .object({ doctors: z.array(chatDoctorSchema) })
  .meta({ id: "ChatDoctorList" });

export const chatTemplateInputSchema = z.object({
  title: userText({ max: 100, min: 1, required: "Назовите шаблон" }),
  body: userText({ max: 2000, min: 1, multiline: true, required: "Напишите текст шаблона" }),
});
export type ChatTemplateInput = z.input<typeof chatTemplateInputSchema>;

export const chatTemplateSchema = z
  .object({ id: z.uuid(), title: z.string(), body: z.string(), updatedAt: moment })
  .meta({ id: "ChatTemplate" });
export type ChatTemplate = z.infer<typeof chatTemplateSchema>;

export const chatTemplateListSchema = z
  .object({ templates: z.array(chatTemplateSchema) })
  .meta({ id: "ChatTemplateList" });
