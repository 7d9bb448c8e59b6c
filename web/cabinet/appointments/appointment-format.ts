import type { TFunction } from "i18next";
import type {
  AppointmentView,
  CoverageView,
  SlotView,
} from "../../../common/booking/booking.schema.ts";
import { MOSCOW } from "../../../common/format/date.ts";

type T = TFunction<"appointments">;

const dayFormat = new Intl.DateTimeFormat("ru-RU", {
  timeZone: MOSCOW,
  weekday: "long",
  day: "numeric",
  month: "long",
  year: "numeric",
});
const shortDayFormat = new Intl.DateTimeFormat("ru-RU", {
  timeZone: MOSCOW,
  weekday: "short",
  day: "numeric",
  month: "short",
});
const timeFormat = new Intl.DateTimeFormat("ru-RU", {
  timeZone: MOSCOW,
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});
const dayKeyFormat = new Intl.DateTimeFormat("en-CA", {
  timeZone: MOSCOW,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});
const rubles = new Intl.NumberFormat("ru-RU", {
  style: "currency",
  currency: "RUB",
  minimumFractionDigits: 0,
  maximumFractionDigits: 2,
});

/** «среда, 9 декабря 2026 г.» in Moscow. */
export function moscowDay(moment: string): string {
  return dayFormat.format(new Date(moment));
}

/** «ср, 9 дек.» in Moscow, for a day's button. */
export function moscowShortDay(moment: string): string {
  return shortDayFormat.format(new Date(moment));
}

/** «10:30» in Moscow. */
export function moscowTime(moment: string): string {
  return timeFormat.format(new Date(moment));
}

/** The Moscow calendar date of a moment, `yyyy-mm-dd`. */
export function moscowDayKey(moment: string): string {
  return dayKeyFormat.format(new Date(moment));
}

/** «среда, 9 декабря 2026 г., 10:30» in Moscow. */
export function moscowDateTime(t: T, moment: string): string {
  return t("when.at", { date: moscowDay(moment), time: moscowTime(moment) });
}

/** 190000 kopecks → «1 900 ₽». */
export function formatRubles(kopecks: number): string {
  return rubles.format(kopecks / 100);
}

/** What the visit costs this person: «По программе», «Нужно гарантийное письмо», «Платно: …». */
export function coverageLabel(t: T, coverage: CoverageView, short = false): string {
  if (coverage.kind !== "paid") return t(`coverage.${coverage.kind}`);
  const company = formatRubles(coverage.companyPriceKopecks);
  return short
    ? t("coverage.paidShort", { company })
    : t("coverage.paid", { company, clinic: formatRubles(coverage.clinicPriceKopecks) });
}

export type DisplayStatus = AppointmentView["status"] | "moved";

/** The status in the guide's words; the old row of a move says «Перенесена», not «Отменена». */
export function displayStatus(appointment: Pick<AppointmentView, "status" | "movedToId">) {
  return appointment.status === "cancelled" && appointment.movedToId !== null
    ? ("moved" as const)
    : appointment.status;
}

/** The status of each history entry: the cancellation that moved the appointment says «Перенесена». */
export function historyStatuses(appointment: AppointmentView): DisplayStatus[] {
  const lastCancel = appointment.history.findLastIndex((entry) => entry.status === "cancelled");
  return appointment.history.map((entry, index) =>
    appointment.movedToId !== null && index === lastCancel ? "moved" : entry.status,
  );
}

/** A request's preferred days as «10.12, 11.12». */
function requestDays(days: readonly string[]): string {
  return days.map((day) => `${day.slice(8, 10)}.${day.slice(5, 7)}`).join(", ");
}

/** When the visit is: its Moscow date and time, or a request's preferred days and time of day. */
export function appointmentWhen(t: T, appointment: AppointmentView): string {
  if (appointment.startsAt) return moscowDateTime(t, appointment.startsAt);
  const request = appointment.request;
  if (!request) return t("status.requested");
  return t("when.request", {
    days: requestDays(request.days),
    timeOfDay: t(`timeOfDay.${request.timeOfDay}`),
  });
}

/** Live statuses: the visit is still to happen (or to be booked). */
export function isLive(appointment: Pick<AppointmentView, "status">): boolean {
  return (
    appointment.status === "requested" ||
    appointment.status === "awaiting_letter" ||
    appointment.status === "confirmed"
  );
}

export interface SlotDay {
  key: string;
  /** The first slot's start, for the day's labels. */
  firstStartsAt: string;
  slots: SlotView[];
}

/** Free times grouped by their Moscow day, days and times in order. */
export function groupSlotsByDay(slots: readonly SlotView[]): SlotDay[] {
  const sorted = [...slots].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  const days: SlotDay[] = [];
  for (const slot of sorted) {
    const key = moscowDayKey(slot.startsAt);
    const last = days.at(-1);
    if (last?.key === key) last.slots.push(slot);
    else days.push({ key, firstStartsAt: slot.startsAt, slots: [slot] });
  }
  return days;
}
