import { z } from "zod";
import { parseRussianPhone } from "../format/phone.ts";
import { birthDateInputSchema, PERSON_NAME, personName } from "../identity/registration.schema.ts";
import { EMAIL_MAX_LENGTH, EMAIL_TOO_LONG, userText } from "../text.schema.ts";

export const contractKindSchema = z.enum(["certificate", "dms_policy"]);
export type ContractKind = z.infer<typeof contractKindSchema>;

export const contractStatusSchema = z.enum(["not-started", "active", "expired", "annulled"]);

const isoDate = z.iso.date();

export const contractIdParamsSchema = z.object({
  id: z.uuid("Неверный идентификатор договора"),
});

/** One line of «Мои договоры». */
export const contractListItemSchema = z
  .object({
    id: z.uuid(),
    kind: contractKindSchema,
    number: z.string(),
    programName: z.string(),
    startsOn: isoDate,
    endsOn: isoDate,
    status: contractStatusSchema,
  })
  .meta({ id: "ContractListItem" });

export const contractListSchema = z
  .object({
    /** Newest first by start date. */
    contracts: z.array(contractListItemSchema),
    /**
     * A certificate bought today shows here by this date: its data reaches the system within 2
     * business days of the purchase (footnote 1 of the guide).
     */
    purchasedTodayVisibleBy: isoDate,
  })
  .meta({ id: "ContractList" });
export type ContractList = z.infer<typeof contractListSchema>;
export type ContractListItem = z.infer<typeof contractListItemSchema>;

export const coveredPersonSchema = z
  .object({
    slot: z.union([z.literal(1), z.literal(2)]),
    lastName: z.string(),
    firstName: z.string(),
    patronymic: z.string().nullable(),
  })
  .meta({ id: "CoveredPerson" });
export type CoveredPerson = z.infer<typeof coveredPersonSchema>;

export const appealChannelSchema = z.enum(["phone", "chat", "message", "callback", "clinic"]);

export const contractAppealSchema = z
  .object({
    id: z.uuid(),
    occurredAt: z.iso.datetime({ offset: true }),
    serviceType: z.string(),
    /** «Имя Отчество» of the covered person who received the service. */
    personName: z.string(),
    doctorName: z.string(),
    channel: appealChannelSchema,
    outcome: z.string(),
  })
  .meta({ id: "ContractAppeal" });

/**
 * Why a change is not possible for this viewer: the contract has started, the viewer is not
 * «Пациент 1», the program covers one person, «Пациент 2» is already there, a request is pending.
 */
export const changeRefusalSchema = z.enum([
  "started",
  "not-patient-1",
  "one-person",
  "slot-taken",
  "request-pending",
]);
export type ChangeRefusal = z.infer<typeof changeRefusalSchema>;

const changeSchema = z.object({
  allowed: z.boolean(),
  refusal: changeRefusalSchema.nullable(),
});

export const replacementRequestStatusSchema = z.enum(["pending", "approved", "rejected"]);

export const replacementRequestSummarySchema = z
  .object({
    id: z.uuid(),
    status: replacementRequestStatusSchema,
    lastName: z.string(),
    firstName: z.string(),
    patronymic: z.string().nullable(),
    createdAt: z.iso.datetime({ offset: true }),
    decidedAt: z.iso.datetime({ offset: true }).nullable(),
    decisionComment: z.string().nullable(),
  })
  .meta({ id: "ReplacementRequestSummary" });
export type ReplacementRequestSummary = z.infer<typeof replacementRequestSummarySchema>;

export const contractDetailSchema = z
  .object({
    id: z.uuid(),
    kind: contractKindSchema,
    number: z.string(),
    /** The insurance company of a DMS policy; null for a certificate. */
    insurerName: z.string().nullable(),
    startsOn: isoDate,
    endsOn: isoDate,
    status: contractStatusSchema,
    program: z.object({
      id: z.uuid(),
      name: z.string(),
      description: z.string(),
      /** What is covered, as safe HTML rendered from the program's Markdown. */
      coverageHtml: z.string(),
      maxPersons: z.number().int(),
    }),
    persons: z.array(coveredPersonSchema),
    /** Newest first. */
    appeals: z.array(contractAppealSchema),
    /** What the signed-in viewer may change, and why not when they may not. */
    changes: z.object({
      addPatient2: changeSchema,
      replacePatient1: changeSchema,
    }),
    /** The open request to replace «Пациент 1», or the last decided one. */
    replacementRequest: replacementRequestSummarySchema.nullable(),
  })
  .meta({ id: "ContractDetail" });
export type ContractDetail = z.infer<typeof contractDetailSchema>;

export const programProcedureSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    /** «Порядок получения медицинского обслуживания» as safe HTML. */
    procedureHtml: z.string(),
  })
  .meta({ id: "ProgramProcedure" });
export type ProgramProcedure = z.infer<typeof programProcedureSchema>;

