import { z } from "zod";
import { parseRuDate, todayInMoscow } from "../format/date.ts";
import { parseRussianPhone } from "../format/phone.ts";
import { birthDateInputSchema, PERSON_NAME, personName } from "../identity/registration.schema.ts";
import {
  CONTROL_CHARACTERS_MESSAGE,
  EMAIL_MAX_LENGTH,
  EMAIL_TOO_LONG,
  isCleanText,
} from "../text.schema.ts";

/**
 * Contracts as the company's information system sends them: by the machine API
 * (POST /api/integration/contracts) and in a CSV or XLSX registry uploaded in the console. Both
 * channels end in the same normalised `ImportContract` and the same upsert.
 */

export const contractKinds = ["certificate", "dms_policy"] as const;
export type ContractKind = (typeof contractKinds)[number];

/** The most contracts one call of the machine API may carry. */
export const MAX_CONTRACTS_PER_CALL = 1000;

/** Patronymic: optional; empty means none. */
const patronymicSchema = z
  .string({ error: "Отчество — строка" })
  .trim()
  .max(100, "Не длиннее 100 символов")
  .refine(
    (value) => value === "" || PERSON_NAME.test(value),
    "Отчество может содержать только буквы, дефис и пробел",
  )
  .nullish()
  .transform((value) => (value ? value : null));

/** A Russian mobile number in any usual spelling → E.164; empty means none. */
const phoneSchema = z
  .string({ error: "Телефон — строка" })
  .trim()
  .nullish()
  .transform((value, ctx) => {
    if (!value) return null;
    const phone = parseRussianPhone(value);
    if (!phone) {
      ctx.addIssue({
        code: "custom",
        message: "Укажите мобильный номер России, например +7 926 111-11-11",
      });
      return z.NEVER;
    }
    return phone;
  });

const emailSchema = z
  .string({ error: "E-mail — строка" })
  .trim()
  .toLowerCase()
  .max(EMAIL_MAX_LENGTH, EMAIL_TOO_LONG)
  .nullish()
  .transform((value, ctx) => {
    if (!value) return null;
    if (!z.email().safeParse(value).success) {
      ctx.addIssue({ code: "custom", message: "Укажите e-mail в формате name@example.ru" });
      return z.NEVER;
    }
    return value;
  });

function isRealIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [year, month, day] = value.split("-");
  return parseRuDate(`${day}.${month}.${year}`) === value;
}

/** A calendar date of the machine API, `yyyy-mm-dd`. */
const isoDateSchema = z
  .string({ error: "Укажите дату в формате ГГГГ-ММ-ДД" })
  .trim()
  .refine(isRealIsoDate, "Укажите существующую дату в формате ГГГГ-ММ-ДД");

/** A birth date of the machine API: `yyyy-mm-dd`, in the past, not more than 120 years ago. */
const isoBirthDateSchema = isoDateSchema.superRefine((value, ctx) => {
  const today = todayInMoscow();
  if (value >= today)
    ctx.addIssue({ code: "custom", message: "Дата рождения должна быть в прошлом" });
  else if (value < `${Number(today.slice(0, 4)) - 120}${today.slice(4)}`) {
    ctx.addIssue({ code: "custom", message: "Проверьте год рождения" });
  }
});

const slotSchema = z.union([z.literal(1), z.literal(2)], {
  error: "Укажите слот 1 («Пациент 1») или 2 («Пациент 2»)",
});

/** A covered person in slot 1 («Пациент 1») or 2 («Пациент 2»). */
export const importPersonSchema = z
  .object({
    slot: slotSchema,
    lastName: personName("Укажите фамилию", "Фамилия может содержать только буквы, дефис и пробел"),
    firstName: personName("Укажите имя", "Имя может содержать только буквы, дефис и пробел"),
    patronymic: patronymicSchema,
    birthDate: isoBirthDateSchema.meta({
      description: "Дата рождения, ГГГГ-ММ-ДД",
      examples: ["1985-04-12"],
    }),
    /** Any usual spelling of a Russian mobile number; stored as E.164. Empty or absent: none. */
    phone: phoneSchema.meta({
      description: "Мобильный номер России в любой записи; пусто — нет телефона",
      examples: ["+7 926 111-11-11"],
    }),
    email: emailSchema,
  })
  .meta({ id: "ImportPerson" });
