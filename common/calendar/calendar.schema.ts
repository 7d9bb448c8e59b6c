import { z } from "zod";

/**
 * The production calendar as the admin edits it: per year, the exceptions to «Monday to Friday
 * work» — a weekday off (a holiday or a transferred day off) and a Saturday or Sunday worked.
 */

export const calendarDayKinds = ["day-off", "workday"] as const;
export const calendarDayKindSchema = z.enum(calendarDayKinds, {
  error: "Укажите вид дня: выходной или рабочий",
});
export type CalendarDayKind = z.infer<typeof calendarDayKindSchema>;

export const MIN_CALENDAR_YEAR = 2000;
export const MAX_CALENDAR_YEAR = 2100;

export const calendarYearParamsSchema = z.object({
  year: z.coerce
    .number({ error: "Укажите год" })
    .int("Укажите год числом")
    .min(MIN_CALENDAR_YEAR, `Год не раньше ${MIN_CALENDAR_YEAR}`)
    .max(MAX_CALENDAR_YEAR, `Год не позже ${MAX_CALENDAR_YEAR}`),
});

export const calendarDaySchema = z.object({
  day: z.string({ error: "Укажите дату" }),
  kind: calendarDayKindSchema,
});
export type CalendarDayInput = z.infer<typeof calendarDaySchema>;

/** The body of PUT /api/staff/calendar/:year: the year's exceptions, all of them. */
export const calendarYearUpdateSchema = z
  .object({
    days: z.array(calendarDaySchema).max(366, "В году не больше 366 дней"),
  })
  .meta({ id: "CalendarYearUpdate" });
export type CalendarYearUpdate = z.infer<typeof calendarYearUpdateSchema>;

function weekday(isoDate: string): number {
  const [year, month, day] = isoDate.split("-").map(Number);
  return new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1)).getUTCDay();
}

function isRealIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [year, month, day] = value.split("-").map(Number);
  const date = new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1));
  return date.toISOString().slice(0, 10) === value;
}

/**
 * The rules of one year's exceptions: each date real and within the year, a day off only on
 * Monday–Friday (Saturday and Sunday are off anyway), a working day only on Saturday or Sunday,
 * each date once.
 */
export function calendarYearDaysSchema(year: number) {
  return calendarYearUpdateSchema.superRefine((value, ctx) => {
    const seen = new Map<string, number>();
    value.days.forEach((entry, index) => {
      const path = ["days", index, "day"];
      if (!isRealIsoDate(entry.day)) {
        ctx.addIssue({ code: "custom", path, message: "Укажите существующую дату" });
        return;
      }
      if (!entry.day.startsWith(`${year}-`)) {
        ctx.addIssue({ code: "custom", path, message: `Дата должна быть в ${year} году` });
        return;
      }
      const earlier = seen.get(entry.day);
      if (earlier !== undefined) {
        ctx.addIssue({
          code: "custom",
          path,
          message: "Эта дата уже есть в списке",
        });
        return;
      }
      seen.set(entry.day, index);
      const day = weekday(entry.day);
      const weekend = day === 0 || day === 6;
      if (entry.kind === "day-off" && weekend) {
        ctx.addIssue({
          code: "custom",
          path,
          message:
            "Суббота и воскресенье и так выходные: выходным можно сделать только будний день",
        });
      }
      if (entry.kind === "workday" && !weekend) {
        ctx.addIssue({
          code: "custom",
          path,
          message: "Рабочим днём по переносу может быть только суббота или воскресенье",
        });
      }
    });
  });
}

export const calendarYearSummarySchema = z.object({
  year: z.number().int(),
  /** Who saved it last; null for a calendar bundled with the release. */
  updatedBy: z.string().nullable(),
  updatedAt: z.string(),
});

export const calendarYearListSchema = z
  .object({ years: z.array(calendarYearSummarySchema) })
  .meta({ id: "CalendarYearList" });
export type CalendarYearList = z.infer<typeof calendarYearListSchema>;

export const calendarYearSchema = z
  .object({
    year: z.number().int(),
    /** False when no calendar is stored for the year: Monday–Friday and the statutory holidays apply. */
    loaded: z.boolean(),
    days: z.array(z.object({ day: z.string(), kind: calendarDayKindSchema })),
  })
  .meta({ id: "CalendarYear" });
export type CalendarYear = z.infer<typeof calendarYearSchema>;
