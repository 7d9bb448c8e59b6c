import { z } from "zod";
import { parseRuDate } from "../format/date.ts";
import { userText } from "../text.schema.ts";

/** How the client reached the company for the service an appeal records. */
export const appealChannels = ["phone", "chat", "message", "callback", "clinic"] as const;
export const appealChannelSchema = z.enum(appealChannels, { error: "Выберите канал обращения" });
export type AppealChannel = z.infer<typeof appealChannelSchema>;

export const APPEAL_OUTCOME_MAX = 2000;

/** An appeal as the staff console shows it on a contract card. */
export const staffAppealSchema = z
  .object({
    id: z.uuid(),
    occurredAt: z.string(),
    serviceTypeName: z.string(),
    personId: z.uuid(),
    personName: z.string(),
    doctorName: z.string(),
    channel: appealChannelSchema,
    outcome: z.string(),
    createdByName: z.string(),
  })
  .meta({ id: "StaffAppeal" });
export type StaffAppeal = z.infer<typeof staffAppealSchema>;

/** «Добавить обращение», as the API takes it: the moment is an ISO date-time with its offset. */
export const createAppealSchema = z
  .object({
    serviceTypeId: z.uuid("Выберите вид услуги"),
    personId: z.uuid("Выберите обслуживаемое лицо"),
    /** Omitted by a doctor who handled the appeal themselves. */
    doctorId: z.uuid("Выберите врача").optional(),
    channel: appealChannelSchema,
    occurredAt: z.iso.datetime({ offset: true, error: "Укажите дату и время обращения" }),
    outcome: userText({
      max: APPEAL_OUTCOME_MAX,
      min: 1,
      multiline: true,
      required: "Опишите результат обращения",
    }),
  })
  .meta({ id: "CreateAppeal" });
export type CreateAppeal = z.infer<typeof createAppealSchema>;

// Moscow has kept UTC+3 all year since 2014.
const MOSCOW_OFFSET = "+03:00";
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Moscow date `dd.mm.yyyy` and time `hh:mm` → an ISO moment, or null when either is not real. */
export function moscowMoment(date: string, time: string): string | null {
  const iso = parseRuDate(date);
  const match = TIME.exec(time.trim());
  if (!iso || !match) return null;
  return `${iso}T${match[1]}:${match[2]}:00${MOSCOW_OFFSET}`;
}

/**
 * The console's form for a new appeal: date and time typed in Moscow time. Its output is the
 * API's body (createAppealSchema); `now` is passed so a test can fix the clock.
 */
export function appealFormSchema(now: () => Date = () => new Date()) {
  return z
    .object({
      serviceTypeId: z.string().min(1, "Выберите вид услуги"),
      personId: z.string().min(1, "Выберите обслуживаемое лицо"),
      doctorId: z.string().min(1, "Выберите врача"),
      channel: z.string().min(1, "Выберите канал обращения").pipe(appealChannelSchema),
      date: z
        .string()
        .trim()
        .min(1, { message: "Введите дату", abort: true })
        .refine((value) => parseRuDate(value) !== null, "Введите дату в формате дд.мм.гггг"),
      time: z
        .string()
        .trim()
        .min(1, { message: "Введите время", abort: true })
        .regex(TIME, "Введите время в формате чч:мм"),
      outcome: createAppealSchema.shape.outcome,
    })
    .transform((value, ctx): CreateAppeal => {
      const occurredAt = moscowMoment(value.date, value.time) ?? "";
      if (new Date(occurredAt).getTime() > now().getTime()) {
        ctx.addIssue({
          code: "custom",
          path: ["time"],
          message: "Дата и время обращения не могут быть в будущем",
        });
        return z.NEVER;
      }
      return {
        serviceTypeId: value.serviceTypeId,
        personId: value.personId,
        doctorId: value.doctorId,
        channel: value.channel,
        occurredAt,
        outcome: value.outcome,
      };
    });
}
export type AppealForm = z.input<ReturnType<typeof appealFormSchema>>;

/** A kind of medical service («Консультация врача по телефону»), kept by an admin. */
export const serviceTypeSchema = z
  .object({ id: z.uuid(), name: z.string(), archived: z.boolean() })
  .meta({ id: "ServiceType" });
export type ServiceType = z.infer<typeof serviceTypeSchema>;

export const serviceTypeListSchema = z
  .object({ serviceTypes: z.array(serviceTypeSchema) })
  .meta({ id: "ServiceTypeList" });

export const serviceTypeNameSchema = userText({ max: 200, min: 1, required: "Введите название" });

export const createServiceTypeSchema = z.object({ name: serviceTypeNameSchema });
export type CreateServiceType = z.input<typeof createServiceTypeSchema>;

/** Rename, archive or bring back: whichever fields are given. */
export const updateServiceTypeSchema = z
  .object({ name: serviceTypeNameSchema.optional(), archived: z.boolean().optional() })
  .refine((value) => value.name !== undefined || value.archived !== undefined, {
    message: "Нечего изменять",
  });
export type UpdateServiceType = z.input<typeof updateServiceTypeSchema>;

export const serviceTypeListQuerySchema = z.object({
  /** The admin's list shows archived types too; the appeal form offers only the others. */
  includeArchived: z
    .enum(["true", "false"])
    .default("false")
    .transform((value) => value === "true"),
});

export const idParamsSchema = z.object({ id: z.uuid("Неверный идентификатор") });