export type ImportPerson = z.output<typeof importPersonSchema>;

const numberSchema = z
  .string({ error: "Укажите номер" })
  .trim()
  .min(1, "Укажите номер")
  .max(64, "Номер не длиннее 64 символов")
  .regex(/^[^\p{Cc}\p{Cs}]+$/u, "Номер содержит недопустимые символы");

const programCodeSchema = z
  .string({ error: "Укажите код программы" })
  .trim()
  .min(1, "Укажите код программы")
  .max(64, "Код программы не длиннее 64 символов")
  .refine((value) => isCleanText(value), CONTROL_CHARACTERS_MESSAGE);

const insurerSchema = z
  .string({ error: "Страховая компания — строка" })
  .trim()
  .max(200, "Не длиннее 200 символов")
  .refine((value) => isCleanText(value), CONTROL_CHARACTERS_MESSAGE)
  .nullish()
  .transform((value) => (value ? value : null));

/** The rules between fields of one contract, shared by both channels. */
function contractRules(
  value: {
    kind: ContractKind;
    insurerName: string | null;
    startsOn: string;
    endsOn: string;
  },
  ctx: z.RefinementCtx,
) {
  if (value.kind === "dms_policy" && !value.insurerName) {
    ctx.addIssue({
      code: "custom",
      path: ["insurerName"],
      message: "Для полиса ДМС укажите страховую компанию",
    });
  }
  if (value.kind === "certificate" && value.insurerName) {
    ctx.addIssue({
      code: "custom",
      path: ["insurerName"],
      message: "У сертификата нет страховой компании: оставьте поле пустым",
    });
  }
  // An invalid date has its own message; comparing it would only add a confusing second one.
  if (
    isRealIsoDate(value.startsOn) &&
    isRealIsoDate(value.endsOn) &&
    value.endsOn < value.startsOn
  ) {
    ctx.addIssue({
      code: "custom",
      path: ["endsOn"],
      message: "Дата окончания не может быть раньше даты начала",
    });
  }
}

/**
 * One contract of the machine API. A person slot absent from `persons` keeps whoever is in it
 * now; a slot given with another person (other name or birth date) replaces them, the old row
 * being kept for the appeals that point at it; the same person gets the spelling, phone and
 * e-mail sent (an empty phone or e-mail clears it).
 */
export const importContractSchema = z
  .object({
    kind: z.enum(contractKinds, {
      error: "Укажите вид: certificate (сертификат) или dms_policy (полис ДМС)",
    }),
    /** «11/22445568» for a certificate; the policy number for a DMS policy. */
    number: numberSchema,
    /** Required for a DMS policy, absent for a certificate. */
    insurerName: insurerSchema,
    /** The program's code («call-doctor-plus»). */
    programCode: programCodeSchema,
    startsOn: isoDateSchema.meta({
      description: "Начало действия, ГГГГ-ММ-ДД",
      examples: ["2026-03-01"],
    }),
    endsOn: isoDateSchema.meta({
      description: "Последний день действия, ГГГГ-ММ-ДД",
      examples: ["2027-02-28"],
    }),
    persons: z
      .array(importPersonSchema, { error: "Список лиц — массив" })
      .max(2, "Не больше двух лиц: «Пациент 1» и «Пациент 2»")
      .default([]),
  })
  .superRefine((value, ctx) => {
    contractRules(value, ctx);
    const seen = new Set<number>();
    value.persons.forEach((person, index) => {
      if (seen.has(person.slot)) {
        ctx.addIssue({
          code: "custom",
          path: ["persons", index, "slot"],
          message: `Слот ${person.slot} указан дважды`,
        });
      }
      seen.add(person.slot);
    });
  })
  .meta({ id: "ImportContract" });
export type ImportContract = z.output<typeof importContractSchema>;

