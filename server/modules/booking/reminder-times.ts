import { addCalendarDays, moscowDate, moscowInstant, moscowMinutesOfDay } from "./moscow-time.ts";

const QUIET_FROM = 21 * 60;
const QUIET_UNTIL = 9 * 60;
/** Where an evening fallback lands: an hour before quiet hours, so a queued SMS still arrives before 21:00. */
const EVENING_FALLBACK = 20 * 60;
/** A reminder closer to the start than this is no use: the client could not act on it. */
export const MIN_REMINDER_LEAD_MINUTES = 60;

export type ReminderKind = "day_before" | "two_hours_before";
export type Reminder = { kind: ReminderKind; sendAt: Date };

/** Whether a moment is in the quiet hours, 21:00 (included) to 09:00 (excluded) Moscow time. */
export function isQuietHour(moment: Date): boolean {
  const minutes = moscowMinutesOfDay(moment);
  return minutes >= QUIET_FROM || minutes < QUIET_UNTIL;
}

/**
 * When to remind of a visit: 24 hours and 2 hours before the start, never in the quiet hours
 * 21:00–09:00 Moscow time. A reminder that falls in them moves LATER to 09:00 when that is still at
 * least `MIN_REMINDER_LEAD_MINUTES` before the start (an 08:00 visit is reminded the day before at
 * 09:00, not two evenings before); otherwise it moves EARLIER to 20:00 the evening before (a 09:30
 * visit's two-hour reminder comes at 20:00 the previous evening, since 09:00 would leave 30 minutes).
 * A reminder whose time has already passed at `now` (a visit booked an hour ahead), or that would
 * come less than the lead before the start, is not sent: the booking confirmation covers it. Two
 * reminders that land on the same minute are sent once.
 */
export function reminderTimes(startsAt: Date, now: Date): Reminder[] {
  const wanted: [ReminderKind, number][] = [
    ["day_before", 24 * 60],
    ["two_hours_before", 2 * 60],
  ];
  const latest = startsAt.getTime() - MIN_REMINDER_LEAD_MINUTES * 60_000;
  const reminders: Reminder[] = [];
  for (const [kind, minutesBefore] of wanted) {
    const sendAt = outOfQuietHours(new Date(startsAt.getTime() - minutesBefore * 60_000), latest);
    if (sendAt.getTime() < now.getTime() || sendAt.getTime() > latest) continue;
    if (reminders.some((reminder) => reminder.sendAt.getTime() === sendAt.getTime())) continue;
    reminders.push({ kind, sendAt });
  }
  return reminders;
}

function outOfQuietHours(moment: Date, latest: number): Date {
  if (!isQuietHour(moment)) return moment;
  const date = moscowDate(moment);
  const minutes = moscowMinutesOfDay(moment);
  const eveningDate = minutes >= QUIET_FROM ? date : addCalendarDays(date, -1);
  const morning = moscowInstant(
    eveningDate === date ? addCalendarDays(date, 1) : date,
    QUIET_UNTIL,
  );
  if (morning.getTime() <= latest) return morning;
  return moscowInstant(eveningDate, EVENING_FALLBACK);
}

/** What a due reminder does when its job runs at `moment`. */
export type ReminderAtSend =
  | { action: "send" }
  | { action: "defer"; until: Date }
  | { action: "drop" };

/**
 * A reminder's job may run later than planned (the server was down, the queue behind): it is
 * sent only outside the quiet hours and while at least `MIN_REMINDER_LEAD_MINUTES` remain before
 * the start. In the quiet hours it waits for 09:00 Moscow time when that still leaves the lead,
 * and is dropped otherwise; once the lead has passed it is dropped.
 */
export function reminderAtSend(startsAt: Date, moment: Date): ReminderAtSend {
  const latest = startsAt.getTime() - MIN_REMINDER_LEAD_MINUTES * 60_000;
  if (moment.getTime() > latest) return { action: "drop" };
  if (!isQuietHour(moment)) return { action: "send" };
  const date = moscowDate(moment);
  const morning = moscowInstant(
    moscowMinutesOfDay(moment) >= QUIET_FROM ? addCalendarDays(date, 1) : date,
    QUIET_UNTIL,
  );
  return morning.getTime() <= latest ? { action: "defer", until: morning } : { action: "drop" };
}
