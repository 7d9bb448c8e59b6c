import { TZDate } from "@date-fns/tz";
import { addDays, format } from "date-fns";
import { MOSCOW } from "../../../common/format/date.ts";

/** `yyyy-mm-dd` → [year, month 1–12, day]. */
export function dateParts(date: string): [number, number, number] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`Not a yyyy-mm-dd date: ${date}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

// The instants of Moscow wall-clock times already worked out (the limit periods' bounds, asked for
// every free time of a search), as epoch milliseconds: a Date handed out is always a new one.
const instants = new Map<string, number>();
const INSTANTS_REMEMBERED = 10_000;

/** A Moscow wall-clock time on a Moscow calendar date (`yyyy-mm-dd`, minutes since midnight) → the UTC instant. */
export function moscowInstant(date: string, minutesOfDay: number): Date {
  const key = `${date} ${minutesOfDay}`;
  const known = instants.get(key);
  if (known !== undefined) return new Date(known);
  const [year, month, day] = dateParts(date);
  const epoch = new TZDate(year, month - 1, day, 0, minutesOfDay, MOSCOW).getTime();
  if (instants.size >= INSTANTS_REMEMBERED) instants.clear();
  instants.set(key, epoch);
  return new Date(epoch);
}

const HOUR_MS = 3_600_000;
// Moscow's offset is a whole number of hours and has only ever changed on the hour, so every
// instant of one UTC hour falls on the same Moscow date. A slot search asks for the date of a
// thousand free times (their coverage) — formatting each through Intl was most of its time.
const datesByUtcHour = new Map<number, string>();
const DATES_REMEMBERED = 24 * 400;

/** The Moscow calendar date (`yyyy-mm-dd`) of an instant. */
export function moscowDate(moment: Date): string {
  const hour = Math.floor(moment.getTime() / HOUR_MS);
  const known = datesByUtcHour.get(hour);
  if (known !== undefined) return known;
  const date = format(new TZDate(moment, MOSCOW), "yyyy-MM-dd");
  if (datesByUtcHour.size >= DATES_REMEMBERED) datesByUtcHour.clear();
  datesByUtcHour.set(hour, date);
  return date;
}

/** Minutes since Moscow midnight of an instant. */
export function moscowMinutesOfDay(moment: Date): number {
  const local = new TZDate(moment, MOSCOW);
  return local.getHours() * 60 + local.getMinutes();
}

/** ISO weekday (Monday 1 … Sunday 7) of a Moscow calendar date. */
export function isoWeekday(date: string): number {
  const [year, month, day] = dateParts(date);
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

/** The calendar date `days` after `date` (both `yyyy-mm-dd`). */
export function addCalendarDays(date: string, days: number): string {
  const [year, month, day] = dateParts(date);
  return format(addDays(new Date(year, month - 1, day), days), "yyyy-MM-dd");
}

/** `HH:mm` → minutes since midnight; `24:00` is the end of the day. */
export function minutesOf(time: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  if (!match) throw new RangeError(`Not an HH:mm time: ${time}`);
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  if (Number(match[2]) > 59 || minutes > 24 * 60)
    throw new RangeError(`Not a time of day: ${time}`);
  return minutes;
}