export const integrationContractsRequestSchema = z
  .object({
    contracts: z
      .array(importContractSchema, { error: "Передайте список договоров в поле contracts" })
      .min(1, "Передайте хотя бы один договор")
      .max(MAX_CONTRACTS_PER_CALL, `Не больше ${MAX_CONTRACTS_PER_CALL} договоров за один запрос`),
  })
  .meta({ id: "IntegrationContractsRequest" });
export type IntegrationContractsRequest = z.input<typeof integrationContractsRequestSchema>;

/** What the upsert did with one contract. */
export const importOutcomeSchema = z.enum(["created", "updated", "unchanged"]);
export type ImportOutcome = z.infer<typeof importOutcomeSchema>;

export const importTotalsSchema = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
});
export type ImportTotals = z.infer<typeof importTotalsSchema>;

export const integrationContractsResponseSchema = z
  .object({
    /** One per contract sent, in the same order. */
    results: z.array(
      z.object({
        index: z.number().int(),
        kind: z.enum(contractKinds),
        number: z.string(),
        outcome: importOutcomeSchema,
      }),
    ),
    totals: importTotalsSchema,
  })
  .meta({ id: "IntegrationContractsResponse" });
export type IntegrationContractsResponse = z.infer<typeof integrationContractsResponseSchema>;

// ─── The registry file (CSV or XLSX) ────────────────────────────────────────────────────────────

/** The registry's columns, by field, with their Russian headers as they stand in the file. */
export const registryColumns = {
  kind: "Тип",
  number: "Номер",
  insurerName: "Страховая компания",
  programCode: "Код программы",
  startsOn: "Начало",
  endsOn: "Окончание",
  slot: "Пациент",
  lastName: "Фамилия",
  firstName: "Имя",
  patronymic: "Отчество",
  birthDate: "Дата рождения",
  phone: "Телефон",
  email: "E-mail",
} as const;
export type RegistryField = keyof typeof registryColumns;
export const registryFields = Object.keys(registryColumns) as RegistryField[];

/** The words of the «Тип» column. */
export const registryKindLabels: Record<ContractKind, string> = {
  certificate: "Сертификат",
  dms_policy: "Полис ДМС",
};

function ruDate(required: string) {
  return z
    .string()
    .trim()
    .transform((value, ctx) => {
      if (!value) {
        ctx.addIssue({ code: "custom", message: required });
        return z.NEVER;
      }
      const iso = parseRuDate(value);
      if (!iso) {
        ctx.addIssue({ code: "custom", message: "Укажите дату в формате дд.мм.гггг" });
        return z.NEVER;
      }
      return iso;
    });
}

/** One data row of the registry as text cells → the normalised row, with Russian messages. */
export const registryRowInputSchema = z
  .object({
    kind: z
      .string()
      .trim()
      .transform((value, ctx): ContractKind => {
        const word = value.toLocaleLowerCase("ru-RU").replace(/\s+/g, " ");
        if (word === "сертификат") return "certificate";
        if (word === "полис дмс") return "dms_policy";
        ctx.addIssue({
          code: "custom",
          message: value ? "Укажите «Сертификат» или «Полис ДМС»" : "Укажите тип договора",
        });
        return z.NEVER;
      }),
    number: numberSchema,
    insurerName: insurerSchema,
    programCode: programCodeSchema,
    startsOn: ruDate("Укажите дату начала"),
    endsOn: ruDate("Укажите дату окончания"),
    slot: z
      .string()
      .trim()
      .transform((value, ctx): 1 | 2 => {
        const match = /^(?:пациент\s*)?([12])$/i.exec(value);
        if (match?.[1] === "1") return 1;
        if (match?.[1] === "2") return 2;
        ctx.addIssue({ code: "custom", message: "Укажите 1 или 2" });
        return z.NEVER;
      }),
    lastName: personName("Укажите фамилию", "Фамилия может содержать только буквы, дефис и пробел"),
    firstName: personName("Укажите имя", "Имя может содержать только буквы, дефис и пробел"),
    patronymic: patronymicSchema,
    birthDate: birthDateInputSchema,
    phone: phoneSchema,
    email: emailSchema,
  })
  .superRefine(contractRules);

