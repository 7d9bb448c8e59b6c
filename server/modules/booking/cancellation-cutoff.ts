/** The clinic's default: a client may cancel up to 4 hours before the start. */
export const DEFAULT_CANCELLATION_CUTOFF_HOURS = 4;

export type ClientCancellation =
  | { allowed: true }
  /** `past_cutoff`: the caller names the clinic's phone; `started`: the visit has begun or is over. */
  | { allowed: false; reason: "past_cutoff" | "started" };

/**
 * Whether the client may still cancel in the cabinet: until `cutoffHours` before the start, that
 * moment included; after it only by calling the clinic.
 */
export function clientCancellation(
  startsAt: Date,
  now: Date,
  cutoffHours: number = DEFAULT_CANCELLATION_CUTOFF_HOURS,
): ClientCancellation {
  if (now.getTime() >= startsAt.getTime()) return { allowed: false, reason: "started" };
  const cutoff = startsAt.getTime() - cutoffHours * 3_600_000;
  return now.getTime() <= cutoff ? { allowed: true } : { allowed: false, reason: "past_cutoff" };
}
