import { parsePhoneNumberFromString } from "libphonenumber-js/min";
import { z } from "zod";
import { formatRublesInput, parseRubles } from "../contracts/programs.schema.ts";
import { userText } from "../text.schema.ts";

/**
 * The staff console's «Клиники» (issue 14): clinics, their doctors and services, doctors'
 * schedules and the programs' networks. Operators and admins read; admins change.
 *
 *   GET  /api/staff/specialties                          → staffSpecialtyListSchema
 *   GET  /api/staff/clinics?q&bookingMode&active          → staffClinicListSchema
 *   POST /api/staff/clinics            clinicInputSchema  → 201 { clinic }
 *   GET  /api/staff/clinics/:id                           → staffClinicCardSchema
 *   PUT  /api/staff/clinics/:id        clinicInputSchema  → { clinic }
 *   POST /api/staff/clinics/:id/doctors  doctorInputSchema → 201 { doctor }
 *   PUT  /api/staff/doctors/:id        doctorInputSchema  → { doctor }
 *   POST /api/staff/clinics/:id/services serviceInputSchema → 201 { service }
 *   PUT  /api/staff/services/:id       serviceInputSchema → { service }
 *   GET  /api/staff/doctors/:id/schedule                  → doctorScheduleSchema
 *   PUT  /api/staff/doctors/:id/template weeklyTemplateSchema → scheduleChangeSchema
 *   POST /api/staff/doctors/:id/exceptions exceptionInputSchema → 201 scheduleChangeSchema
 *   DELETE /api/staff/schedule-exceptions/:id             → scheduleChangeSchema
 *   GET  /api/staff/programs/:id/network                  → networkEntryListSchema
 *   POST /api/staff/programs/:id/network networkEntryInputSchema → 201 { entry }
 *   PUT  /api/staff/network-entries/:id networkEntryInputSchema → { entry }
 *   DELETE /api/staff/network-entries/:id                 → 204
 */

// The request schemas that trim or transform carry no OpenAPI id: an id names one shape, and
// their input and output differ.

export const BOOKING_MODES = ["online", "requests_only"] as const;
export type BookingMode = (typeof BOOKING_MODES)[number];
export const EXCEPTION_KINDS = ["leave", "sick", "other"] as const;
export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];
export const LIMIT_PERIODS = ["month", "quarter", "year", "contract"] as const;
export type LimitPeriodValue = (typeof LIMIT_PERIODS)[number];

// ---------------------------------------------------------------- the weekly template

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
const time = (required: string) =>
  z.string({ error: required }).trim().regex(HH_MM, "Время в формате ЧЧ:ММ, например 09:00");
const minutes = (value: string) => Number(value.slice(0, 2)) * 60 + Number(value.slice(3, 5));

const timeRangeSchema = z
  .object({ start: time("Укажите начало"), end: time("Укажите конец") })
  .refine((range) => minutes(range.start) < minutes(range.end), {
    path: ["end"],
    message: "Конец должен быть позже начала",
  });
export type TimeRangeInput = z.infer<typeof timeRangeSchema>;

const overlaps = (a: TimeRangeInput, b: TimeRangeInput) =>
  minutes(a.start) < minutes(b.end) && minutes(b.start) < minutes(a.end);

export const MIN_SLOT_MINUTES = 5;
export const MAX_SLOT_MINUTES = 240;

/**
 * A doctor's week as `generateSlots` takes it (server/modules/booking/slot-generation.ts) and
 * `doctor_week_templates.template` stores it: ISO weekdays (Monday 1 … Sunday 7), Moscow hours
 * `HH:mm`, breaks inside the hours; a day may have several shifts that do not overlap.
 */
