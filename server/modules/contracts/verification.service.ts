import { contractStatus } from "../../../common/contracts/contract-status.ts";
import type { VerificationResult } from "../../../common/contracts/contracts.schema.ts";
import { todayInMoscow } from "../../../common/format/date.ts";
import type { Db } from "../../db/client.ts";
import { AppError } from "../../errors.ts";
import { countEvents, recordSecurityEvent } from "../identity/security-log.repository.ts";
import { findContractsByNumber } from "./contracts.repository.ts";

/** Checks from one IP address allowed within the window; the counter is shared in PostgreSQL. */
export const VERIFICATION_LIMIT = 20;
export const VERIFICATION_WINDOW_MS = 10 * 60_000;

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
  const recent = await countEvents(
    db,
    { ip: meta.ip },
    ["certificate_verification"],
    new Date(now.getTime() - VERIFICATION_WINDOW_MS),
  );
  if (recent >= VERIFICATION_LIMIT) {
    const minutes = Math.ceil(VERIFICATION_WINDOW_MS / 60_000);
    throw new AppError(
      429,
      "too-many-requests",
      "Слишком много проверок",
      `С вашего устройства выполнено слишком много проверок. Попробуйте снова через ${minutes} минут.`,
      undefined,
      { "retry-after": String(Math.ceil(VERIFICATION_WINDOW_MS / 1000)) },
    );
  }

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
