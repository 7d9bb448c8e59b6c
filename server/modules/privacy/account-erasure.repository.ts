import { and, eq, gt, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import {
  accountDeletions,
  appointments,
  callbackRequests,
  chatConversations,
  clientMessages,
  clients,
  consents,
  contractHolders,
  dataExports,
  emailCodes,
  legalDocuments,
  medcardCards,
  medcardDocuments,
  medcardEntries,
  medcardShares,
  messageAttachments,
  notificationPreferences,
  notificationQuietHours,
  notifications,
  orders,
  outboxMessages,
  personalDataRequests,
  privacyRequests,
  pushSubscriptions,
  replacementRequests,
  securityEvents,
  sessions,
  smsCodes,
} from "../../db/schema/index.ts";

// Every table that refers to a client account, and what deleting the account does to it, is in
// this one file (decision 0029 lists the reasons): a table added later with a client_id belongs
// here, erased, anonymised or kept with its reason in the decision.

export interface AccountToDelete {
  id: string;
  phone: string;
  email: string;
  lastName: string;
  firstName: string;
  patronymic: string | null;
  birthDate: string;
}

/** The account's identity, unless it is gone (not there, or deleted already). */
export async function findAccountToDelete(
  db: Db,
  clientId: string,
): Promise<AccountToDelete | null> {
  const [row] = await db
    .select({
      id: clients.id,
      phone: clients.phone,
      email: clients.email,
      lastName: clients.lastName,
      firstName: clients.firstName,
      patronymic: clients.patronymic,
      birthDate: clients.birthDate,
    })
    .from(clients)
    .leftJoin(accountDeletions, eq(accountDeletions.clientId, clients.id))
    .where(and(eq(clients.id, clientId), isNull(accountDeletions.clientId)));
  return row ?? null;
}

/** Statuses of an appointment the clinic still expects (booking's live statuses and a held time). */
const LIVE_APPOINTMENT = ["requested", "awaiting_letter", "confirmed", "awaiting_payment"] as const;

/** What the account still has under way: upcoming visits, open consultations, unpaid orders. */
export async function findDeletionBlockers(
  db: Db,
  clientId: string,
  now: Date,
): Promise<{ appointments: boolean; chats: boolean; orders: boolean }> {
  const [visit] = await db
    .select({ id: appointments.id })
    .from(appointments)
    .where(
      and(
        eq(appointments.clientId, clientId),
        inArray(appointments.status, [...LIVE_APPOINTMENT]),
        or(isNull(appointments.endsAt), gt(appointments.endsAt, now)),
      ),
    )
    .limit(1);
  const [chat] = await db
    .select({ id: chatConversations.id })
    .from(chatConversations)
    .where(
      and(
        eq(chatConversations.clientId, clientId),
        inArray(chatConversations.status, ["waiting", "active"]),
      ),
    )
    .limit(1);
  const [order] = await db
    .select({ id: orders.id })
    .from(orders)
    .where(
      and(
        eq(orders.clientId, clientId),
        eq(orders.status, "awaiting_payment"),
        gt(orders.expiresAt, now),
      ),
    )
    .limit(1);
  return { appointments: Boolean(visit), chats: Boolean(chat), orders: Boolean(order) };
}

/** The account's row after deletion: nothing of the person, a phone no one can type. */
export function tombstonePhone(clientId: string): string {
  return `deleted-${clientId}`;
}
export const DELETED_ACCOUNT_NAME = "Учётная запись удалена";
const NO_BIRTH_DATE = "1900-01-01";
const ERASED_MESSAGE = "Сообщение удалено вместе с учётной записью клиента.";
const CLOSED_BY_DELETION = "Учётная запись клиента удалена по его просьбе.";

/**
 * What deleting the account does at once, in the caller's transaction; answers the sessions ended.
 * The company's records (contracts, payments, visits, consultations, doctors' and clinics' entries)
 * stay and keep pointing at the anonymous row.
 */
export async function eraseAccountNow(
  tx: Db,
  account: AccountToDelete,
  at: Date,
  purgeDueAt: Date,
): Promise<number> {
  const clientId = account.id;
  const ownCards = tx
    .select({ id: medcardCards.id })
    .from(medcardCards)
    .where(eq(medcardCards.ownerClientId, clientId));
  // The doctors' entries of the account's own card keep naming their patient (323-FZ records).
  await tx
    .update(medcardCards)
    .set({
      lastName: account.lastName,
      firstName: account.firstName,
      patronymic: account.patronymic,
      birthDate: account.birthDate,
    })
    .where(and(eq(medcardCards.ownerClientId, clientId), eq(medcardCards.subject, "self")));
  // What the client wrote into its cards itself goes; the shares of them end.
  await tx
    .delete(medcardEntries)
    .where(and(inArray(medcardEntries.cardId, ownCards), eq(medcardEntries.source, "patient")));
  await tx
    .delete(medcardDocuments)
    .where(and(inArray(medcardDocuments.cardId, ownCards), eq(medcardDocuments.source, "patient")));
  await tx.delete(medcardShares).where(inArray(medcardShares.cardId, ownCards));

  await tx
    .update(clients)
    .set({
      phone: tombstonePhone(clientId),
      lastName: DELETED_ACCOUNT_NAME,
      firstName: "",
      patronymic: null,
      birthDate: NO_BIRTH_DATE,
      email: "",
      // No scrypt hash has this shape: no password matches it.
      passwordHash: "",
      updatedAt: at,
    })
    .where(eq(clients.id, clientId));
  const ended = await tx
    .update(sessions)
    .set({ revokedAt: at, revokedReason: "account_deleted" })
    .where(and(eq(sessions.clientId, clientId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  await tx.delete(contractHolders).where(eq(contractHolders.clientId, clientId));
  await tx
    .update(consents)
    .set({ withdrawnAt: sql`coalesce(${consents.withdrawnAt}, ${at.toISOString()}::timestamptz)` })
    .where(eq(consents.clientId, clientId));
  await tx
    .update(consents)
    .set({ ip: null, userAgent: null, withdrawnIp: null })
    .where(eq(consents.clientId, clientId));
  await tx.delete(emailCodes).where(eq(emailCodes.clientId, clientId));
  await tx.delete(personalDataRequests).where(eq(personalDataRequests.clientId, clientId));
  await tx.delete(pushSubscriptions).where(eq(pushSubscriptions.clientId, clientId));
  await tx.delete(notifications).where(eq(notifications.clientId, clientId));
  await tx.delete(notificationPreferences).where(eq(notificationPreferences.clientId, clientId));
  await tx.delete(notificationQuietHours).where(eq(notificationQuietHours.clientId, clientId));
  // An export holds everything: it goes with its files (the file sweep removes what no row names).
  await tx.delete(dataExports).where(eq(dataExports.clientId, clientId));

  // «Отправить сообщение»: the client's words and files go; the staff replies and the appeal stay.
  const ownMessages = tx
    .select({ id: clientMessages.id })
    .from(clientMessages)
    .where(eq(clientMessages.clientId, clientId));
  await tx.delete(messageAttachments).where(inArray(messageAttachments.messageId, ownMessages));
  await tx
    .update(clientMessages)
    .set({ body: ERASED_MESSAGE, email: "" })
    .where(eq(clientMessages.clientId, clientId));
  await tx
    .update(clientMessages)
    .set({ status: "closed", closedAt: at })
    .where(
      and(
        eq(clientMessages.clientId, clientId),
        inArray(clientMessages.status, ["new", "in_progress"]),
      ),
    );
  await tx
    .update(callbackRequests)
    .set({ status: "cancelled" })
    .where(
      and(
        eq(callbackRequests.clientId, clientId),
        inArray(callbackRequests.status, ["new", "in_progress"]),
      ),
    );
  await tx
    .update(callbackRequests)
    .set({ phone: "", note: null })
    .where(eq(callbackRequests.clientId, clientId));
  await tx
    .update(replacementRequests)
    .set({ status: "rejected", decidedAt: at, decisionComment: CLOSED_BY_DELETION })
    .where(
      and(eq(replacementRequests.clientId, clientId), eq(replacementRequests.status, "pending")),
    );
  await tx
    .update(privacyRequests)
    .set({ status: "closed", closedAt: at, answer: CLOSED_BY_DELETION })
    .where(
      and(
        eq(privacyRequests.clientId, clientId),
        inArray(privacyRequests.status, ["new", "in_progress"]),
      ),
    );

  await tx.insert(accountDeletions).values({
    clientId,
    deletedAt: at,
    purgeDueAt,
    erasable: { phone: account.phone, email: account.email.toLowerCase() },
  });
  return ended.length;
}

/** Deletions whose deferred erasure is due, oldest first. */
export async function findDueErasures(
  db: Db,
  now: Date,
  limit: number,
): Promise<
  { clientId: string; deletedAt: Date; erasable: { phone: string; email: string } | null }[]
> {
  return db
    .select({
      clientId: accountDeletions.clientId,
      deletedAt: accountDeletions.deletedAt,
      erasable: accountDeletions.erasable,
    })
    .from(accountDeletions)
    .where(and(isNull(accountDeletions.purgedAt), lte(accountDeletions.purgeDueAt, now)))
    .orderBy(accountDeletions.purgeDueAt)
    .limit(limit);
}

/**
 * The deferred part, in the caller's transaction: the sessions' rows, the security log, the SMS
 * codes and outbox messages of the account's phone and e-mail from before the deletion (what came
 * after belongs to whoever has the number now). Safe to repeat: all deletes, then marked done.
 */
export async function eraseDeferred(
  tx: Db,
  deletion: {
    clientId: string;
    deletedAt: Date;
    erasable: { phone: string; email: string } | null;
  },
  at: Date,
): Promise<void> {
  const { clientId, deletedAt, erasable } = deletion;
  await tx.delete(sessions).where(eq(sessions.clientId, clientId));
  await tx.delete(securityEvents).where(eq(securityEvents.clientId, clientId));
  if (erasable) {
    const subjects = [erasable.phone, erasable.email].filter((value) => value !== "");
    await tx
      .delete(securityEvents)
      .where(
        and(inArray(securityEvents.subject, subjects), lte(securityEvents.createdAt, deletedAt)),
      );
    await tx
      .delete(smsCodes)
      .where(and(eq(smsCodes.phone, erasable.phone), lte(smsCodes.createdAt, deletedAt)));
    await tx
      .delete(outboxMessages)
      .where(
        and(inArray(outboxMessages.recipient, subjects), lte(outboxMessages.createdAt, deletedAt)),
      );
  }
  await tx
    .update(accountDeletions)
    .set({ purgedAt: at, erasable: null })
    .where(eq(accountDeletions.clientId, clientId));
}

/**
 * What the client itself put into its cards («со слов пациента», its uploads) and the links it
 * shared, for accounts whose health-data consent has stayed withdrawn since before `before`: the
 * consent was the only ground to keep them (152-FZ art. 9 part 2, art. 21 part 5). Doctors' and
 * clinics' records have their own ground and stay. Answers how many accounts it touched.
 */
export async function eraseWithdrawnHealthData(
  db: Db,
  slug: string,
  before: Date,
): Promise<number> {
  const given = await db
    .select({ clientId: consents.clientId })
    .from(consents)
    .innerJoin(legalDocuments, eq(legalDocuments.id, consents.documentId))
    // Only accounts with something left to erase: the look stays small as withdrawals pile up.
    .where(
      and(
        eq(legalDocuments.slug, slug),
        sql`exists (
          select 1 from ${medcardCards} c
          where c.owner_client_id = ${consents.clientId} and (
            exists (select 1 from ${medcardEntries} e where e.card_id = c.id and e.source = 'patient')
            or exists (select 1 from ${medcardDocuments} d where d.card_id = c.id and d.source = 'patient')
            or exists (select 1 from ${medcardShares} s where s.card_id = c.id)
          )
        )`,
      ),
    )
    .groupBy(consents.clientId)
    .having(
      sql`not bool_or(${consents.withdrawnAt} is null) and max(${consents.withdrawnAt}) <= ${before.toISOString()}::timestamptz`,
    );
  let touched = 0;
  for (const { clientId } of given) {
    const cards = db
      .select({ id: medcardCards.id })
      .from(medcardCards)
      .where(eq(medcardCards.ownerClientId, clientId));
    const entries = await db
      .delete(medcardEntries)
      .where(and(inArray(medcardEntries.cardId, cards), eq(medcardEntries.source, "patient")))
      .returning({ id: medcardEntries.id });
    const documents = await db
      .delete(medcardDocuments)
      .where(and(inArray(medcardDocuments.cardId, cards), eq(medcardDocuments.source, "patient")))
      .returning({ id: medcardDocuments.id });
    const shares = await db
      .delete(medcardShares)
      .where(inArray(medcardShares.cardId, cards))
      .returning({ id: medcardShares.id });
    if (entries.length + documents.length + shares.length > 0) touched += 1;
  }
  return touched;
}
