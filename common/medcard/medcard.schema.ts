import { z } from "zod";
import { legalDocumentSummarySchema } from "../identity/legal.schema.ts";
import { userText } from "../text.schema.ts";

// «Медкарта» (issue 16, decision 0024): the API contract of the client's cards, the shared view
// («Показать врачу»), the console's side and the clinics' integration. A card is medical secrecy
// (323-FZ art. 13): every answer here goes only to whom the server's access rules allow.

const isoDateTime = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();

export const medcardSubjectSchema = z.enum(["self", "child"]);
export const medcardEntryKindSchema = z.enum(["allergy", "condition", "medication", "blood_group"]);
export type MedcardEntryKind = z.infer<typeof medcardEntryKindSchema>;
export const medcardSourceSchema = z.enum(["patient", "doctor", "clinic"]);
export type MedcardSource = z.infer<typeof medcardSourceSchema>;
export const medcardDocumentTypeSchema = z.enum([
  "conclusion",
  "test_result",
  "referral",
  "discharge",
  "other",
]);
export type MedcardDocumentType = z.infer<typeof medcardDocumentTypeSchema>;

/** The person switcher's item. */
export const medcardCardSummarySchema = z
  .object({
    id: z.uuid(),
    subject: medcardSubjectSchema,
    /** «Иванов Иван Иванович». */
    fullName: z.string(),
    birthDate: isoDate,
  })
  .meta({ id: "MedcardCardSummary" });
export type MedcardCardSummary = z.infer<typeof medcardCardSummarySchema>;

/** GET /api/medcard: the cards this account may read, and whether the health-data consent is still to be given. */
export const medcardHomeSchema = z
  .object({
    /** Null once the current version of the consent to processing health data is accepted. */
    consentRequired: legalDocumentSummarySchema.nullable(),
    cards: z.array(medcardCardSummarySchema),
  })
  .meta({ id: "MedcardHome" });
export type MedcardHome = z.infer<typeof medcardHomeSchema>;

/** Who added an entry or a document: «со слов пациента», a doctor by name, a clinic by name. */
export const medcardAuthorSchema = z.object({
  source: medcardSourceSchema,
  /** The doctor's or the clinic's name; null for the patient. */
  name: z.string().nullable(),
});
export type MedcardAuthor = z.infer<typeof medcardAuthorSchema>;

export const medcardEntrySchema = z
  .object({
    id: z.uuid(),
    kind: medcardEntryKindSchema,
    text: z.string(),
    note: z.string().nullable(),
    author: medcardAuthorSchema,
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
    /** The client may change or remove what it entered itself, never a doctor's entry. */
    editable: z.boolean(),
  })
  .meta({ id: "MedcardEntry" });
export type MedcardEntry = z.infer<typeof medcardEntrySchema>;

export const MEDCARD_ENTRY_TEXT_MAX = 200;
export const MEDCARD_ENTRY_NOTE_MAX = 500;

/**
 * «Группа крови»'s eight choices (ABO × rhesus) in Russian notation, with a true minus sign: the
 * only texts a blood_group entry may hold, in the cabinet, the console and the server alike.
 */
export const MEDCARD_BLOOD_GROUPS = [
  "O(I) Rh+",
  "O(I) Rh−",
  "A(II) Rh+",
  "A(II) Rh−",
  "B(III) Rh+",
  "B(III) Rh−",
  "AB(IV) Rh+",
  "AB(IV) Rh−",
] as const;
export type MedcardBloodGroup = (typeof MEDCARD_BLOOD_GROUPS)[number];

export function isBloodGroup(text: string): text is MedcardBloodGroup {
  return (MEDCARD_BLOOD_GROUPS as readonly string[]).includes(text);
}

export const BLOOD_GROUP_NOT_IN_LIST = "Выберите группу крови из списка";

/** «Добавить» in «Сводка»; also the body of a change. */
export const medcardEntryInputSchema = z
  .object({
    kind: medcardEntryKindSchema,
    text: userText({ max: MEDCARD_ENTRY_TEXT_MAX, min: 1, required: "Заполните поле" }),
    note: userText({ max: MEDCARD_ENTRY_NOTE_MAX, multiline: true })
      .optional()
      .transform((note) => (note ? note : undefined)),
  })
  // Not "MedcardEntryInput": the OpenAPI generator names MedcardEntry's input shape so already.
  .meta({ id: "MedcardEntryCreate" });
export type MedcardEntryInput = z.input<typeof medcardEntryInputSchema>;

/** One item of «Приёмы и консультации». */
export const medcardTimelineItemSchema = z
  .object({
    /** "chat:<uuid>", "appeal:<uuid>", "appointment:<uuid>": unique in the timeline. */
    id: z.string(),
    kind: z.enum(["chat", "appeal", "appointment"]),
    at: isoDateTime,
    /** «Консультация в чате», «Телефонная консультация», «Приём: Терапевт». */
    title: z.string(),
    doctorName: z.string().nullable(),
    clinicName: z.string().nullable(),
    conclusion: z.string().nullable(),
  })
  .meta({ id: "MedcardTimelineItem" });
export type MedcardTimelineItem = z.infer<typeof medcardTimelineItemSchema>;

export const medcardDocumentSchema = z
  .object({
    id: z.uuid(),
    type: medcardDocumentTypeSchema,
    title: z.string(),
    documentDate: isoDate,
    author: medcardAuthorSchema,
    fileName: z.string(),
    mediaType: z.enum(["application/pdf", "image/jpeg", "image/png"]),
    sizeBytes: z.number().int().nonnegative(),
    createdAt: isoDateTime,
    /** The client may remove a document it added itself. */
    removable: z.boolean(),
  })
  .meta({ id: "MedcardDocument" });
