import type { Db } from "../../db/client.ts";
import { AppError, ServerBusyError } from "../../errors.ts";
import {
  type EventLimit,
  limitReached,
  lockLimitKeys,
  tooManyRequests,
} from "../../plugins/rate-limit.ts";
import {
  latestEventForSubject,
  recordSecurityEvent,
  settleSecurityEvent,
} from "../../plugins/security-log.ts";
import { findClientCredentialsByPhone } from "./clients.repository.ts";
import { refuseWhenHashingFull, unmatchableHash, verifyPassword } from "./password.ts";
import { emitSecurityNotice, isNewDevice } from "./security-notices.ts";
import { openSession, type RequestMeta } from "./sessions.service.ts";

const MINUTE = 60_000;
/** 5 failures for one phone within 15 minutes lock that phone's sign-in for 15 minutes. */
export const PHONE_FAILURE_LIMIT = 5;
export const PHONE_FAILURE_WINDOW_MS = 15 * MINUTE;
export const PHONE_LOCK_MS = 15 * MINUTE;
/** On top: failures from one IP address, whatever the phones. */
export const IP_FAILURE_LIMIT = 30;
export const IP_FAILURE_WINDOW_MS = 15 * MINUTE;

/** What a locked-out person can do meanwhile. */
export const CLIENT_LOCK_HINT =
  "Если вы забыли пароль, восстановите его по SMS («Забыли пароль?»).";
export const STAFF_LOCK_HINT = "Если вы забыли пароль, обратитесь к администратору.";

function subjectLocked(retryAfterMs: number, hint: string): AppError {
  const minutes = Math.max(1, Math.ceil(retryAfterMs / MINUTE));
  return tooManyRequests(
    `Слишком много неудачных попыток входа. Вход для этой учётной записи временно заблокирован — ` +
      `попробуйте через ${minutes} мин. ${hint}`,
    retryAfterMs,
  );
}

const wrongCredentials = new AppError(
  401,
  "wrong-credentials",
  "Неверный телефон или пароль",
  "Проверьте номер телефона и пароль. Если вы забыли пароль, нажмите «Забыли пароль?».",
);

/** When the subject's sign-in lock ends, if it is locked now. */
async function lockedUntilFor(db: Db, subject: string, now: Date): Promise<Date | null> {
  const lockedAt = await latestEventForSubject(
    db,
    subject,
    "sign_in_locked",
    new Date(now.getTime() - PHONE_LOCK_MS),
  );
  return lockedAt ? new Date(lockedAt.getTime() + PHONE_LOCK_MS) : null;
}

/** Where the subject's failures start to count: the window, or its last lock if later. */
async function countingSince(db: Db, subject: string, now: Date): Promise<Date> {
  const windowStart = new Date(now.getTime() - PHONE_FAILURE_WINDOW_MS);
  // Failures before an earlier lock ended do not count towards the next one.
  const lastLock = await latestEventForSubject(db, subject, "sign_in_locked", windowStart);
  return lastLock ?? windowStart;
}

/** Tries that hold a place under the limit: the failed ones and those still being checked. */
const COUNTED_TRIES = ["sign_in_failed", "sign_in_attempt"] as const;
const SUBJECT_TRIES: EventLimit = {
  kinds: COUNTED_TRIES,
  max: PHONE_FAILURE_LIMIT,
  windowMs: PHONE_FAILURE_WINDOW_MS,
};
const SUBJECT_FAILURES: EventLimit = { ...SUBJECT_TRIES, kinds: ["sign_in_failed"] };
const IP_TRIES: EventLimit = {
  kinds: COUNTED_TRIES,
  max: IP_FAILURE_LIMIT,
  windowMs: IP_FAILURE_WINDOW_MS,
};

type Logged = { subject: string; ip: string; userAgent: string | undefined };

/** A password check the lock let through; settle it with acceptSignInAttempt or registerSignInFailure. */
export interface SignInAttempt {
  id: string;
  logged: Logged;
  hint: string;
}

/**
 * Claims one password check for the subject (phone or e-mail) before any hash is spent, or throws
 * 429 while the subject is locked, its tries are used up, or the IP is over its limit. Claims
 * queue on advisory locks of the IP and the subject, and a claimed try counts as a failure until
 * it is settled, so however many tries arrive at once, on however many instances, at most
 * PHONE_FAILURE_LIMIT passwords are checked for a subject in its window. While the password queue
 * is full it throws 503 (ServerBusyError) first, claiming nothing.
 */
