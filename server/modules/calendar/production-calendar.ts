import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { projectRoot } from "../../paths.ts";
import {
  allCalendarDays,
  calendarVersion,
  listCalendarYears,
  replaceCalendarYear,
} from "./calendar.repository.ts";
import { addBusinessDaysIn, type CalendarData, isBusinessDayIn } from "./calendar-days.ts";

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
  const stored = new Set((await listCalendarYears(db)).map((entry) => entry.year));
  const files = (await readdir(BUNDLED_DIR)).filter((name) => name.endsWith(".json"));
  for (const file of files.sort()) {
    const data = bundledYearSchema.parse(
      JSON.parse(await readFile(join(BUNDLED_DIR, file), "utf8")),
    );
    if (!stored.has(data.year)) await replaceCalendarYear(db, data.year, data.days, null);
  }
}

// The whole calendar is a few dozen rows a year and changes a few times a year, while every
// contract list asks for business days: it is kept in memory per database and read again only
// when its version (when a year was last replaced, on any instance) is not the one kept.
const kept = new WeakMap<Db, { version: string; calendar: Promise<CalendarData> }>();

async function readCalendar(db: Db): Promise<CalendarData> {
  const [days, years] = await Promise.all([allCalendarDays(db), listCalendarYears(db)]);
  return {
    exceptions: new Map(days.map((entry) => [entry.day, entry.kind])),
    loadedYears: new Set(years.map((entry) => entry.year)),
  };
}

/** The production calendar as stored now: one small version read, the rest from memory. */
async function calendarOf(db: Db): Promise<CalendarData> {
  const version = await calendarVersion(db);
  const entry = kept.get(db);
  if (entry?.version === version) return entry.calendar;
  const calendar = readCalendar(db);
  kept.set(db, { version, calendar });
  calendar.catch(() => {
    if (kept.get(db)?.calendar === calendar) kept.delete(db);
  });
  return calendar;
}

/** Whether a date (`yyyy-mm-dd`) is a working day in Russia. */
export async function isBusinessDay(db: Db, isoDate: string): Promise<boolean> {
  return isBusinessDayIn(isoDate, await calendarOf(db));
}

/**
 * The date `days` working days after `fromIsoDate`, by the production calendar (footnote 1 of
 * the guide: client data reaches the system within 2 business days of the purchase).
 */
export async function addBusinessDays(db: Db, fromIsoDate: string, days: number): Promise<string> {
  const calendar = await calendarOf(db);
  // Every contract list asks the same question all day: answered once per calendar kept.
  let answers = answersOf.get(calendar);
  if (!answers) {
    answers = new Map();
    answersOf.set(calendar, answers);
  }
  const key = `${fromIsoDate}+${days}`;
  let answer = answers.get(key);
  if (answer === undefined) {
    answer = addBusinessDaysIn(fromIsoDate, days, calendar);
    if (answers.size >= 1_000) answers.clear();
    answers.set(key, answer);
  }
  return answer;
}

const answersOf = new WeakMap<CalendarData, Map<string, string>>();