export type MedcardDocument = z.infer<typeof medcardDocumentSchema>;

/** A whole card as its reader may see it. */
export const medcardViewSchema = z
  .object({
    card: medcardCardSummarySchema,
    summary: z.array(medcardEntrySchema),
    timeline: z.array(medcardTimelineItemSchema),
    documents: z.array(medcardDocumentSchema),
  })
  .meta({ id: "MedcardView" });
export type MedcardView = z.infer<typeof medcardViewSchema>;

/** «Добавить документ»: the multipart form's fields beside its one file. */
export const medcardDocumentFieldsSchema = z
  .object({
    type: medcardDocumentTypeSchema,
    title: userText({ max: 200, min: 1, required: "Укажите название документа" }),
    documentDate: isoDate,
  })
  .meta({ id: "MedcardDocumentFields" });
export type MedcardDocumentFields = z.infer<typeof medcardDocumentFieldsSchema>;

// «Показать врачу»

/** One hour to 30 days. */
export const MEDCARD_SHARE_MIN_HOURS = 1;
export const MEDCARD_SHARE_MAX_HOURS = 30 * 24;

export const medcardShareInputSchema = z
  .object({
    hours: z
      .number({ error: "Выберите срок" })
      .int()
      .min(MEDCARD_SHARE_MIN_HOURS, "Не меньше часа")
      .max(MEDCARD_SHARE_MAX_HOURS, "Не больше 30 дней"),
    scope: z.enum(["card", "documents"]),
    /** With «documents»: at least one of the card's documents. */
    documentIds: z.array(z.uuid()).max(100).optional(),
  })
  // Not "MedcardShareInput": the OpenAPI generator names MedcardShare's input shape so already.
  .meta({ id: "MedcardShareCreate" });
export type MedcardShareInput = z.infer<typeof medcardShareInputSchema>;

export const medcardShareViewSchema = z.object({
  openedAt: isoDateTime,
  ip: z.string().nullable(),
});

export const medcardShareSchema = z
  .object({
    id: z.uuid(),
    scope: z.enum(["card", "documents"]),
    documentIds: z.array(z.uuid()),
    createdAt: isoDateTime,
    expiresAt: isoDateTime,
    revokedAt: isoDateTime.nullable(),
    status: z.enum(["active", "expired", "revoked"]),
    views: z.array(medcardShareViewSchema),
  })
  .meta({ id: "MedcardShare" });
export type MedcardShare = z.infer<typeof medcardShareSchema>;

/** The answer to a new share: the link and the code, shown once (only their hashes are kept). */
export const medcardShareCreatedSchema = medcardShareSchema
  .extend({ url: z.url(), code: z.string().regex(/^\d{6}$/) })
  .meta({ id: "MedcardShareCreated" });
export type MedcardShareCreated = z.infer<typeof medcardShareCreatedSchema>;

export const medcardShareCodeSchema = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^\d{6}$/, "Введите 6 цифр кода"),
  })
  .meta({ id: "MedcardShareCode" });

/** What the shared view shows: the card (or only the chosen documents) and until when. */
export const medcardSharedViewSchema = medcardViewSchema
  .extend({ expiresAt: isoDateTime, scope: z.enum(["card", "documents"]) })
  .meta({ id: "MedcardSharedView" });
export type MedcardSharedView = z.infer<typeof medcardSharedViewSchema>;

// «Показать врачу», the public side (H2): what the shared page learns of a link before the code.

/** GET /api/medcard-shares/:token: whether the link still opens, so the page can say why not. */
export const medcardShareStatusSchema = z
  .object({
    status: z.enum(["active", "expired", "revoked"]),
    expiresAt: isoDateTime,
  })
  .meta({ id: "MedcardShareStatus" });
export type MedcardShareStatus = z.infer<typeof medcardShareStatusSchema>;

// H1 (the client's cards, the consent, the clinics' documents).

/**
 * POST /api/medcard/consent: the version of the health-data consent the client was shown
 * (`consentRequired.version`); without a body, the current version is accepted.
 */
export const medcardConsentInputSchema = z
  .object({ version: z.number().int().positive() })
  .meta({ id: "MedcardConsentInput" });
export type MedcardConsentInput = z.infer<typeof medcardConsentInputSchema>;

/** POST /api/integration/clinic/medcard/documents: the form's fields beside its one file. */
export const medcardClinicDocumentFieldsSchema = medcardDocumentFieldsSchema
  .extend({
    /** «11/30117742», or the number without its series («30117742»). */
    contractNumber: userText({ max: 64, min: 1, required: "Укажите номер договора" }),
    birthDate: isoDate,
    /** Needed only when two persons of the contract share the birth date. */
    lastName: userText({ max: 100 })
      .optional()
      .transform((lastName) => (lastName ? lastName : undefined)),
    /** The clinic's own id of the document: a repeat with it is the same document. */
    externalId: userText({ max: 200, min: 1, required: "Укажите externalId документа" }),
  })
  .meta({ id: "MedcardClinicDocumentFields" });
export type MedcardClinicDocumentFields = z.infer<typeof medcardClinicDocumentFieldsSchema>;

/** What a clinic gets back: its document as stored (no patient data beyond what it sent). */
export const medcardClinicDocumentSchema = z
  .object({
    id: z.uuid(),
    externalId: z.string(),
    type: medcardDocumentTypeSchema,
    title: z.string(),
    documentDate: isoDate,
    fileName: z.string(),
    mediaType: z.enum(["application/pdf", "image/jpeg", "image/png"]),
    sizeBytes: z.number().int().nonnegative(),
    createdAt: isoDateTime,
  })
  .meta({ id: "MedcardClinicDocument" });
export type MedcardClinicDocument = z.infer<typeof medcardClinicDocumentSchema>;
