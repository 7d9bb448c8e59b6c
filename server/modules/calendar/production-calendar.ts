import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { projectRoot } from "../../paths.ts";
import {
  calendarDaysBetween,
  listCalendarYears,
  loadedYearsAmong,
  replaceCalendarYear,
} from "./calendar.repository.ts";
import {
  addBusinessDaysIn,
  type CalendarData,
  isBusinessDayIn,
  nextIsoDate,
} from "./calendar-days.ts";

const BUNDLED_DIR = join(projectRoot, "server/modules/calendar/data");

const bundledYearSchema = z.object({
  year: z.number().int(),
  days: z.array(z.object({ day: z.iso.date(), kind: z.enum(["day-off", "workday"]) })),
});

/**
 * Stores the production calendars bundled with the release for the years that have none yet.
 * A year an admin has loaded or edited is never overwritten.
 */
export async function publishBundledCalendars(db: Db): Promise<void> {
  const loaded = new Set((await listCalendarYears(db)).map((entry) => entry.year));
  const files = (await readdir(BUNDLED_DIR)).filter((name) => name.endsWith(".json"));
  for (const file of files.sort()) {
    const data = bundledYearSchema.parse(
      JSON.parse(await readFile(join(BUNDLED_DIR, file), "utf8")),
    );
    if (!loaded.has(data.year)) await replaceCalendarYear(db, data.year, data.days, null);
  }
}

/** The calendar between two dates, as much as is loaded. */
async function calendarBetween(db: Db, from: string, to: string): Promise<CalendarData> {
  const years = [];
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++)
    years.push(year);
  const [days, loadedYears] = await Promise.all([
    calendarDaysBetween(db, from, to),
    loadedYearsAmong(db, years),
  ]);
  return {
    exceptions: new Map(days.map((entry) => [entry.day, entry.kind])),
    loadedYears: new Set(loadedYears),
  };
}

/** Whether a date (`yyyy-mm-dd`) is a working day in Russia. */
export async function isBusinessDay(db: Db, isoDate: string): Promise<boolean> {
  return isBusinessDayIn(isoDate, await calendarBetween(db, isoDate, isoDate));
}

/**
 * The date `days` working days after `fromIsoDate`, by the production calendar (footnote 1 of
 * the guide: client data reaches the system within 2 business days of the purchase).
 */
export async function addBusinessDays(db: Db, fromIsoDate: string, days: number): Promise<string> {
  // Russia's longest run of days off is about twelve days (New Year): a window of 3 weeks per
  // working day asked for is plenty.
  const calendar = await calendarBetween(db, fromIsoDate, nextIsoDate(fromIsoDate, 21 * days + 21));
  return addBusinessDaysIn(fromIsoDate, days, calendar);
}