export const weeklyTemplateSchema = z
  .object({
    slotMinutes: z
      .number({ error: "Укажите длительность приёма в минутах" })
      .int("Длительность приёма — целое число минут")
      .min(MIN_SLOT_MINUTES, `Приём — не короче ${MIN_SLOT_MINUTES} минут`)
      .max(MAX_SLOT_MINUTES, `Приём — не длиннее ${MAX_SLOT_MINUTES} минут`),
    days: z
      .array(
        z
          .object({
            weekday: z
              .number({ error: "Выберите день недели" })
              .int()
              .min(1, "Выберите день недели")
              .max(7, "Выберите день недели"),
            hours: timeRangeSchema,
            breaks: z.array(timeRangeSchema).max(10, "Не больше 10 перерывов в день"),
          })
          .superRefine((day, ctx) => {
            day.breaks.forEach((pause, index) => {
              if (
                minutes(pause.start) < minutes(day.hours.start) ||
                minutes(pause.end) > minutes(day.hours.end)
              ) {
                ctx.addIssue({
                  code: "custom",
                  path: ["breaks", index, "start"],
                  message: "Перерыв должен быть внутри часов приёма",
                });
              }
            });
          }),
      )
      .max(21, "Не больше трёх смен в день"),
  })
  .superRefine((template, ctx) => {
    template.days.forEach((day, index) => {
      const clash = template.days.findIndex(
        (other, otherIndex) =>
          otherIndex < index && other.weekday === day.weekday && overlaps(other.hours, day.hours),
      );
      if (clash >= 0) {
        ctx.addIssue({
          code: "custom",
          path: ["days", index, "hours", "start"],
          message: "Смены одного дня не должны пересекаться",
        });
      }
    });
  });
export type WeeklyTemplateInput = z.infer<typeof weeklyTemplateSchema>;

// ---------------------------------------------------------------- specialties

export const staffSpecialtyListSchema = z
  .object({ specialties: z.array(z.object({ id: z.uuid(), code: z.string(), name: z.string() })) })
  .meta({ id: "StaffSpecialtyList" });

// ---------------------------------------------------------------- clinics

/** A clinic's phone in any Russian format, landline or mobile → E.164; null when not a number. */
export function parseClinicPhone(input: string): string | null {
  const phone = parsePhoneNumberFromString(input.trim(), "RU");
  if (phone?.country !== "RU" || !phone.isValid()) return null;
  return phone.number;
}

const optionalText = (max: number, multiline = false) =>
  userText({ max, multiline })
    .nullable()
    .transform((value) => (value ? value : null));

const discountPercent = z
  .number({ error: "Укажите скидку в процентах" })
  .min(0, "Скидка — от 0 до 100 %")
  .max(100, "Скидка — от 0 до 100 %")
  .refine((value) => Number.isInteger(Math.round(value * 100 * 1e6) / 1e6), {
    message: "Скидка — не больше двух знаков после запятой",
  });

/** Percent (up to two decimals) ↔ basis points as the tables keep them. */
export const percentToBp = (percent: number) => Math.round(percent * 100);
export const bpToPercent = (bp: number) => bp / 100;

export const clinicInputSchema = z
  .object({
    name: userText({ max: 200, min: 1, required: "Введите название клиники" }),
    address: userText({ max: 300, min: 1, required: "Введите адрес клиники" }),
    metro: optionalText(100),
    district: optionalText(100),
    latitude: z
      .number({ error: "Широта — число" })
      .min(-90, "Широта — от −90 до 90")
      .max(90, "Широта — от −90 до 90")
      .nullable(),
    longitude: z
      .number({ error: "Долгота — число" })
      .min(-180, "Долгота — от −180 до 180")
      .max(180, "Долгота — от −180 до 180")
      .nullable(),
    phones: z
      .array(
        z
          .string({ error: "Введите телефон" })
          .max(40, "Проверьте номер телефона")
          .transform((value, ctx) => {
            const phone = parseClinicPhone(value);
            if (phone) return phone;
            ctx.addIssue({ code: "custom", message: `Неверный номер телефона: ${value.trim()}` });
            return z.NEVER;
          }),
      )
      .min(1, "Укажите хотя бы один телефон клиники")
      .max(5, "Не больше пяти телефонов"),
    openingHours: userText({
      max: 300,
      min: 1,
      multiline: true,
      required: "Укажите часы работы",
    }),
    bookingMode: z.enum(BOOKING_MODES, { error: "Выберите способ записи" }),
    cancellationCutoffHours: z
      .number({ error: "Укажите, за сколько часов можно отменить запись" })
      .int("Целое число часов")
      .min(0, "Не меньше 0 часов")
      .max(168, "Не больше 168 часов (неделя)"),
    whatToBring: optionalText(1000, true),
    companyDiscountPercent: discountPercent,
    active: z.boolean(),
  })
  .superRefine((clinic, ctx) => {
    if ((clinic.latitude === null) !== (clinic.longitude === null)) {
      ctx.addIssue({
        code: "custom",
        path: [clinic.latitude === null ? "latitude" : "longitude"],
        message: "Укажите и широту, и долготу — или оставьте оба поля пустыми",
      });
    }
  });
