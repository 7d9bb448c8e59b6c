import type { FieldError } from "../../../common/problem.schema.ts";
import type { Db } from "../../db/client.ts";
import { ValidationError } from "../../errors.ts";
import { countInWindow, tooManyRequests } from "../../plugins/rate-limit.ts";
import { recordSecurityEvent } from "../../plugins/security-log.ts";
import type { RequestMeta } from "./sessions.service.ts";
import {
  closeCode,
  consumeOpenCode,
  findOpenCode,
  recordWrongAttempt,
  type SmsCodePurpose,
} from "./sms-codes.repository.ts";
import { codeMatches, WRONG_CODES_PER_PHONE } from "./sms-codes.service.ts";

const HOUR = 60 * 60_000;
const FAILED = "phone_change_code_failed";
const limit = { kinds: [FAILED], max: WRONG_CODES_PER_PHONE, windowMs: HOUR } as const;

export interface PhoneCodeToCheck {
  phone: string;
  purpose: Extract<SmsCodePurpose, "phone_change_old" | "phone_change_new">;
  code: string;
  /** The form's field that shows this code's error. */
  field: string;
}

/**
 * Checks the codes of one phone change together (old and new number, or the new one alone for a
 * request to the operator). Nothing is used up unless every code is right, so fixing one mistyped
 * code keeps the other; each wrong code counts against its phone's 5 tries an hour, and the
 * fifth burns it. Resolves with the codes' ids for `consumeCheckedCodes`.
 */
export async function checkPhoneCodes(
  db: Db,
  codes: readonly PhoneCodeToCheck[],
  meta: RequestMeta,
  clientId: string,
  now = new Date(),
): Promise<string[]> {
  const failuresOf = new Map<string, number>();
  for (const { phone } of codes) {
    const failures = await countInWindow(db, { subject: phone }, limit, now);
    if (failures >= WRONG_CODES_PER_PHONE) {
      throw tooManyRequests(
        "Слишком много неверных кодов. Запросите новые коды позже — через час после первой ошибки.",
        HOUR,
      );
    }
    failuresOf.set(phone, failures);
  }
  const errors: FieldError[] = [];
  const ids: string[] = [];
  for (const { phone, purpose, code, field } of codes) {
    const open = await findOpenCode(db, phone, purpose);
    if (!open || open.expiresAt <= now) {
      errors.push({ field, message: "Срок действия кода истёк. Нажмите «Выслать коды» ещё раз." });
      continue;
    }
    if (codeMatches(open.codeHash, code)) {
      ids.push(open.id);
      continue;
    }
    const failures = (failuresOf.get(phone) ?? 0) + 1;
    failuresOf.set(phone, failures);
    await recordWrongAttempt(db, open.id);
    await recordSecurityEvent(
      db,
      { kind: FAILED, clientId, subject: phone, ip: meta.ip, userAgent: meta.userAgent },
      now,
    );
    if (failures >= WRONG_CODES_PER_PHONE) {
      await closeCode(db, open.id, { reason: "burnt", at: now });
      errors.push({
        field,
        message: "Неверный код. Попытки исчерпаны — запросите новые коды позже.",
      });
    } else {
      errors.push({
        field,
        message: `Неверный код. Осталось попыток: ${WRONG_CODES_PER_PHONE - failures}.`,
      });
    }
  }
  if (errors.length > 0) throw new ValidationError(errors);
  return ids;
}

/** Uses the checked codes up in the change's transaction; false when one was used meanwhile. */
export async function consumeCheckedCodes(
  db: Db,
  ids: readonly string[],
  now: Date,
): Promise<boolean> {
  for (const id of ids) {
    if (!(await consumeOpenCode(db, id, now))) return false;
  }
  return true;
}
