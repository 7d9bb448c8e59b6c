import { createHash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import type { SmsCodeSent, VerifiedPhone } from "../../../common/identity/sms-code.schema.ts";
import type { Db } from "../../db/client.ts";
import { ValidationError } from "../../errors.ts";
import type { SmsMessage } from "../../integrations/sms/sms-provider.ts";
import { enforceLimit, tooManyRequests } from "../../plugins/rate-limit.ts";
import type { SecurityEventKind } from "../../plugins/security-log.repository.ts";
import { recordSecurityEvent } from "../../plugins/security-log.ts";
import { phoneCodeSms } from "../notifications/index.ts";
import { findClientCredentialsByPhone } from "./clients.repository.ts";
import type { RequestMeta } from "./sessions.service.ts";
import {
  closeCode,
  closeOpenCodes,
  countCodesSince,
  findOpenCode,
  findValidTicket,
  insertSmsCode,
  latestCodeSentTo,
  useTicket as markTicketUsed,
  recordWrongAttempt,
  type SmsCodePurpose,
} from "./sms-codes.repository.ts";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
export const CODE_TTL_MS = 5 * MINUTE;
export const RESEND_INTERVAL_MS = 60 * SECOND;
export const SENDS_PER_PHONE_PER_HOUR = 5;
export const SENDS_PER_IP_PER_HOUR = 20;
/** Wrong codes for one phone, over all its codes in the last hour, before verification stops. */
export const WRONG_CODES_PER_PHONE = 5;
export const TICKET_TTL_MS = 30 * MINUTE;

/** Queues an SMS for delivery (a job with retries; see server/integrations/sms). */
export interface SmsQueue {
  enqueue(message: SmsMessage): Promise<unknown>;
}

function hashWithSalt(salt: string, value: string): string {
  return createHash("sha256").update(`${salt}:${value}`).digest("hex");
}

export function hashCode(code: string): string {
  const salt = randomBytes(16).toString("hex");
  return `${salt}$${hashWithSalt(salt, code)}`;
}

export function codeMatches(stored: string, code: string): boolean {
  const [salt = "", hash = ""] = stored.split("$");
  const actual = Buffer.from(hashWithSalt(salt, code), "hex");
  const expected = Buffer.from(hash, "hex");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export function hashTicket(ticket: string): string {
  return createHash("sha256").update(ticket).digest("hex");
}

export function minutesText(ms: number): string {
  const seconds = Math.ceil(ms / SECOND);
  return seconds <= 60 ? `${seconds} сек.` : `${Math.ceil(seconds / 60)} мин.`;
}

/**
 * The limits on sending: 60 s between codes of one kind to a phone, 5 codes of any kind per phone
 * and 20 per IP in an hour.
 */
async function checkSendLimits(
  db: Db,
  phone: string,
  purpose: SmsCodePurpose,
  ip: string,
  now: Date,
): Promise<void> {
  const last = await latestCodeSentTo(db, phone, purpose);
  if (last) {
    const wait = last.createdAt.getTime() + RESEND_INTERVAL_MS - now.getTime();
    if (wait > 0) {
      throw tooManyRequests(`Новый код можно запросить через ${minutesText(wait)}`, wait);
    }
  }
  const hourAgo = new Date(now.getTime() - HOUR);
  const byPhone = await countCodesSince(db, { phone }, hourAgo);
  if (byPhone.count >= SENDS_PER_PHONE_PER_HOUR && byPhone.oldest) {
    const wait = byPhone.oldest.getTime() + HOUR - now.getTime();
    throw tooManyRequests(
      `На этот номер уже отправлено ${SENDS_PER_PHONE_PER_HOUR} кодов за час. Запросите новый код через ${minutesText(wait)}`,
      wait,
    );
  }
  const byIp = await countCodesSince(db, { ip }, hourAgo);
  if (byIp.count >= SENDS_PER_IP_PER_HOUR && byIp.oldest) {
    const wait = byIp.oldest.getTime() + HOUR - now.getTime();
    throw tooManyRequests(
      `С вашего устройства запрошено слишком много кодов. Попробуйте через ${minutesText(wait)}`,
      wait,
    );
  }
}

/**
 * «Выслать код». The answer is the same whether or not the phone is registered: for registration
 * a registered owner gets an SMS saying so, for recovery an unknown phone gets nothing; a code
 * row is stored either way, so limits and timing do not tell the cases apart.
 */
export async function sendCode(
  db: Db,
  sms: SmsQueue,
  phone: string,
  purpose: SmsCodePurpose,
  meta: RequestMeta,
  now = new Date(),
): Promise<SmsCodeSent> {
  await checkSendLimits(db, phone, purpose, meta.ip, now);
  const registered = (await findClientCredentialsByPhone(db, phone)) !== null;
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  await closeOpenCodes(db, phone, purpose, "superseded", now);
  await insertSmsCode(db, {
    phone,
    purpose,
    codeHash: hashCode(code),
    ip: meta.ip,
    expiresAt: new Date(now.getTime() + CODE_TTL_MS),
    createdAt: now,
  });
  // Sent directly, not by an event: the code is secret and stored only hashed, so an event (which
  // carries ids and is kept for the live streams) could not carry it (decision 0014).
  const text = phoneCodeSms(purpose, code, registered);
  if (text) await sms.enqueue({ to: phone, text });
  return {
    resendAfterSeconds: RESEND_INTERVAL_MS / SECOND,
    expiresInSeconds: CODE_TTL_MS / SECOND,
  };
}

/** The security-log event of a wrong code, per purpose (each counts towards its own limit). */
const FAILURE_KINDS = {
  registration: "registration_code_failed",
  recovery: "recovery_code_failed",
  callback: "callback_code_failed",
  phone_change_old: "phone_change_code_failed",
  phone_change_new: "phone_change_code_failed",
  account_deletion: "account_deletion_code_failed",
} as const satisfies Record<SmsCodePurpose, SecurityEventKind>;

const wrongCode = (message: string) => new ValidationError([{ field: "code", message }]);

/**
 * Checks a code. Wrong tries count per phone over all its codes in the last hour, so asking for a
 * new code does not give five fresh tries; the fifth burns the code.
 */
export async function verifyCode(
  db: Db,
  phone: string,
  purpose: SmsCodePurpose,
  code: string,
  meta: RequestMeta,
  now = new Date(),
): Promise<VerifiedPhone> {
  const failureKind = FAILURE_KINDS[purpose];
  const failures = await enforceLimit(
    db,
    { subject: phone },
    { kinds: [failureKind], max: WRONG_CODES_PER_PHONE, windowMs: HOUR },
    () =>
      tooManyRequests(
        "Слишком много неверных кодов. Запросите новый код позже — через час после первой ошибки.",
        HOUR,
      ),
    now,
  );
  const open = await findOpenCode(db, phone, purpose);
  if (!open || open.expiresAt <= now) {
    throw wrongCode("Срок действия кода истёк. Нажмите «Выслать код» ещё раз.");
  }
  if (!codeMatches(open.codeHash, code)) {
    await recordWrongAttempt(db, open.id);
    await recordSecurityEvent(
      db,
      { kind: failureKind, subject: phone, ip: meta.ip, userAgent: meta.userAgent },
      now,
    );
    if (failures + 1 >= WRONG_CODES_PER_PHONE) {
      await closeCode(db, open.id, { reason: "burnt", at: now });
      throw wrongCode("Неверный код. Попытки исчерпаны — запросите новый код позже.");
    }
    const left = WRONG_CODES_PER_PHONE - failures - 1;
    throw wrongCode(`Неверный код. Осталось попыток: ${left}.`);
  }
  const ticket = randomBytes(32).toString("base64url");
  await closeCode(db, open.id, {
    reason: "confirmed",
    at: now,
    ticketHash: hashTicket(ticket),
    ticketExpiresAt: new Date(now.getTime() + TICKET_TTL_MS),
  });
  return { ticket, phone, expiresInSeconds: TICKET_TTL_MS / SECOND };
}

/** The phone a still unused, unexpired ticket of this purpose confirmed, or null. */
export async function phoneOfTicket(
  db: Db,
  ticket: string,
  purpose: SmsCodePurpose,
  now = new Date(),
): Promise<string | null> {
  return findValidTicket(db, hashTicket(ticket), purpose, now);
}

/**
 * Uses the ticket up (call it in the transaction that does what the ticket allowed); the phone,
 * or null when it was used meanwhile or expired.
 */
export async function redeemTicket(
  db: Db,
  ticket: string,
  purpose: SmsCodePurpose,
  now = new Date(),
): Promise<string | null> {
  return markTicketUsed(db, hashTicket(ticket), purpose, now);
}
