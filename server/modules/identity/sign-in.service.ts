import type { Db } from "../../db/client.ts";
import { AppError } from "../../errors.ts";
import { findClientCredentialsByPhone } from "./clients.repository.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import {
  countEventsForSubject,
  countEventsFromIp,
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

function phoneLocked(retryAfterMs: number): AppError {
  const minutes = Math.max(1, Math.ceil(retryAfterMs / MINUTE));
  return tooManyTries(
    `Слишком много неудачных попыток входа. Вход по этому номеру временно заблокирован — ` +
      `попробуйте через ${minutes} мин. Если вы забыли пароль, восстановите его по SMS ` +
      `(«Забыли пароль?»).`,
    retryAfterMs,
  );
}

const wrongCredentials = new AppError(
  401,
  "wrong-credentials",
  "Неверный телефон или пароль",
  "Проверьте номер телефона и пароль. Если вы забыли пароль, нажмите «Забыли пароль?».",
);

/** When the phone's sign-in lock ends, if it is locked now. */
async function phoneLockedUntil(db: Db, phone: string, now: Date): Promise<Date | null> {
  const lockedAt = await latestEventForSubject(
    db,
    phone,
    "sign_in_locked",
    new Date(now.getTime() - PHONE_LOCK_MS),
  );
  return lockedAt ? new Date(lockedAt.getTime() + PHONE_LOCK_MS) : null;
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
  const { phone } = input;
  const logged = { subject: phone, ip: meta.ip, userAgent: meta.userAgent };

  const lockedUntil = await phoneLockedUntil(db, phone, now);
  if (lockedUntil) {
    await recordSecurityEvent(db, { kind: "sign_in_refused_locked", ...logged }, now);
    throw phoneLocked(lockedUntil.getTime() - now.getTime());
  }
  const ipFailures = await countEventsFromIp(
    db,
    meta.ip,
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

  const client = await findClientCredentialsByPhone(db, phone);
  dummyHash ??= hashPassword("timing-equaliser-not-a-password");
  const valid = client
    ? await verifyPassword(input.password, client.passwordHash)
    : await verifyPassword(input.password, await dummyHash).then(() => false);

  if (!client || !valid) {
    await recordSecurityEvent(db, { kind: "sign_in_failed", clientId: client?.id, ...logged }, now);
    // Failures before an earlier lock ended do not count towards the next one.
    const windowStart = new Date(now.getTime() - PHONE_FAILURE_WINDOW_MS);
    const failures = await countEventsForSubject(db, phone, ["sign_in_failed"], windowStart);
    const lastLock = await latestEventForSubject(db, phone, "sign_in_locked", windowStart);
    const sinceLock = lastLock
      ? await countEventsForSubject(db, phone, ["sign_in_failed"], lastLock)
      : failures;
    if (sinceLock >= PHONE_FAILURE_LIMIT) {
      await recordSecurityEvent(
        db,
        { kind: "sign_in_locked", clientId: client?.id, ...logged },
        now,
      );
      throw phoneLocked(PHONE_LOCK_MS);
    }
    throw wrongCredentials;
  }

  const { token } = await openSession(db, { clientId: client.id }, input.remember, meta, now);
  await recordSecurityEvent(db, { kind: "sign_in", clientId: client.id, ...logged }, now);
  return { token, clientId: client.id, remember: input.remember };
}