export type ClinicInput = z.infer<typeof clinicInputSchema>;

export const staffClinicSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    address: z.string(),
    metro: z.string().nullable(),
    district: z.string().nullable(),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    phones: z.array(z.string()),
    openingHours: z.string(),
    bookingMode: z.enum(BOOKING_MODES),
    cancellationCutoffHours: z.number().int(),
    whatToBring: z.string().nullable(),
    companyDiscountPercent: z.number(),
    active: z.boolean(),
    doctorCount: z.number().int(),
    serviceCount: z.number().int(),
  })
  .meta({ id: "StaffClinic" });
export type StaffClinic = z.infer<typeof staffClinicSchema>;

const booleanQuery = z.enum(["true", "false"], { error: "Укажите true или false" });

export const clinicListQuerySchema = z.object({
  q: userText({ max: 100 }).optional(),
  bookingMode: z.enum(BOOKING_MODES, { error: "Неизвестный способ записи" }).optional(),
  active: booleanQuery.optional(),
});
export type ClinicListQuery = z.infer<typeof clinicListQuerySchema>;

export const staffClinicListSchema = z
  .object({ clinics: z.array(staffClinicSchema) })
  .meta({ id: "StaffClinicList" });

// ---------------------------------------------------------------- doctors

export const MIN_PRACTICE_YEAR = 1950;

export const doctorInputSchema = z.object({
  lastName: userText({ max: 100, min: 1, required: "Введите фамилию врача" }),
  firstName: userText({ max: 100, min: 1, required: "Введите имя врача" }),
  patronymic: optionalText(100),
  specialtyId: z.uuid("Выберите специальность"),
  practiceSince: z
    .number({ error: "Укажите год начала практики" })
    .int("Год — целое число")
    .min(MIN_PRACTICE_YEAR, `Год — не раньше ${MIN_PRACTICE_YEAR}`)
    .refine((year) => year <= new Date().getUTCFullYear(), "Год не может быть в будущем"),
  active: z.boolean(),
});
export type DoctorInput = z.infer<typeof doctorInputSchema>;

export const staffDoctorSchema = z
  .object({
    id: z.uuid(),
    clinicId: z.uuid(),
    lastName: z.string(),
    firstName: z.string(),
    patronymic: z.string().nullable(),
    specialty: z.object({ id: z.uuid(), name: z.string() }),
    practiceSince: z.number().int(),
    active: z.boolean(),
    hasTemplate: z.boolean(),
  })
  .meta({ id: "StaffDoctor" });
export type StaffDoctor = z.infer<typeof staffDoctorSchema>;

// ---------------------------------------------------------------- services

const MAX_PRICE_KOPECKS = 100_000_000; // a million roubles

export const serviceInputSchema = z.object({
  code: userText({ max: 64, min: 1, required: "Введите код услуги" }),
  name: userText({ max: 300, min: 1, required: "Введите название услуги" }),
  specialtyId: z.uuid("Выберите специальность"),
  priceKopecks: z
    .number({ error: "Укажите цену клиники" })
    .int("Цена — в целых копейках")
    .min(0, "Цена не может быть отрицательной")
    .max(MAX_PRICE_KOPECKS, "Проверьте цену"),
  companyDiscountPercent: discountPercent.nullable(),
  isVisit: z.boolean(),
  active: z.boolean(),
});
export type ServiceInput = z.infer<typeof serviceInputSchema>;

export const staffServiceSchema = z
  .object({
    id: z.uuid(),
    clinicId: z.uuid(),
    code: z.string(),
    name: z.string(),
    specialty: z.object({ id: z.uuid(), name: z.string() }),
    priceKopecks: z.number().int(),
    companyDiscountPercent: z.number().nullable(),
    isVisit: z.boolean(),
    active: z.boolean(),
  })
  .meta({ id: "StaffService" });
