import { TZDate } from "@date-fns/tz";
import { addDays, format } from "date-fns";
import { MAX_SLOT_SEARCH_DAYS } from "../../../common/booking/booking.schema.ts";
import { MOSCOW, todayInMoscow } from "../../../common/format/date.ts";

const rubles = new Intl.NumberFormat("ru-RU", {
  style: "currency",
  currency: "RUB",
  minimumFractionDigits: 0,
  maximumFractionDigits: 2,
});

/** Kopecks as the screen shows money: «2 125 ₽», «850,50 ₽». */
export function formatRubles(kopecks: number): string {
  return rubles.format(kopecks / 100);
}

/** The Moscow calendar date of a moment, `yyyy-mm-dd` (the times are grouped by it). */
export function moscowDay(moment: string): string {
  return format(new TZDate(new Date(moment), MOSCOW), "yyyy-MM-dd");
}

/** A moment's Moscow wall-clock time, «09:30». */
export function moscowTime(moment: string): string {
  return format(new TZDate(new Date(moment), MOSCOW), "HH:mm");
}

const dayLabel = new Intl.DateTimeFormat("ru-RU", {
  timeZone: "UTC",
  weekday: "short",
  day: "numeric",
  month: "short",
});
const longDayLabel = new Intl.DateTimeFormat("ru-RU", {
  timeZone: "UTC",
  weekday: "long",
  day: "numeric",
  month: "long",
  year: "numeric",
});

/** A calendar date for a day chooser: «ср, 3 дек.». */
export function formatShortDay(isoDate: string): string {
  return dayLabel.format(new Date(`${isoDate}T00:00:00Z`));
}

/** A calendar date in full: «среда, 3 декабря 2026 г.». */
export function formatLongDay(isoDate: string): string {
  return longDayLabel.format(new Date(`${isoDate}T00:00:00Z`));
}

/** Today and the next days in Moscow, `yyyy-mm-dd`, as many as a request may name (14). */
export function requestDays(now = new Date()): string[] {
  const [year, month, day] = todayInMoscow(now).split("-").map(Number);
  const today = new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1));
  return Array.from({ length: MAX_SLOT_SEARCH_DAYS }, (_, index) =>
    addDays(today, index).toISOString().slice(0, 10),
  );
}

/** A name as a label starts: «терапевт» → «Терапевт» (specialties are stored in lower case). */
export function capitalize(text: string): string {
  return text.charAt(0).toLocaleUpperCase("ru-RU") + text.slice(1);
}
