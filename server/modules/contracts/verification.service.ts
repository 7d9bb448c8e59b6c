import { contractStatus } from "../../../common/contracts/contract-status.ts";
import type { VerificationResult } from "../../../common/contracts/contracts.schema.ts";
import { todayInMoscow } from "../../../common/format/date.ts";
import type { Db } from "../../db/client.ts";
import { type EventLimit, enforceLimit, tooManyRequests } from "../../plugins/rate-limit.ts";
import { recordSecurityEvent } from "../../plugins/security-log.ts";
import { findContractsByNumber } from "./contracts.repository.ts";

/** Checks from one IP address allowed within the window; the counter is shared in PostgreSQL. */
export const VERIFICATION_LIMIT = 20;
export const VERIFICATION_WINDOW_MS = 10 * 60_000;
const VERIFICATIONS: EventLimit = {
  kinds: ["certificate_verification"],
  max: VERIFICATION_LIMIT,
  windowMs: VERIFICATION_WINDOW_MS,
};

function tooManyChecks() {
  const minutes = Math.ceil(VERIFICATION_WINDOW_MS / 60_000);
  return tooManyRequests(
    `С вашего устройства выполнено слишком много проверок. Попробуйте снова через ${minutes} минут.`,
    VERIFICATION_WINDOW_MS,
    "Слишком много проверок",
  );
}

/**
 * The public check behind a certificate's QR code: valid today, and for which program, only when
 * the number and a current covered person's birth date both match. An unknown number, a wrong
 * birth date, a contract not started or expired all get the same answer, so the page tells a
 * stranger nothing about who holds which certificate.
 */
export async function verifyCertificate(
  db: Db,
  input: { number: string; birthDate: string },
  meta: { ip: string; userAgent: string | undefined },
  now = new Date(),
): Promise<VerificationResult> {
  await enforceLimit(db, { ip: meta.ip }, VERIFICATIONS, tooManyChecks, now);

  const today = todayInMoscow(now);
  const candidates = await findContractsByNumber(db, input.number);
  const valid = candidates.find(
    (contract) =>
      contract.birthDates.includes(input.birthDate) && contractStatus(contract, today) === "active",
  );
  await recordSecurityEvent(
    db,
    {
      kind: "certificate_verification",
      ip: meta.ip,
      userAgent: meta.userAgent ?? null,
      details: { valid: valid !== undefined },
    },
    now,
  );
  return valid ? { valid: true, programName: valid.programName } : { valid: false };
}