export async function claimSignInAttempt(
  db: Db,
  logged: Logged,
  now: Date,
  hint = CLIENT_LOCK_HINT,
): Promise<SignInAttempt> {
  // Under a burst most tries are refused here, and cost no database work.
  refuseWhenHashingFull();
  // A refusal is returned, not thrown, so that its log entry commits with the transaction.
  const outcome = await db.transaction(async (tx): Promise<AppError | string> => {
    await lockLimitKeys(tx, [`sign-in:ip:${logged.ip}`, `sign-in:subject:${logged.subject}`]);
    const lockedUntil = await lockedUntilFor(tx, logged.subject, now);
    if (lockedUntil) {
      await recordSecurityEvent(tx, { kind: "sign_in_refused_locked", ...logged }, now);
      return subjectLocked(lockedUntil.getTime() - now.getTime(), hint);
    }
    if (await limitReached(tx, { ip: logged.ip }, IP_TRIES, now)) {
      await recordSecurityEvent(tx, { kind: "sign_in_refused_ip", ...logged }, now);
      return tooManyRequests(
        "Слишком много неудачных попыток входа с вашего устройства. Попробуйте через 15 минут.",
        IP_FAILURE_WINDOW_MS,
      );
    }
    const since = await countingSince(tx, logged.subject, now);
    if (await limitReached(tx, { subject: logged.subject }, SUBJECT_TRIES, now, since)) {
      // The last tries are still being checked; if they fail, the lock starts about now.
      await recordSecurityEvent(tx, { kind: "sign_in_refused_locked", ...logged }, now);
      return subjectLocked(PHONE_LOCK_MS, hint);
    }
    return recordSecurityEvent(tx, { kind: "sign_in_attempt", ...logged }, now);
  });
  if (outcome instanceof AppError) throw outcome;
  return { id: outcome, logged, hint };
}

/**
 * Checks the password of a claimed try. When the server is too busy to hash it (ServerBusyError,
 * 503), the try is settled as refused for that, which counts towards no limit, and the error goes on.
 */
export async function checkClaimedPassword(
  db: Db,
  attempt: SignInAttempt,
  password: string,
  stored: string | undefined,
  owner: { clientId?: string | null; staffId?: string | null },
): Promise<boolean> {
  try {
    return await passwordMatches(password, stored);
  } catch (error) {
    if (error instanceof ServerBusyError) {
      await settleSecurityEvent(db, attempt.id, "sign_in_refused_busy", owner);
    }
    throw error;
  }
}

/** Settles a try whose password was right: it no longer counts towards the lock. */
export async function acceptSignInAttempt(
  db: Db,
  attempt: SignInAttempt,
  owner: { clientId?: string | null; staffId?: string | null },
): Promise<void> {
  await settleSecurityEvent(db, attempt.id, "sign_in_password_accepted", owner);
}

/** Settles a failed try and locks the subject at the fifth in 15 minutes (then throws 429). */
export async function registerSignInFailure(
  db: Db,
  attempt: SignInAttempt,
  owner: { clientId?: string | null; staffId?: string | null },
  now: Date,
): Promise<void> {
  const { logged } = attempt;
  const locked = await db.transaction(async (tx) => {
    await lockLimitKeys(tx, [`sign-in:subject:${logged.subject}`]);
    await settleSecurityEvent(tx, attempt.id, "sign_in_failed", owner);
    const since = await countingSince(tx, logged.subject, now);
    if (!(await limitReached(tx, { subject: logged.subject }, SUBJECT_FAILURES, now, since))) {
      return false;
    }
    await recordSecurityEvent(tx, { kind: "sign_in_locked", ...owner, ...logged }, now);
    return true;
  });
  if (locked) throw subjectLocked(PHONE_LOCK_MS, attempt.hint);
}

/**
 * Signs a client in by phone and password. Throttled per phone (a lock that the right password
 * does not lift) and per IP; every outcome is written to the security log.
 */
export async function signInClient(
  db: Db,
  input: { phone: string; password: string; remember: boolean },
  meta: RequestMeta,
  now = new Date(),
): Promise<{ token: string; clientId: string; remember: boolean }> {
  const logged = { subject: input.phone, ip: meta.ip, userAgent: meta.userAgent };
  const attempt = await claimSignInAttempt(db, logged, now);

  const client = await findClientCredentialsByPhone(db, input.phone);
  const owner = { clientId: client?.id };
  const valid = await checkClaimedPassword(
    db,
    attempt,
    input.password,
    client?.passwordHash,
    owner,
  );
  if (!client || !valid) {
    await registerSignInFailure(db, attempt, owner, now);
    throw wrongCredentials;
  }
  await acceptSignInAttempt(db, attempt, { clientId: client.id });

  const token = await db.transaction(async (tx) => {
    const opened = await openSession(tx, { clientId: client.id }, input.remember, meta, now);
    const eventId = await recordSecurityEvent(
      tx,
      { kind: "sign_in", clientId: client.id, ...logged },
      now,
    );
    // A sign-in from a device the account never used is told to its owner (decision 0028).
    if (await isNewDevice(tx, client.id, opened.session.id, meta.userAgent)) {
      await emitSecurityNotice(tx, client.id, eventId);
    }
    return opened.token;
  });
  return { token, clientId: client.id, remember: input.remember };
}

/**
 * Checks a password; without a stored hash it still spends one hash, then says no, so the answer's
 * timing does not tell unknown accounts apart. Throws ServerBusyError when the hashing queue is full.
 */
export async function passwordMatches(
  password: string,
  stored: string | undefined,
): Promise<boolean> {
  if (!stored) {
    await verifyPassword(password, unmatchableHash());
    return false;
  }
  return verifyPassword(password, stored);
}
