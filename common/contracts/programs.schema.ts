import { z } from "zod";
import { type ProgramAudience, programAudienceSchema } from "../shop/shop.schema.ts";
import { userText } from "../text.schema.ts";

export const PROGRAM_CODE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const MAX_PRICE_KOPECKS = 1_000_000_000; // 10 million roubles: far above any program
const MAX_TERM_MONTHS = 120;

/** A service program as the staff console shows it. */
export const staffProgramSchema = z
  .object({
    id: z.uuid(),
    code: z.string(),
    name: z.string(),
    description: z.string(),
    coverage: z.string(),
    maxPersons: z.number().int(),
    careProcedure: z.string(),
    soldOnline: z.boolean(),
    /** «Консультации в чате»: its covered persons may open «Чат с врачом». */
    includesChat: z.boolean(),
    /** «Для кого»: adults, children or anyone (the online catalogue's filter and checkout rule). */
    audience: programAudienceSchema,
    priceKopecks: z.number().int().nullable(),
    termMonths: z.number().int().nullable(),
    archived: z.boolean(),
    updatedAt: z.string(),
  })
  .meta({ id: "StaffProgram" });
export type StaffProgram = z.infer<typeof staffProgramSchema>;

export const staffProgramListSchema = z
  .object({ programs: z.array(staffProgramSchema) })
  .meta({ id: "StaffProgramList" });

const text = (required: string, max: number, multiline = true) =>
  userText({ max, min: 1, multiline, required });

const baseFields = {
  name: text("Введите название программы", 200, false),
  code: z
    .string({ error: "Введите код программы" })
    .trim()
    .toLowerCase()
    .min(1, { message: "Введите код программы", abort: true })
    .max(64, "Не длиннее 64 символов")
    .regex(PROGRAM_CODE, "Код: латинские буквы, цифры и дефисы, например call-doctor"),
  description: text("Введите описание программы", 2000),
  coverage: text("Опишите, что входит в программу", 20_000),
  careProcedure: text("Опишите порядок получения медицинского обслуживания", 20_000),
  soldOnline: z.boolean(),
  /** Omitted by an older console: off. */
  includesChat: z.boolean().default(false),
  /** «Для кого»; omitted by an older console: anyone. */
  audience: z
    .enum(programAudienceSchema.options, { error: "Выберите, для кого программа" })
    .default("any"),
};

/** A program as the API takes it (create and edit): the price in kopecks. */
export const programInputSchema = z
  .object({
    ...baseFields,
    maxPersons: z.union([z.literal(1), z.literal(2)], {
      error: "Договор покрывает одного или двух человек",
    }),
    priceKopecks: z
      .number()
      .int()
      .min(1, "Цена должна быть больше нуля")
      .max(MAX_PRICE_KOPECKS, "Проверьте цену")
      .nullable(),
    termMonths: z
      .number()
      .int()
      .min(1, "Срок — не меньше месяца")
      .max(MAX_TERM_MONTHS, `Срок — не больше ${MAX_TERM_MONTHS} месяцев`)
      .nullable(),
  })
  .superRefine((value, ctx) => {
    if (!value.soldOnline) return;
    if (value.priceKopecks === null) {
      ctx.addIssue({
        code: "custom",
        path: ["priceKopecks"],
        message: "Укажите цену: программа продаётся онлайн",
      });
    }
    if (value.termMonths === null) {
      ctx.addIssue({
        code: "custom",
        path: ["termMonths"],
        message: "Укажите срок: программа продаётся онлайн",
      });
    }
  })
  .meta({ id: "ProgramInput" });
export type ProgramInput = z.infer<typeof programInputSchema>;

/** The values of «Для кого», in the form's order. */
export const programAudiences: readonly ProgramAudience[] = ["any", "adult", "child"];

/** «1 990», «1990,50», «1990.5» roubles → kopecks; null when it is not an amount. */
export function parseRubles(input: string): number | null {
  const compact = input.replace(/[\s\u00a0₽]|руб\.?/g, "").replace(",", ".");
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(compact)) return null;
  const [whole = "0", fraction = ""] = compact.split(".");
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
}

/** Kopecks → what the price field shows: «1990» or «1990,50». */
export function formatRublesInput(kopecks: number): string {
  const whole = Math.floor(kopecks / 100);
  const rest = kopecks % 100;
  return rest === 0 ? String(whole) : `${whole},${String(rest).padStart(2, "0")}`;
}

/** The programme form: price typed in roubles, the persons and the term chosen as text. */
export const programFormSchema = z
  .object({
    ...baseFields,
    maxPersons: z.enum(["1", "2"], { error: "Договор покрывает одного или двух человек" }),
    priceRubles: z.string().trim(),
    termMonths: z.string().trim(),
  })
  .transform((value, ctx): ProgramInput => {
    let priceKopecks: number | null = null;
    let termMonths: number | null = null;
    if (value.soldOnline) {
      priceKopecks = parseRubles(value.priceRubles);
      if (value.priceRubles === "") {
        ctx.addIssue({ code: "custom", path: ["priceRubles"], message: "Укажите цену в рублях" });
      } else if (priceKopecks === null || priceKopecks <= 0) {
        ctx.addIssue({
          code: "custom",
          path: ["priceRubles"],
          message: "Цена — сумма в рублях больше нуля, например 1990 или 1990,50",
        });
      }
      termMonths = /^\d{1,3}$/.test(value.termMonths) ? Number(value.termMonths) : null;
      if (termMonths === null || termMonths < 1 || termMonths > MAX_TERM_MONTHS) {
        ctx.addIssue({
          code: "custom",
          path: ["termMonths"],
          message: `Срок — целое число месяцев от 1 до ${MAX_TERM_MONTHS}`,
        });
      }
    }
    return {
      name: value.name,
      code: value.code,
      description: value.description,
      coverage: value.coverage,
      careProcedure: value.careProcedure,
      soldOnline: value.soldOnline,
      includesChat: value.includesChat,
      audience: value.audience,
      maxPersons: value.maxPersons === "2" ? 2 : 1,
      priceKopecks,
      termMonths,
    };
  });
export type ProgramForm = z.input<typeof programFormSchema>;

/** The form's fields for a stored program (edit). */
export function programToForm(program: StaffProgram): ProgramForm {
  return {
    name: program.name,
    code: program.code,
    description: program.description,
    coverage: program.coverage,
    careProcedure: program.careProcedure,
    soldOnline: program.soldOnline,
    includesChat: program.includesChat,
    audience: program.audience,
    maxPersons: program.maxPersons === 2 ? "2" : "1",
    priceRubles: program.priceKopecks === null ? "" : formatRublesInput(program.priceKopecks),
    termMonths: program.termMonths === null ? "" : String(program.termMonths),
  };
}
