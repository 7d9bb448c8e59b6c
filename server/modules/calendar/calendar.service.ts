import {
  type CalendarYear,
  type CalendarYearList,
  type CalendarYearUpdate,
  calendarYearDaysSchema,
} from "../../../common/calendar/calendar.schema.ts";
import type { Db } from "../../db/client.ts";
import { ValidationError } from "../../errors.ts";
import { getCalendarYear, listCalendarYears, replaceCalendarYear } from "./calendar.repository.ts";

/** The loaded years, with when and by whom each was last changed. */
export async function calendarYears(db: Db): Promise<CalendarYearList> {
  const years = await listCalendarYears(db);
  return { years: years.map((entry) => ({ ...entry, updatedAt: entry.updatedAt.toISOString() })) };
}

/** A year's exceptions (none, and not loaded, for a year never loaded). */
export async function calendarYear(db: Db, year: number): Promise<CalendarYear> {
  return getCalendarYear(db, year);
}

/**
 * Replaces a year's exceptions with `input`'s, once every day is checked against the year (a
 * day-off only on a weekday, a workday only at a weekend, each date once); resolves with the year.
 */
export async function saveCalendarYear(
  db: Db,
  year: number,
  input: CalendarYearUpdate,
  staffId: string,
): Promise<CalendarYear> {
  const checked = calendarYearDaysSchema(year).safeParse(input);
  if (!checked.success) {
    throw new ValidationError(
      checked.error.issues.map((issue) => ({
        field: issue.path.join("."),
        message: issue.message,
      })),
    );
  }
  const days = [...checked.data.days].sort((a, b) => a.day.localeCompare(b.day));
  await replaceCalendarYear(db, year, days, staffId);
  return getCalendarYear(db, year);
}
