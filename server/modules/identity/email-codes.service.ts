import { randomInt } from "node:crypto";
import type { CodeSent } from "../../../common/identity/personal-data.schema.ts";
import type { Db } from "../../db/client.ts";
import { ValidationError } from "../../errors.ts";
import type { EmailMessage } from "../../integrations/email/email-provider.ts";
import { enforceLimit, tooManyRequests } from "../../plugins/rate-limit.ts";
import { recordSecurityEvent } from "../../plugins/security-log.ts";
import { emailChangeCodeEmail } from "../notifications/index.ts";
import {
  closeEmailCode,
  closeOpenEmailCodes,
  countEmailCodesSince,
  findOpenEmailCode,
  insertEmailCode,
  latestEmailCodeOf,
  recordWrongEmailAttempt,
} from "./email-codes.repository.ts";
import type { RequestMeta } from "./sessions.service.ts";
import {
  CODE_TTL_MS,
  codeMatches,
  hashCode,
  minutesText,
  RESEND_INTERVAL_MS,
  SENDS_PER_IP_PER_HOUR,
  SENDS_PER_PHONE_PER_HOUR,
  WRONG_CODES_PER_PHONE,
} from "./sms-codes.service.ts";

// The e-mail code keeps the SMS code's rules (DESIGN.md): 6 digits, 5 minutes, 5 tries, 60 s
// between sends, 5 sends an hour per address and per account, 20 per IP.
const HOUR = 60 * 60_000;

/** Queues an e-mail for delivery (a job with retries; see server/integrations/email). */
export interface EmailQueue {
  enqueue(message: EmailMessage): Promise<unknown>;
}

const wrongCode = (message: string) => new ValidationError([{ field: "code", message }]);

async function checkSendLimits(
  db: Db,
  clientId: string,
  email: string,
  ip: string,
  now: Date,
): Promise<void> {
  const last = await latestEmailCodeOf(db, clientId);
  if (last) {
    const wait = last.createdAt.getTime() + RESEND_INTERVAL_MS - now.getTime();
    if (wait > 0) {
      throw tooManyRequests(`Новый код можно запросить через ${minutesText(wait)}`, wait);
    }
  }
  const hourAgo = new Date(now.getTime() - HOUR);
  for (const by of [{ email }, { clientId }]) {
    const sent = await countEmailCodesSince(db, by, hourAgo);
    if (sent.count >= SENDS_PER_PHONE_PER_HOUR && sent.oldest) {
      const wait = sent.oldest.getTime() + HOUR - now.getTime();
      throw tooManyRequests(
        `Уже отправлено ${SENDS_PER_PHONE_PER_HOUR} кодов за час. Запросите новый код через ${minutesText(wait)}`,
        wait,
      );
    }
  }
  const byIp = await countEmailCodesSince(db, { ip }, hourAgo);
  if (byIp.count >= SENDS_PER_IP_PER_HOUR && byIp.oldest) {
    const wait = byIp.oldest.getTime() + HOUR - now.getTime();
    throw tooManyRequests(
      `С вашего устройства запрошено слишком много кодов. Попробуйте через ${minutesText(wait)}`,
      wait,
    );
  }
}

/** Sends a 6-digit code to the new address; the previous open code of the account stops working. */
export async function sendEmailCode(
  db: Db,
  email: EmailQueue,
  clientId: string,
  address: string,
  meta: RequestMeta,
  now = new Date(),
): Promise<CodeSent> {
  await checkSendLimits(db, clientId, address, meta.ip, now);
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  await closeOpenEmailCodes(db, clientId, "superseded", now);
  await insertEmailCode(db, {
    clientId,
    email: address,
    codeHash: hashCode(code),
    ip: meta.ip,
    expiresAt: new Date(now.getTime() + CODE_TTL_MS),
    createdAt: now,
  });
  // Sent directly, like the SMS codes: the code is stored only hashed (decision 0014).
  await email.enqueue(emailChangeCodeEmail(address, code));
  return {
    resendAfterSeconds: RESEND_INTERVAL_MS / 1000,
    expiresInSeconds: CODE_TTL_MS / 1000,
  };
}

/**
 * Checks the code sent to `address`: wrong tries count per account over the last hour, so a new
 * code gives no fresh tries, and the fifth burns the code. Resolves with the code's id, to be
 * closed (`consumeEmailCode`) in the transaction that changes the address.
 */
export async function checkEmailCode(
  db: Db,
  clientId: string,
  address: string,
  code: string,
  meta: RequestMeta,
  now = new Date(),
): Promise<string> {
  const kind = "email_change_code_failed";
  const failures = await enforceLimit(
    db,
    { subject: clientId },
    { kinds: [kind], max: WRONG_CODES_PER_PHONE, windowMs: HOUR },
    () =>
      tooManyRequests(
        "Слишком много неверных кодов. Запросите новый код позже — через час после первой ошибки.",
        HOUR,
      ),
    now,
  );
  const open = await findOpenEmailCode(db, clientId, address);
  if (!open || open.expiresAt <= now) {
    throw wrongCode("Срок действия кода истёк. Нажмите «Выслать код» ещё раз.");
  }
  if (!codeMatches(open.codeHash, code)) {
    await recordWrongEmailAttempt(db, open.id);
    await recordSecurityEvent(
      db,
      { kind, clientId, subject: clientId, ip: meta.ip, userAgent: meta.userAgent },
      now,
    );
    if (failures + 1 >= WRONG_CODES_PER_PHONE) {
      await closeEmailCode(db, open.id, "burnt", now);
      throw wrongCode("Неверный код. Попытки исчерпаны — запросите новый код позже.");
    }
    throw wrongCode(`Неверный код. Осталось попыток: ${WRONG_CODES_PER_PHONE - failures - 1}.`);
  }
  return open.id;
}

/** Uses the checked code up; false when a concurrent request used it first. */
export function consumeEmailCode(db: Db, id: string, now = new Date()): Promise<boolean> {
  return closeEmailCode(db, id, "confirmed", now);
}
