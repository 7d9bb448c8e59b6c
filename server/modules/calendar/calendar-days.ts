import { addDays, format, getDay, parseISO } from "date-fns";

export type CalendarDayKind = "day-off" | "workday";

/**
 * The non-working holidays of art. 112 of the Labour Code. They stand in for a year whose
 * calendar an admin has not loaded yet: without the government's transfers, but better than
 * treating 1 January as a working day.
 */
const STATUTORY_HOLIDAYS = [
  "01-01",
  "01-02",
  "01-03",
  "01-04",
  "01-05",
  "01-06",
  "01-07",
  "01-08",
  "02-23",
  "03-08",
  "05-01",
  "05-09",
  "06-12",
  "11-04",
];

export interface CalendarData {
  /** Exceptions of the loaded years, by `yyyy-mm-dd`. */
  exceptions: ReadonlyMap<string, CalendarDayKind>;
  loadedYears: ReadonlySet<number>;
}

export function isWeekend(isoDate: string): boolean {
  const weekday = getDay(parseISO(isoDate));
  return weekday === 0 || weekday === 6;
}

/** Whether a calendar date is a working day under the production calendar. */
export function isBusinessDayIn(isoDate: string, calendar: CalendarData): boolean {
  if (calendar.loadedYears.has(Number(isoDate.slice(0, 4)))) {
    const exception = calendar.exceptions.get(isoDate);
    if (exception) return exception === "workday";
    return !isWeekend(isoDate);
  }
  return !isWeekend(isoDate) && !STATUTORY_HOLIDAYS.includes(isoDate.slice(5));
}

export function nextIsoDate(isoDate: string, days = 1): string {
  return format(addDays(parseISO(isoDate), days), "yyyy-MM-dd");
}

/** The date `days` working days after `from` (the day itself not counted). */
export function addBusinessDaysIn(from: string, days: number, calendar: CalendarData): string {
  let day = from;
  let left = days;
  while (left > 0) {
    day = nextIsoDate(day);
    if (isBusinessDayIn(day, calendar)) left -= 1;
  }
  return day;
}
