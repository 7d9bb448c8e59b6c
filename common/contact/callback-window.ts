import { TZDate } from "@date-fns/tz";
import { addDays } from "date-fns";
import { MOSCOW, todayInMoscow } from "../format/date.ts";

/**
 * The hours a window may start and end on (Moscow time); the contact centre works round the
 * clock, but a planned call is placed in the daytime.
 */
export const CALLBACK_HOURS = Array.from(
  { length: 15 },
  (_, index) => `${String(8 + index).padStart(2, "0")}:00`,
);

/** A window can be kept while at least this much of it is left: an operator needs time to call. */
export const CALLBACK_LEAD_MINUTES = 30;

/** How long a window the form proposes is, in hours. */
const PROPOSED_HOURS = 2;

export type CallbackDay = "today" | "tomorrow";

export interface CallbackWindowChoice {
  day: CallbackDay;
  /** `hh:mm`, Moscow time. */
  from: string;
  to: string;
}

/** What a refused window is told, on its end's field: the same words on the form and from the API. */
export const callbackRefusalMessages = {
  over: "Это время уже прошло: выберите промежуток позже",
  "too-late": `До конца этого промежутка меньше ${CALLBACK_LEAD_MINUTES} минут, оператор может не успеть: выберите промежуток позже или «Как можно скорее»`,
} as const;

/** `hh:00` → `hh:00` `hours` later. */
function hourAfter(clock: string, hours: number): string {
  return `${String(Number(clock.slice(0, 2)) + hours).padStart(2, "0")}:00`;
}

/** A Moscow calendar date and `hh:mm` → the moment. */
function moscowMoment(isoDate: string, clock: string): Date {
  const [year, month, day] = isoDate.split("-").map(Number);
  const [hours, minutes] = clock.split(":").map(Number);
  return new Date(
    new TZDate(year ?? 0, (month ?? 1) - 1, day ?? 1, hours ?? 0, minutes ?? 0, MOSCOW).getTime(),
  );
}

/** The moments a window of today or tomorrow (Moscow's today, whatever the local zone) spans. */
export function callbackWindowBounds(
  window: CallbackWindowChoice,
  now = new Date(),
): { start: Date; end: Date } {
  const today = todayInMoscow(now);
  const date =
    window.day === "today" ? today : todayInMoscow(addDays(moscowMoment(today, "12:00"), 1));
  return { start: moscowMoment(date, window.from), end: moscowMoment(date, window.to) };
}

/**
 * Why a window cannot be kept, or null when it can: it is over, or less than
 * {@link CALLBACK_LEAD_MINUTES} of it are left. A window that has begun is kept while enough is left.
 */
export function callbackWindowRefusal(
  window: CallbackWindowChoice,
  now = new Date(),
): "over" | "too-late" | null {
  const left = callbackWindowBounds(window, now).end.getTime() - now.getTime();
  if (left <= 0) return "over";
  return left < CALLBACK_LEAD_MINUTES * 60_000 ? "too-late" : null;
}

/**
 * The hours a window of `day` may start at: those whose first hour can still be kept, so today's
 * choice starts with the hour under way while half an hour of it is left.
 */
export function callbackStartHours(day: CallbackDay, now = new Date()): string[] {
  return CALLBACK_HOURS.slice(0, -1).filter(
    (from) => callbackWindowRefusal({ day, from, to: hourAfter(from, 1) }, now) === null,
  );
}

/** The hours a window of `day` starting at `from` may end at, each of them one that can be kept. */
export function callbackEndHours(day: CallbackDay, from: string, now = new Date()): string[] {
  return CALLBACK_HOURS.filter(
    (to) => to > from && callbackWindowRefusal({ day, from, to }, now) === null,
  );
}

/** The days that still have a window to offer: today while one can be kept, and tomorrow. */
export function callbackDays(now = new Date()): CallbackDay[] {
  return callbackStartHours("today", now).length > 0 ? ["today", "tomorrow"] : ["tomorrow"];
}

/**
 * The window a form proposes: the next that can still be kept (on `day` when given), two hours
 * long where it fits.
 */
export function proposedCallbackWindow(
  now = new Date(),
  day: CallbackDay = callbackDays(now)[0] ?? "tomorrow",
): CallbackWindowChoice {
  const from = callbackStartHours(day, now)[0] ?? CALLBACK_HOURS[0] ?? "08:00";
  return { day, from, to: proposedCallbackEnd(day, from, now) };
}

/** The end a form proposes for a window from `from`: two hours later where that can be kept. */
export function proposedCallbackEnd(day: CallbackDay, from: string, now = new Date()): string {
  const ends = callbackEndHours(day, from, now);
  const wanted = hourAfter(from, PROPOSED_HOURS);
  return ends.find((end) => end >= wanted) ?? ends.at(-1) ?? wanted;
}
