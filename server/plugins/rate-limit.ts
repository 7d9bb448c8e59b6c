import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { lockKeysInTransaction } from "./rate-limit.repository.ts";
import { countEvents, type SecurityEventKind } from "./security-log.repository.ts";

/** Who a limit counts: a subject (a phone, an e-mail) or an IP address. */
export type LimitKey = { subject: string } | { ip: string };

/** At most `max` events of these kinds (in the security log) per key within `windowMs`. */
export interface EventLimit {
  kinds: readonly SecurityEventKind[];
  max: number;
  windowMs: number;
}

/**
 * The one shape of a refusal for going over a limit: 429, a Russian title and detail, and
 * `Retry-After` in whole seconds (at least one).
 */
export function tooManyRequests(
  detail: string,
  retryAfterMs: number,
  title = "Слишком много попыток",
): AppError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new AppError(429, "too-many-requests", title, detail, undefined, {
    "retry-after": String(seconds),
  });
}

/**
 * How many of the limit's events the key had in the window ending `now`, or since `since` when
 * it is given (e.g. the end of an earlier lock).
 */
export async function countInWindow(
  db: Db,
  key: LimitKey,
  limit: EventLimit,
  now: Date,
  since = new Date(now.getTime() - limit.windowMs),
): Promise<number> {
  return countEvents(db, key, limit.kinds, since);
}

/** Whether the key has used up the limit: the next event would be one too many. */
export async function limitReached(
  db: Db,
  key: LimitKey,
  limit: EventLimit,
  now: Date,
  since?: Date,
): Promise<boolean> {
  return (await countInWindow(db, key, limit, now, since)) >= limit.max;
}

/**
 * Throws `refusal()` (a `tooManyRequests`) when the key has used up the limit; otherwise resolves
 * with how many of its events are in the window.
 */
export async function enforceLimit(
  db: Db,
  key: LimitKey,
  limit: EventLimit,
  refusal: () => AppError,
  now: Date,
): Promise<number> {
  const used = await countInWindow(db, key, limit, now);
  if (used >= limit.max) throw refusal();
  return used;
}

/**
 * Holds an advisory lock per key until the transaction ends, so that tries of one key record and
 * count one after another, across app instances on one database: the k-th counts k. Callers pass
 * keys in one fixed order (IP before subject), so two of them never wait for each other.
 */
export async function lockLimitKeys(tx: Db, keys: readonly string[]): Promise<void> {
  await lockKeysInTransaction(tx, keys);
}
