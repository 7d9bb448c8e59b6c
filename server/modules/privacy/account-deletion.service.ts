import type {
  AccountDeletionInfo,
  DeletionBlocker,
  DeletionCodeSent,
} from "../../../common/privacy/privacy.schema.ts";
import type { Db } from "../../db/client.ts";
import { ConflictError, UnauthorizedError, ValidationError } from "../../errors.ts";
import { recordSecurityEvent } from "../../plugins/security-log.ts";
import { redeemTicket, type SmsQueue, sendCode, verifyCode } from "../identity/index.ts";
import {
  type AccountToDelete,
  eraseAccountNow,
  findAccountToDelete,
  findDeletionBlockers,
} from "./account-erasure.repository.ts";

/**
 * What waits is the security log of the account (its sign-ins, the deletion's own code): kept a
 * week so that a deletion its owner disputes (a stolen phone) can be looked into, then erased by
 * the job — well inside the 30 days of 152-FZ art. 21 part 5.
 */
export const DEFERRED_ERASURE_DAYS = 7;
const DAY_MS = 24 * 60 * 60_000;

export interface RequestMeta {
  ip: string;
  userAgent: string | undefined;
}

const BLOCKER_TEXT: Record<DeletionBlocker, string> = {
  appointments: "у вас есть предстоящая запись к врачу — отмените её в разделе «Мои записи»",
  chats: "идёт консультация в «Чате с врачом» — дождитесь, пока врач её завершит",
  orders: "есть заказ, ожидающий оплаты, — оплатите его или дождитесь отмены (не дольше часа)",
};

async function accountOf(db: Db, clientId: string): Promise<AccountToDelete> {
  const account = await findAccountToDelete(db, clientId);
  if (!account) throw new UnauthorizedError();
  return account;
}

async function blockersOf(db: Db, clientId: string, now: Date): Promise<DeletionBlocker[]> {
  const found = await findDeletionBlockers(db, clientId, now);
  return (Object.keys(BLOCKER_TEXT) as DeletionBlocker[]).filter((key) => found[key]);
}

function refuseWhileBlocked(blockers: DeletionBlocker[]): void {
  if (blockers.length === 0) return;
  const reasons = blockers.map((key) => BLOCKER_TEXT[key]).join("; ");
  throw new ConflictError(`Сейчас удалить учётную запись нельзя: ${reasons}.`);
}

/** «Удалить учётную запись», before the code: the phone it goes to and what stands in the way. */
export async function accountDeletionInfo(
  db: Db,
  clientId: string,
  now = new Date(),
): Promise<AccountDeletionInfo> {
  const account = await accountOf(db, clientId);
  return { phone: account.phone, blockers: await blockersOf(db, clientId, now) };
}

/** «Получить код»: an SMS code to the account's phone (the limits of every SMS code apply). */
export async function sendDeletionCode(
  db: Db,
  sms: SmsQueue,
  clientId: string,
  meta: RequestMeta,
  now = new Date(),
): Promise<DeletionCodeSent> {
  const account = await accountOf(db, clientId);
  refuseWhileBlocked(await blockersOf(db, clientId, now));
  return sendCode(db, sms, account.phone, "account_deletion", meta, now);
}

/**
 * «Удалить учётную запись» with the code from the SMS. A wrong code changes nothing (400, the try
 * counted). A right one, in one transaction: every session of the account ends (in the database,
 * so on every instance), its phone is freed for a new account, its person data goes, and the
 * deferred erasure is booked for the job (decision 0029).
 */
export async function deleteAccount(
  db: Db,
  clientId: string,
  code: string,
  meta: RequestMeta,
  now = new Date(),
): Promise<{ deletedAt: string; purgeDueAt: string; sessionsEnded: number }> {
  const account = await accountOf(db, clientId);
  refuseWhileBlocked(await blockersOf(db, clientId, now));
  const { ticket } = await verifyCode(db, account.phone, "account_deletion", code, meta, now);
  const purgeDueAt = new Date(now.getTime() + DEFERRED_ERASURE_DAYS * DAY_MS);
  const sessionsEnded = await db.transaction(async (tx) => {
    if (!(await redeemTicket(tx, ticket, "account_deletion", now))) {
      throw new ValidationError([
        { field: "code", message: "Код уже использован или устарел. Запросите новый." },
      ]);
    }
    // Checked again inside: a visit booked from another tab meanwhile still stops it.
    refuseWhileBlocked(await blockersOf(tx, clientId, now));
    const ended = await eraseAccountNow(tx, account, now, purgeDueAt);
    await recordSecurityEvent(
      tx,
      {
        kind: "account_deleted",
        clientId,
        ip: meta.ip,
        userAgent: meta.userAgent,
        details: { sessionsEnded: ended },
      },
      now,
    );
    return ended;
  });
  return { deletedAt: now.toISOString(), purgeDueAt: purgeDueAt.toISOString(), sessionsEnded };
}