export type StaffService = z.infer<typeof staffServiceSchema>;

export const staffClinicCardSchema = z
  .object({
    clinic: staffClinicSchema,
    doctors: z.array(staffDoctorSchema),
    services: z.array(staffServiceSchema),
  })
  .meta({ id: "StaffClinicCard" });
export type StaffClinicCard = z.infer<typeof staffClinicCardSchema>;

// ---------------------------------------------------------------- schedule

export const exceptionInputSchema = z
  .object({
    date: z.iso.date("Дата в формате ГГГГ-ММ-ДД"),
    /** Both null: the whole day. */
    startsAt: time("Укажите начало").nullable(),
    endsAt: time("Укажите конец").nullable(),
    kind: z.enum(EXCEPTION_KINDS, { error: "Выберите причину" }),
    note: optionalText(500),
  })
  .superRefine((exception, ctx) => {
    if ((exception.startsAt === null) !== (exception.endsAt === null)) {
      ctx.addIssue({
        code: "custom",
        path: [exception.startsAt === null ? "startsAt" : "endsAt"],
        message: "Укажите и начало, и конец — или отметьте весь день",
      });
    } else if (
      exception.startsAt !== null &&
      exception.endsAt !== null &&
      minutes(exception.startsAt) >= minutes(exception.endsAt)
    ) {
      ctx.addIssue({ code: "custom", path: ["endsAt"], message: "Конец должен быть позже начала" });
    }
  });
export type ExceptionInput = z.infer<typeof exceptionInputSchema>;

export const scheduleExceptionSchema = z
  .object({
    id: z.uuid(),
    date: z.iso.date(),
    startsAt: z.string().nullable(),
    endsAt: z.string().nullable(),
    kind: z.enum(EXCEPTION_KINDS),
    note: z.string().nullable(),
  })
  .meta({ id: "ScheduleException" });
export type ScheduleExceptionView = z.infer<typeof scheduleExceptionSchema>;

export const doctorScheduleSchema = z
  .object({
    doctor: staffDoctorSchema,
    clinic: z.object({ id: z.uuid(), name: z.string(), bookingMode: z.enum(BOOKING_MODES) }),
    template: weeklyTemplateSchema.nullable(),
    exceptions: z.array(scheduleExceptionSchema),
    /** Stored future times of the doctor, and how many of them are booked. */
    upcomingSlots: z.number().int(),
    bookedSlots: z.number().int(),
  })
  .meta({ id: "DoctorSchedule" });
export type DoctorSchedule = z.infer<typeof doctorScheduleSchema>;

/** What reconciling a doctor's slots for the coming 30 days did after a schedule change. */
export const slotReconciliationSchema = z
  .object({
    added: z.number().int(),
    removed: z.number().int(),
    /** Times the schedule no longer has but kept, since a live appointment holds them. */
    kept: z.number().int(),
    upcomingSlots: z.number().int(),
  })
  .meta({ id: "SlotReconciliation" });
export type SlotReconciliation = z.infer<typeof slotReconciliationSchema>;

export const scheduleChangeSchema = z
  .object({ schedule: doctorScheduleSchema, reconciliation: slotReconciliationSchema })
  .meta({ id: "ScheduleChange" });

// ---------------------------------------------------------------- networks

export const networkEntryInputSchema = z.object({
  clinicId: z.uuid("Выберите клинику"),
  /** Null: every specialty at the clinic. */
  specialtyId: z.uuid("Неверная специальность").nullable(),
  /** Null: every service of the specialty. */
  serviceId: z.uuid("Неверная услуга").nullable(),
  guaranteeLetterRequired: z.boolean(),
  /** Null: no limit. */
  limitVisits: z
    .number({ error: "Лимит — число визитов" })
    .int("Лимит — целое число визитов")
    .min(0, "Лимит не может быть отрицательным")
    .max(1000, "Не больше 1000 визитов")
    .nullable(),
  limitPeriod: z.enum(LIMIT_PERIODS, { error: "Выберите период лимита" }),
});
export type NetworkEntryInput = z.infer<typeof networkEntryInputSchema>;

