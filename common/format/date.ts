import { TZDate } from "@date-fns/tz";
import { format, isValid, parse } from "date-fns";

export const MOSCOW = "Europe/Moscow";

// Asked by every contract read: the date is worked out again only in another second.
let lastSecond = Number.NaN;
let lastToday = "";

/** Today's calendar date in Moscow, `yyyy-mm-dd`. */
export function todayInMoscow(now = new Date()): string {
  const second = Math.floor(now.getTime() / 1000);
  if (second !== lastSecond) {
    lastToday = format(new TZDate(now, MOSCOW), "yyyy-MM-dd");
    lastSecond = second;
  }
  return lastToday;
}

/** `dd.mm.yyyy` as people type it → `yyyy-mm-dd`, or null when it is not a real date. */
export function parseRuDate(input: string): string | null {
  const trimmed = input.trim();
  if (!/^\d{2}\.\d{2}\.\d{4}$/.test(trimmed)) return null;
  const date = parse(trimmed, "dd.MM.yyyy", new Date(2000, 0, 1));
  if (!isValid(date)) return null;
  return format(date, "yyyy-MM-dd");
}

/** `yyyy-mm-dd` → `dd.mm.yyyy` for the screen. */
export function formatRuDate(isoDate: string): string {
  const [year, month, day] = isoDate.slice(0, 10).split("-");
  return `${day}.${month}.${year}`;
}

/** A moment shown in Moscow time: `dd.mm.yyyy hh:mm`. */
export function formatMoscowDateTime(moment: string | Date): string {
  return format(new TZDate(new Date(moment), MOSCOW), "dd.MM.yyyy HH:mm");
}
