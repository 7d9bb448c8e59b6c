import type {
  KindChannels,
  NotificationKind,
  QuietHours,
} from "../../../common/notifications/notifications.schema.ts";
import { CONFIGURABLE_NOTIFICATION_KINDS } from "../../../common/notifications/notifications.schema.ts";
import { addCalendarDays, moscowDate, moscowInstant } from "../booking/index.ts";

export type ConfigurableKind = KindChannels["kind"];
export type Channels = Omit<KindChannels, "kind">;

/**
 * The channels of a kind the client has not chosen (decision 0028): what went by SMS and e-mail
 * before the preferences existed keeps going, and push is on for every kind (it reaches only a
 * browser the client subscribed).
 */
export const DEFAULT_CHANNELS: Readonly<Record<ConfigurableKind, Channels>> = {
  chat_reply: { sms: true, email: false, push: true },
  message_reply: { sms: false, email: true, push: true },
  appointment: { sms: true, email: true, push: true },
  reminder: { sms: true, email: true, push: true },
  replacement: { sms: true, email: false, push: true },
  payment: { sms: false, email: false, push: true },
  document: { sms: false, email: false, push: true },
};

/** 21:00–09:00 Moscow time, on, for an account that has not chosen. */
export const DEFAULT_QUIET_HOURS: Readonly<QuietHours> = {
  enabled: true,
  start: "21:00",
  end: "09:00",
};

/** Every configurable kind once, in the contract's order, the stored choice or the default. */
export function channelsOfEveryKind(stored: readonly KindChannels[]): KindChannels[] {
  return CONFIGURABLE_NOTIFICATION_KINDS.map((kind) => {
    const chosen = stored.find((row) => row.kind === kind);
    return chosen
      ? { kind, sms: chosen.sms, email: chosen.email, push: chosen.push }
      : { kind, ...DEFAULT_CHANNELS[kind] };
  });
}

/** Security messages ignore the preferences: every channel, at once. */
export function channelsFor(kind: NotificationKind, stored: readonly KindChannels[]): Channels {
  if (kind === "security") return { sms: true, email: true, push: true };
  const chosen = stored.find((row) => row.kind === kind);
  return chosen
    ? { sms: chosen.sms, email: chosen.email, push: chosen.push }
    : { ...DEFAULT_CHANNELS[kind] };
}

function minutesOfClock(time: string): number {
  const [hours = "0", minutes = "0"] = time.split(":");
  return Number(hours) * 60 + Number(minutes);
}

function moscowMinutes(moment: Date): number {
  const date = moscowDate(moment);
  return Math.round((moment.getTime() - moscowInstant(date, 0).getTime()) / 60_000);
}

/**
 * When the quiet hours that hold `moment` end (Moscow wall-clock), or null when `moment` is not in
 * them (or they are off, or empty: start equal to end). `start` after `end` spans midnight.
 */
export function quietHoursEnd(quiet: QuietHours, moment: Date): Date | null {
  if (!quiet.enabled) return null;
  const start = minutesOfClock(quiet.start);
  const end = minutesOfClock(quiet.end);
  if (start === end) return null;
  const now = moscowMinutes(moment);
  const today = moscowDate(moment);
  if (start < end) {
    return now >= start && now < end ? moscowInstant(today, end) : null;
  }
  if (now >= start) return moscowInstant(addCalendarDays(today, 1), end);
  if (now < end) return moscowInstant(today, end);
  return null;
}

/** Whether an appointment's time falls on today's Moscow date: its changes ignore quiet hours. */
export function isSameDayInMoscow(startsAt: Date | null, moment: Date): boolean {
  return startsAt !== null && moscowDate(startsAt) === moscowDate(moment);
}