export const networkEntrySchema = z
  .object({
    id: z.uuid(),
    programId: z.uuid(),
    clinic: z.object({ id: z.uuid(), name: z.string(), address: z.string() }),
    specialty: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    service: z.object({ id: z.uuid(), code: z.string(), name: z.string() }).nullable(),
    guaranteeLetterRequired: z.boolean(),
    limitVisits: z.number().int().nullable(),
    limitPeriod: z.enum(LIMIT_PERIODS),
  })
  .meta({ id: "NetworkEntry" });
export type NetworkEntryView = z.infer<typeof networkEntrySchema>;

export const networkEntryListSchema = z
  .object({
    program: z.object({ id: z.uuid(), name: z.string() }),
    entries: z.array(networkEntrySchema),
  })
  .meta({ id: "NetworkEntryList" });

// ---------------------------------------------------------------- the console's forms

/** Numbers the forms take as typed text: «55,75» and «55.75» both read. */
function parseDecimal(input: string): number | null {
  const compact = input.trim().replace(",", ".");
  if (!/^-?\d+(\.\d+)?$/.test(compact)) return null;
  return Number(compact);
}

function numberField(
  value: string,
  ctx: z.RefinementCtx,
  path: string,
  message: string,
): number | null {
  if (value.trim() === "") return null;
  const parsed = parseDecimal(value);
  if (parsed === null) ctx.addIssue({ code: "custom", path: [path], message });
  return parsed;
}

/** Runs the API schema over what a form made and moves its issues onto the form's fields. */
function checkWith<T>(
  schema: z.ZodType<T>,
  value: unknown,
  ctx: z.RefinementCtx,
  rename: Record<string, string> = {},
  /** Fields the form keeps as one text (one phone a line): an item's issue goes on the field. */
  whole: readonly string[] = [],
): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const [head, ...rest] = issue.path.map(String);
    ctx.addIssue({
      code: "custom",
      path: [rename[head ?? ""] ?? head ?? "", ...(whole.includes(head ?? "") ? [] : rest)],
      message: issue.message,
    });
  }
  return z.NEVER;
}

export const clinicFormSchema = z
  .object({
    name: z.string(),
    address: z.string(),
    metro: z.string(),
    district: z.string(),
    latitude: z.string(),
    longitude: z.string(),
    /** One phone a line. */
    phones: z.string(),
    openingHours: z.string(),
    bookingMode: z.enum(BOOKING_MODES),
    cancellationCutoffHours: z.string(),
    whatToBring: z.string(),
    companyDiscountPercent: z.string(),
    active: z.boolean(),
  })
  .transform((form, ctx): ClinicInput => {
    const cutoff = numberField(
      form.cancellationCutoffHours,
      ctx,
      "cancellationCutoffHours",
      "Целое число часов",
    );
    const discount = numberField(
      form.companyDiscountPercent,
      ctx,
      "companyDiscountPercent",
      "Скидка — число процентов",
    );
    return checkWith(
      clinicInputSchema,
      {
        ...form,
        latitude: numberField(form.latitude, ctx, "latitude", "Широта — число, например 55.7558"),
        longitude: numberField(
          form.longitude,
          ctx,
          "longitude",
          "Долгота — число, например 37.6173",
        ),
        phones: form.phones
          .split(/[\n;]/)
          .map((line) => line.trim())
          .filter(Boolean),
        cancellationCutoffHours: cutoff ?? Number.NaN,
        companyDiscountPercent: discount ?? 0,
      },
      ctx,
      {},
      ["phones"],
    );
  });
export type ClinicForm = z.input<typeof clinicFormSchema>;

