import type { Db } from "../../db/client.ts";
import { AppError } from "../../errors.ts";
import { findClientCredentialsByPhone } from "./clients.repository.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import {
  countEvents,
  latestEventForSubject,
  recordSecurityEvent,
} from "./security-log.repository.ts";
import { openSession, type RequestMeta } from "./sessions.service.ts";

const MINUTE = 60_000;
/** 5 failures for one phone within 15 minutes lock that phone's sign-in for 15 minutes. */
export const PHONE_FAILURE_LIMIT = 5;
export const PHONE_FAILURE_WINDOW_MS = 15 * MINUTE;
export const PHONE_LOCK_MS = 15 * MINUTE;
/** On top: failures from one IP address, whatever the phones. */
export const IP_FAILURE_LIMIT = 30;
export const IP_FAILURE_WINDOW_MS = 15 * MINUTE;

// Unknown phones still pay for one hash, so the answer's timing does not tell them apart.
let dummyHash: Promise<string> | undefined;

function tooManyTries(detail: string, retryAfterMs: number): AppError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new AppError(429, "too-many-requests", "Слишком много попыток", detail, undefined, {
    "retry-after": String(seconds),
  });
}

/** What a locked-out person can do meanwhile. */
export const CLIENT_LOCK_HINT =
  "Если вы забыли пароль, восстановите его по SMS («Забыли пароль?»).";
export const STAFF_LOCK_HINT = "Если вы забыли пароль, обратитесь к администратору.";

function subjectLocked(retryAfterMs: number, hint: string): AppError {
  const minutes = Math.max(1, Math.ceil(retryAfterMs / MINUTE));
  return tooManyTries(
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

type Logged = { subject: string; ip: string; userAgent: string | undefined };

/** Refuses a sign-in while the subject (phone or e-mail) is locked or the IP over its limit. */
export async function assertSignInAllowed(
  db: Db,
  logged: Logged,
  now: Date,
  hint = CLIENT_LOCK_HINT,
): Promise<void> {
  const lockedUntil = await lockedUntilFor(db, logged.subject, now);
  if (lockedUntil) {
    await recordSecurityEvent(db, { kind: "sign_in_refused_locked", ...logged }, now);
    throw subjectLocked(lockedUntil.getTime() - now.getTime(), hint);
  }
  const ipFailures = await countEvents(
    db,
    { ip: logged.ip },
    ["sign_in_failed"],
    new Date(now.getTime() - IP_FAILURE_WINDOW_MS),
  );
  if (ipFailures >= IP_FAILURE_LIMIT) {
    await recordSecurityEvent(db, { kind: "sign_in_refused_ip", ...logged }, now);
    throw tooManyTries(
      "Слишком много неудачных попыток входа с вашего устройства. Попробуйте через 15 минут.",
      IP_FAILURE_WINDOW_MS,
    );
  }
}

/** Logs a failed try and locks the subject at the fifth in 15 minutes (then throws 429). */
export async function registerSignInFailure(
  db: Db,
  logged: Logged,
  owner: { clientId?: string | null; staffId?: string | null },
  now: Date,
  hint = CLIENT_LOCK_HINT,
): Promise<void> {
  await recordSecurityEvent(db, { kind: "sign_in_failed", ...owner, ...logged }, now);
  // Failures before an earlier lock ended do not count towards the next one.
  const windowStart = new Date(now.getTime() - PHONE_FAILURE_WINDOW_MS);
  const lastLock = await latestEventForSubject(db, logged.subject, "sign_in_locked", windowStart);
  const failures = await countEvents(
    db,
    { subject: logged.subject },
    ["sign_in_failed"],
    lastLock ?? windowStart,
  );
  if (failures >= PHONE_FAILURE_LIMIT) {
    await recordSecurityEvent(db, { kind: "sign_in_locked", ...owner, ...logged }, now);
    throw subjectLocked(PHONE_LOCK_MS, hint);
  }
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
  await assertSignInAllowed(db, logged, now);

  const client = await findClientCredentialsByPhone(db, input.phone);
  const valid = await passwordMatches(input.password, client?.passwordHash);
  if (!client || !valid) {
    await registerSignInFailure(db, logged, { clientId: client?.id }, now);
    throw wrongCredentials;
  }

  const { token } = await openSession(db, { clientId: client.id }, input.remember, meta, now);
  await recordSecurityEvent(db, { kind: "sign_in", clientId: client.id, ...logged }, now);
  return { token, clientId: client.id, remember: input.remember };
}

/** Checks a password; without a stored hash it still spends one hash, then says no. */
export async function passwordMatches(
  password: string,
  stored: string | undefined,
): Promise<boolean> {
  dummyHash ??= hashPassword("timing-equaliser-not-a-password");
  if (!stored) {
    await verifyPassword(password, await dummyHash);
    return false;
  }
  return verifyPassword(password, stored);
}