/** A registry row after validation, as stored with the import. */
export const registryRowSchema = z
  .object({
    /** The spreadsheet row number (the header is row 1). */
    row: z.number().int(),
    kind: z.enum(contractKinds),
    number: z.string(),
    insurerName: z.string().nullable(),
    programCode: z.string(),
    startsOn: z.string(),
    endsOn: z.string(),
    slot: z.union([z.literal(1), z.literal(2)]),
    lastName: z.string(),
    firstName: z.string(),
    patronymic: z.string().nullable(),
    birthDate: z.string(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    /** False when another row of the same contract has an error: «only valid rows» skips it. */
    contractValid: z.boolean(),
  })
  .meta({ id: "RegistryRow" });
export type RegistryRow = z.infer<typeof registryRowSchema>;

/** An error of the file: its spreadsheet row (header = 1), the column's header, the reason. */
export const registryErrorSchema = z
  .object({ row: z.number().int(), column: z.string(), reason: z.string() })
  .meta({ id: "RegistryError" });
export type RegistryError = z.infer<typeof registryErrorSchema>;

export const registryImportStatusSchema = z.enum(["previewed", "applied", "discarded"]);
export const registryApplyModeSchema = z.enum(["all", "valid-only"]);
export type RegistryApplyMode = z.infer<typeof registryApplyModeSchema>;

export const registryApplySummarySchema = z
  .object({
    /** Contracts written, and what happened to each. */
    contracts: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    /** Rows applied, and rows left out (with errors, or in a contract with errors). */
    rowsApplied: z.number().int(),
    rowsSkipped: z.number().int(),
  })
  .meta({ id: "RegistryApplySummary" });
export type RegistryApplySummary = z.infer<typeof registryApplySummarySchema>;

/** How many errors and sample rows a preview carries; the totals count them all. */
export const PREVIEW_ERRORS_LIMIT = 500;
export const PREVIEW_ROWS_LIMIT = 20;

export const registryImportSchema = z
  .object({
    id: z.uuid(),
    fileName: z.string(),
    format: z.enum(["csv", "xlsx"]),
    status: registryImportStatusSchema,
    createdAt: z.string(),
    uploadedBy: z.string().nullable(),
    rowsTotal: z.number().int(),
    rowsValid: z.number().int(),
    contractsTotal: z.number().int(),
    contractsValid: z.number().int(),
    errorsTotal: z.number().int(),
    /** The first PREVIEW_ERRORS_LIMIT errors, by row. */
    errors: z.array(registryErrorSchema),
    /** The first PREVIEW_ROWS_LIMIT valid rows. */
    sample: z.array(registryRowSchema),
    appliedMode: registryApplyModeSchema.nullable(),
    appliedAt: z.string().nullable(),
    appliedSummary: registryApplySummarySchema.nullable(),
  })
  .meta({ id: "RegistryImport" });
export type RegistryImport = z.infer<typeof registryImportSchema>;

export const registryImportListSchema = z
  .object({
    imports: z.array(
      registryImportSchema.pick({
        id: true,
        fileName: true,
        format: true,
        status: true,
        createdAt: true,
        uploadedBy: true,
        rowsTotal: true,
        rowsValid: true,
        errorsTotal: true,
        appliedAt: true,
        appliedSummary: true,
      }),
    ),
  })
  .meta({ id: "RegistryImportList" });
export type RegistryImportListItem = z.infer<typeof registryImportListSchema>["imports"][number];

export const registryImportIdParamsSchema = z.object({
  id: z.uuid({ error: "Неверный идентификатор загрузки" }),
});

export const registryApplyRequestSchema = z
  .object({ mode: registryApplyModeSchema })
  .meta({ id: "RegistryApplyRequest" });

export const registryApplyResponseSchema = z
  .object({ import: registryImportSchema })
  .meta({ id: "RegistryApplyResponse" });
