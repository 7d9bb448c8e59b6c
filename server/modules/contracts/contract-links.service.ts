import { company } from "../../../common/company.ts";
import type {
  AddContractBody,
  AddContractResult,
} from "../../../common/contracts/contracts.schema.ts";
import type { Db } from "../../db/client.ts";
import { AppError, UnauthorizedError } from "../../errors.ts";
import { lockLimitKeys, tooManyRequests } from "../../plugins/rate-limit.ts";
import {
  findLinkableContracts,
  insertHolderLinks,
  insertLinkAttempt,
  listCountedAttempts,
  resolveLinkAttempt,
} from "./contract-holders.repository.ts";
import { findAccountIdentity } from "./contracts.repository.ts";
import { listContracts } from "./contracts.service.ts";

const MINUTE = 60_000;
/** Wrong tries of «Добавить договор» one account may make within the window (like sign-in). */
export const LINK_FAILURE_LIMIT = 5;
/** From one IP address, whatever the accounts: several people may share one (a mobile carrier). */
export const LINK_IP_FAILURE_LIMIT = 20;
export const LINK_WINDOW_MS = 60 * MINUTE;

function tooManyTries(retryAfterMs: number): AppError {
  const minutes = Math.max(1, Math.ceil(retryAfterMs / MINUTE));
  return tooManyRequests(
    `Слишком много неверных попыток добавить договор. Попробуйте через ${minutes} мин. ` +
      `Если номер и дата рождения верны, позвоните в контакт-центр: ${company.phones.contactCentre.display}.`,
    retryAfterMs,
  );
}

// One answer for a wrong number and a wrong date: it must not tell which contracts exist.
function notMatched(triesLeft: number): AppError {
  const left =
    triesLeft > 0
      ? ` Осталось попыток: ${triesLeft}.`
      : " Попытки на этот час закончились: следующую можно будет сделать позже.";
  return new AppError(
    404,
    "contract-not-matched",
    "Договор не найден",
    `Не нашли договор с таким номером, в котором указан человек с такой датой рождения. Проверьте номер договора и дату рождения.${left}`,
  );
}

/**
 * When the next try may be made: once the tries beyond `limit - 1` (other than this one) have
 * left the window. `others` is newest first.
 */
function retryAfterMs(others: Date[], limit: number, now: Date): number {
  const blocking = others[limit - 1];
  return blocking ? blocking.getTime() + LINK_WINDOW_MS - now.getTime() : 0;
}

/**
 * «Добавить договор»: links the contracts with this number (as stored, or without its series) on
 * which a current covered person has this birth date. The try is logged before it is checked and
 * the log is then counted, so tries sent at the same time cannot exceed the limit between them:
 * each insert commits before its count, and the sixth try to commit counts at least six.
 */
export async function addContractByNumber(
  db: Db,
  clientId: string,
  input: AddContractBody,
  meta: { ip: string; userAgent: string | undefined },
  now = new Date(),
): Promise<AddContractResult> {
  const who = await findAccountIdentity(db, clientId);
  if (!who) throw new UnauthorizedError();

  const since = new Date(now.getTime() - LINK_WINDOW_MS);
  // The try is recorded and counted under the IP's and the account's advisory locks (as sign-in
  // does), so simultaneous tries queue: the k-th counts k, and exactly five reach the check.
  const { attemptId, byAccount, byIp } = await db.transaction(async (tx) => {
    await lockLimitKeys(tx, [`contract-link-ip:${meta.ip}`, `contract-link:${who.phone}`]);
    const id = await insertLinkAttempt(tx, {
      clientId,
      phone: who.phone,
      ip: meta.ip,
      userAgent: meta.userAgent,
      at: now,
    });
    return {
      attemptId: id,
      byAccount: await listCountedAttempts(tx, { subject: who.phone }, since),
      byIp: await listCountedAttempts(tx, { ip: meta.ip }, since),
    };
  });
  if (byAccount.length > LINK_FAILURE_LIMIT || byIp.length > LINK_IP_FAILURE_LIMIT) {
    await resolveLinkAttempt(db, attemptId, "contract_link_refused", { number: input.number });
    // This try is one of the listed (the newest or tied with it): the others are the rest.
    const wait = Math.max(
      byAccount.length > LINK_FAILURE_LIMIT
        ? retryAfterMs(byAccount.slice(1), LINK_FAILURE_LIMIT, now)
        : 0,
      byIp.length > LINK_IP_FAILURE_LIMIT
        ? retryAfterMs(byIp.slice(1), LINK_IP_FAILURE_LIMIT, now)
        : 0,
    );
    throw tooManyTries(wait);
  }

  const numbers = [...new Set([input.number, input.number.toUpperCase()])];
  const contractIds = await findLinkableContracts(db, numbers, input.birthDate);
  if (contractIds.length === 0) {
    await resolveLinkAttempt(db, attemptId, "contract_link_failed", { number: input.number });
    throw notMatched(LINK_FAILURE_LIMIT - byAccount.length);
  }
  await insertHolderLinks(db, clientId, contractIds, "number", now);
  await resolveLinkAttempt(db, attemptId, "contract_linked", { contracts: contractIds });
  const { contracts } = await listContracts(db, clientId);
  return { added: contracts.filter((contract) => contractIds.includes(contract.id)) };
}