export function clinicToForm(clinic: StaffClinic | null): ClinicForm {
  return {
    name: clinic?.name ?? "",
    address: clinic?.address ?? "",
    metro: clinic?.metro ?? "",
    district: clinic?.district ?? "",
    latitude: clinic?.latitude?.toString() ?? "",
    longitude: clinic?.longitude?.toString() ?? "",
    phones: clinic?.phones.join("\n") ?? "",
    openingHours: clinic?.openingHours ?? "",
    bookingMode: clinic?.bookingMode ?? "online",
    cancellationCutoffHours: String(clinic?.cancellationCutoffHours ?? 4),
    whatToBring: clinic?.whatToBring ?? "",
    companyDiscountPercent: String(clinic?.companyDiscountPercent ?? 0).replace(".", ","),
    active: clinic?.active ?? true,
  };
}

export const doctorFormSchema = z
  .object({
    lastName: z.string(),
    firstName: z.string(),
    patronymic: z.string(),
    specialtyId: z.string(),
    practiceSince: z.string(),
    active: z.boolean(),
  })
  .transform((form, ctx): DoctorInput => {
    const year = numberField(form.practiceSince, ctx, "practiceSince", "Год — четыре цифры");
    return checkWith(
      doctorInputSchema,
      { ...form, practiceSince: year ?? Number.NaN, specialtyId: form.specialtyId },
      ctx,
    );
  });
export type DoctorForm = z.input<typeof doctorFormSchema>;

export function doctorToForm(doctor: StaffDoctor | null): DoctorForm {
  return {
    lastName: doctor?.lastName ?? "",
    firstName: doctor?.firstName ?? "",
    patronymic: doctor?.patronymic ?? "",
    specialtyId: doctor?.specialty.id ?? "",
    practiceSince: doctor ? String(doctor.practiceSince) : "",
    active: doctor?.active ?? true,
  };
}

export const serviceFormSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    specialtyId: z.string(),
    priceRubles: z.string(),
    companyDiscountPercent: z.string(),
    isVisit: z.boolean(),
    active: z.boolean(),
  })
  .transform((form, ctx): ServiceInput => {
    const price = parseRubles(form.priceRubles);
    if (price === null) {
      ctx.addIssue({
        code: "custom",
        path: ["priceRubles"],
        message: "Цена в рублях, например 2500 или 2500,50",
      });
    }
    const discount = numberField(
      form.companyDiscountPercent,
      ctx,
      "companyDiscountPercent",
      "Скидка — число процентов",
    );
    const { priceRubles: _typed, ...rest } = form;
    return checkWith(
      serviceInputSchema,
      { ...rest, priceKopecks: price ?? 0, companyDiscountPercent: discount },
      ctx,
      { priceKopecks: "priceRubles" },
    );
  });
export type ServiceForm = z.input<typeof serviceFormSchema>;

export function serviceToForm(service: StaffService | null): ServiceForm {
  return {
    code: service?.code ?? "",
    name: service?.name ?? "",
    specialtyId: service?.specialty.id ?? "",
    priceRubles: service ? formatRublesInput(service.priceKopecks) : "",
    companyDiscountPercent:
      service?.companyDiscountPercent === null || service === null
        ? ""
        : String(service.companyDiscountPercent).replace(".", ","),
    isVisit: service?.isVisit ?? false,
    active: service?.active ?? true,
  };
}

/** The template form: the slot length typed as text, days as in the API. */
export const templateFormSchema = z
  .object({
    slotMinutes: z.string(),
    days: z.array(
      z.object({
        weekday: z.string(),
        hours: z.object({ start: z.string(), end: z.string() }),
        breaks: z.array(z.object({ start: z.string(), end: z.string() })),
      }),
    ),
  })
  .transform((form, ctx): WeeklyTemplateInput => {
    const slot = numberField(form.slotMinutes, ctx, "slotMinutes", "Длительность — число минут");
    return checkWith(
      weeklyTemplateSchema,
      {
        slotMinutes: slot ?? Number.NaN,
        days: form.days.map((day) => ({ ...day, weekday: Number(day.weekday) })),
      },
      ctx,
    );
  });
export type TemplateForm = z.input<typeof templateFormSchema>;

export function templateToForm(template: WeeklyTemplateInput | null): TemplateForm {
  return {
    slotMinutes: String(template?.slotMinutes ?? 30),
    days: (template?.days ?? []).map((day) => ({
      weekday: String(day.weekday),
      hours: { ...day.hours },
      breaks: day.breaks.map((pause) => ({ ...pause })),
    })),
  };
}