/** What the print page and the PDF show. */
export const contractPrintSchema = z
  .object({
    kind: contractKindSchema,
    number: z.string(),
    insurerName: z.string().nullable(),
    startsOn: isoDate,
    endsOn: isoDate,
    programName: z.string(),
    persons: z.array(coveredPersonSchema.extend({ birthDate: isoDate })),
    phones: z.array(z.object({ label: z.string(), display: z.string(), tel: z.string() })),
    /** The public page the QR code leads to. */
    verifyUrl: z.string(),
    /** The QR code as an SVG document. */
    qrSvg: z.string(),
  })
  .meta({ id: "ContractPrint" });
export type ContractPrint = z.infer<typeof contractPrintSchema>;

/** An optional mobile phone as typed; "" means none; otherwise E.164 after parsing. */
const optionalPhoneSchema = z
  .string()
  .trim()
  .default("")
  .transform((value, ctx) => {
    if (value === "") return null;
    const phone = parseRussianPhone(value);
    if (!phone) {
      ctx.addIssue({ code: "custom", message: "Введите мобильный номер: +7 9XX XXX-XX-XX" });
      return z.NEVER;
    }
    return phone;
  });

const optionalEmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(EMAIL_MAX_LENGTH, EMAIL_TOO_LONG)
  .default("")
  .pipe(z.union([z.literal(""), z.email("Введите e-mail в формате name@example.ru")]))
  .transform((value) => (value === "" ? null : value));

const personShape = {
  lastName: personName("Введите фамилию", "Фамилия может содержать только буквы, дефис и пробел"),
  firstName: personName("Введите имя", "Имя может содержать только буквы, дефис и пробел"),
  patronymic: userText({ max: 100 }).default(""),
  /** «Нет отчества». */
  noPatronymic: z.boolean().default(false),
  birthDate: birthDateInputSchema,
  phone: optionalPhoneSchema,
  email: optionalEmailSchema,
};

function checkPatronymic(
  value: { patronymic: string; noPatronymic: boolean },
  ctx: z.RefinementCtx,
) {
  if (value.noPatronymic) return;
  if (value.patronymic === "") {
    ctx.addIssue({
      code: "custom",
      path: ["patronymic"],
      message: "Введите отчество или отметьте «Нет отчества»",
    });
  } else if (!PERSON_NAME.test(value.patronymic)) {
    ctx.addIssue({
      code: "custom",
      path: ["patronymic"],
      message: "Отчество может содержать только буквы, дефис и пробел",
    });
  }
}

/** «Пациент 2» — «Добавить». */
export const addPersonRequestSchema = z
  .object(personShape)
  .superRefine(checkPatronymic)
  .meta({ id: "AddPersonRequest" });
export type AddPersonRequest = z.input<typeof addPersonRequestSchema>;
export type AddPersonBody = z.output<typeof addPersonRequestSchema>;

/** «Пациент 1» — «Изменить»: a request to replace the first patient with another person. */
export const replacementRequestSchema = z
  .object({
    ...personShape,
    reason: userText({ max: 1000, min: 1, multiline: true, required: "Укажите причину замены" }),
  })
  .superRefine(checkPatronymic)
  .meta({ id: "ReplacementRequest" });
export type ReplacementRequestInput = z.input<typeof replacementRequestSchema>;
export type ReplacementRequestBody = z.output<typeof replacementRequestSchema>;

/**
 * «Добавить договор» in «Мои договоры»: the contract's number (with or without its series «11/»)
 * and the birth date of a person it covers. Links the contract to the account (decision 0011).
 */
export const addContractRequestSchema = z
  .object({
    number: userText({ max: 64, min: 1, required: "Введите номер договора" })
      // «11 / 30117742» as read off a printout is the same number.
      .transform((value) => value.replace(/\s+/g, "")),
    birthDate: birthDateInputSchema,
  })
  .meta({ id: "AddContractRequest" });
export type AddContractRequest = z.input<typeof addContractRequestSchema>;
export type AddContractBody = z.output<typeof addContractRequestSchema>;

/** The contracts the account holds now through the number given (usually one). */
export const addContractResultSchema = z
  .object({ added: z.array(contractListItemSchema) })
  .meta({ id: "AddContractResult" });
export type AddContractResult = z.infer<typeof addContractResultSchema>;

/** The public check of a certificate: its number and the patient's birth date. */
export const verificationRequestSchema = z
  .object({
    number: userText({ max: 64, min: 1, required: "Введите номер сертификата" })
      // «11 / 22445568» as read off a printout is the same number.
      .transform((value) => value.replace(/\s+/g, "")),
    birthDate: birthDateInputSchema,
  })
  .meta({ id: "VerificationRequest" });
export type VerificationRequest = z.input<typeof verificationRequestSchema>;

/** Only whether the certificate is valid today and, when it is, for which program. */
export const verificationResultSchema = z
  .discriminatedUnion("valid", [
    z.object({ valid: z.literal(true), programName: z.string() }),
    z.object({ valid: z.literal(false) }),
  ])
  .meta({ id: "VerificationResult" });
export type VerificationResult = z.infer<typeof verificationResultSchema>;
