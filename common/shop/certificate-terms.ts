import { addDays, addMonths, format } from "date-fns";
import { todayInMoscow } from "../format/date.ts";
import type { ProgramAudience } from "./shop.schema.ts";

// The rules of an online certificate's dates and persons (issue 15), one place for the checkout
// form, the server's checks and the issuing at payment.

/** The start date may be chosen from tomorrow to this many days ahead (Moscow). */
export const START_DAYS_AHEAD = 30;

export const ADULT_AGE = 18;

function calendar(date: string): Date {
  const [year = 0, month = 1, day = 1] = date.split("-").map(Number);
  return new Date(year, month - 1, day);
}

export function shiftDate(date: string, days: number): string {
  return format(addDays(calendar(date), days), "yyyy-MM-dd");
}

/** The first and last start date offered on `today` (Moscow). */
export function startDateRange(today: string = todayInMoscow()): { first: string; last: string } {
  return { first: shiftDate(today, 1), last: shiftDate(today, START_DAYS_AHEAD) };
}

/** The last day of a term of `months` starting on `startsOn`: 2027-01-10 + 12 → 2028-01-09. */
export function termEnd(startsOn: string, months: number): string {
  return format(addDays(addMonths(calendar(startsOn), months), -1), "yyyy-MM-dd");
}

/** Full years of a person born on `birthDate` on `date`. */
export function ageOn(birthDate: string, date: string): number {
  const [by = 0, bm = 0, bd = 0] = birthDate.split("-").map(Number);
  const [y = 0, m = 0, d = 0] = date.split("-").map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** Why a person cannot be covered by a program for `audience` from `startsOn`; null if they can. */
export function audienceProblem(
  audience: ProgramAudience,
  birthDate: string,
  startsOn: string,
): string | null {
  const age = ageOn(birthDate, startsOn);
  if (audience === "adult" && age < ADULT_AGE) {
    return "Программа для взрослых: пациенту должно быть 18 лет на дату начала";
  }
  if (audience === "child" && age >= ADULT_AGE) {
    return "Программа для детей: пациенту должно быть меньше 18 лет на дату начала";
  }
  return null;
}
