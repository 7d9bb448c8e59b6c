import { TZDate } from "@date-fns/tz";
import { addDays, addMinutes } from "date-fns";
import type { CallbackWhen } from "../../../common/contact/contact.schema.ts";
import { MOSCOW, todayInMoscow } from "../../../common/format/date.ts";
import { ValidationError } from "../../errors.ts";

/** An «as soon as possible» call is due within half an hour. */
export const ASAP_MINUTES = 30;

/** A Moscow calendar date and `hh:mm` → the moment. */
function moscowMoment(isoDate: string, clock: string): Date {
  const [year, month, day] = isoDate.split("-").map(Number);
  const [hours, minutes] = clock.split(":").map(Number);
  return new Date(
    new TZDate(year ?? 0, (month ?? 1) - 1, day ?? 1, hours ?? 0, minutes ?? 0, MOSCOW).getTime(),
  );
}

/**
 * When a call-back is due: half an hour from now for «как можно скорее», or the end of the
 * window the client chose today or tomorrow (Moscow time). A window already over is refused.
 */
export function callbackWindow(
  when: CallbackWhen,
  now = new Date(),
): { windowStart: Date | null; windowEnd: Date | null; dueAt: Date } {
  if (when.kind === "asap") {
    return { windowStart: null, windowEnd: null, dueAt: addMinutes(now, ASAP_MINUTES) };
  }
  const today = todayInMoscow(now);
  const day =
    when.day === "today" ? today : todayInMoscow(addDays(moscowMoment(today, "12:00"), 1));
  const windowStart = moscowMoment(day, when.from);
  const windowEnd = moscowMoment(day, when.to);
  if (windowEnd.getTime() <= now.getTime()) {
    throw new ValidationError([
      { field: "when.to", message: "Это время уже прошло: выберите промежуток позже" },
    ]);
  }
  return { windowStart, windowEnd, dueAt: windowEnd };
}
