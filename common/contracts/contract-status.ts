import { todayInMoscow } from "../format/date.ts";

export type ContractStatus = "not-started" | "active" | "expired" | "annulled";

/**
 * A contract's status on a Moscow calendar date (`yyyy-mm-dd`); the end date is its last day. An
 * online certificate refunded before its start is annulled: it covers nothing, ever.
 */
export function contractStatus(
  period: { startsOn: string; endsOn: string; annulledAt?: Date | string | null },
  today: string = todayInMoscow(),
): ContractStatus {
  if (period.annulledAt) return "annulled";
  if (today < period.startsOn) return "not-started";
  if (today > period.endsOn) return "expired";
  return "active";
}

/** «Пациент 2» may be added and «Пациент 1» replaced only while today is before the start date. */
export function changesAllowed(period: { startsOn: string }, today: string = todayInMoscow()) {
  return today < period.startsOn;
}
