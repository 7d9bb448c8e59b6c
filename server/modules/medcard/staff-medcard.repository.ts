import { and, asc, eq, gte } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import {
  appeals,
  chatConversations,
  contractHolders,
  staffAuditLog,
} from "../../db/schema/index.ts";

// The console's way into a card (decision 0024): a chat names its account and covered person, an
// appeal its contract (whose holders are the accounts) and person. These lookups read the chat's
// and the appeals' tables directly: a card is reached only from them, and only by id.

/** The account and the covered person of a chat, or null. */
export async function findChatPatient(
  db: Db,
  chatId: string,
): Promise<{ clientId: string; personId: string } | null> {
  const [row] = await db
    .select({ clientId: chatConversations.clientId, personId: chatConversations.personId })
    .from(chatConversations)
    .where(eq(chatConversations.id, chatId));
  return row ?? null;
}

/** The covered person of an appeal and the accounts holding its contract, the longest held first. */
export async function findAppealPatient(
  db: Db,
  appealId: string,
): Promise<{ personId: string; holderClientIds: string[] } | null> {
  const [appeal] = await db
    .select({ personId: appeals.personId, contractId: appeals.contractId })
    .from(appeals)
    .where(eq(appeals.id, appealId));
  if (!appeal) return null;
  const holders = await db
    .select({ clientId: contractHolders.clientId })
    .from(contractHolders)
    .where(eq(contractHolders.contractId, appeal.contractId))
    .orderBy(asc(contractHolders.createdAt), asc(contractHolders.clientId));
  return { personId: appeal.personId, holderClientIds: holders.map((row) => row.clientId) };
}

/**
 * Whether this staff member opened this card with a reason since `since` (their «medcard.open»
 * row in the audit log, found through its subject index).
 */
export async function hasOpenedCardSince(
  db: Db,
  staffId: string,
  cardId: string,
  since: Date,
): Promise<boolean> {
  const [row] = await db
    .select({ id: staffAuditLog.id })
    .from(staffAuditLog)
    .where(
      and(
        eq(staffAuditLog.subjectType, "medcard_card"),
        eq(staffAuditLog.subjectId, cardId),
        gte(staffAuditLog.createdAt, since),
        eq(staffAuditLog.staffId, staffId),
        eq(staffAuditLog.action, "medcard.open"),
      ),
    )
    .limit(1);
  return row !== undefined;
}
