import { and, count, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { NotificationKind } from "../../../common/notifications/notifications.schema.ts";
import type { Db } from "../../db/client.ts";
import { clients, notifications } from "../../db/schema/index.ts";

const columns = {
  id: notifications.id,
  kind: notifications.kind,
  title: notifications.title,
  body: notifications.body,
  link: notifications.link,
  createdAt: notifications.createdAt,
  readAt: notifications.readAt,
};

export type InboxRow = {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string | null;
  createdAt: Date;
  readAt: Date | null;
};

export interface NewInboxRow {
  key: string;
  clientId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string | null;
  subject: string | null;
  createdAt: Date;
}

/** Writes the row unless one with its key exists; answers the new row's id, or null for a repeat. */
export async function insertInboxRow(db: Db, row: NewInboxRow): Promise<string | null> {
  const [inserted] = await db
    .insert(notifications)
    .values(row)
    .onConflictDoNothing({ target: notifications.key })
    .returning({ id: notifications.id });
  return inserted?.id ?? null;
}

/** The row written under a key (a repeated delivery finds the first one's). */
export async function findInboxIdByKey(db: Db, key: string): Promise<string | null> {
  const [row] = await db
    .select({ id: notifications.id })
    .from(notifications)
    .where(eq(notifications.key, key));
  return row?.id ?? null;
}

/** One of the account's rows; null when it is not the account's. */
export async function findOwnInboxRow(
  db: Db,
  clientId: string,
  id: string,
): Promise<(InboxRow & { clientId: string }) | null> {
  const [row] = await db
    .select({ ...columns, clientId: notifications.clientId })
    .from(notifications)
    .where(and(eq(notifications.id, id), eq(notifications.clientId, clientId)));
  return row ?? null;
}

/** A row by its id alone, for the push job (which carries the id the dispatcher wrote). */
export async function findInboxRow(db: Db, id: string) {
  const [row] = await db
    .select({ ...columns, clientId: notifications.clientId })
    .from(notifications)
    .where(eq(notifications.id, id));
  return row ?? null;
}

/**
 * A page of the account's rows, newest first; `before` (a row of the account's) starts the page
 * after it. Ties in time are ordered by id, so no row is skipped or repeated between pages.
 */
export async function listInboxRows(
  db: Db,
  clientId: string,
  limit: number,
  before: { createdAt: Date; id: string } | null,
): Promise<InboxRow[]> {
  const older = before
    ? or(
        lt(notifications.createdAt, before.createdAt),
        and(eq(notifications.createdAt, before.createdAt), lt(notifications.id, before.id)),
      )
    : undefined;
  return db
    .select(columns)
    .from(notifications)
    .where(and(eq(notifications.clientId, clientId), older))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit);
}

export async function countUnread(db: Db, clientId: string): Promise<number> {
  const [row] = await db
    .select({ unread: count() })
    .from(notifications)
    .where(and(eq(notifications.clientId, clientId), isNull(notifications.readAt)));
  return row?.unread ?? 0;
}

/** Marks one of the account's rows read (a read one keeps its time); false when it is not the account's. */
export async function markRead(db: Db, clientId: string, id: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, ${at.toISOString()}::timestamptz)` })
    .where(and(eq(notifications.id, id), eq(notifications.clientId, clientId)))
    .returning({ id: notifications.id });
  return rows.length > 0;
}

export async function markAllRead(db: Db, clientId: string, at: Date): Promise<void> {
  await db
    .update(notifications)
    .set({ readAt: at })
    .where(and(eq(notifications.clientId, clientId), isNull(notifications.readAt)));
}

/** Marks read the account's unread rows of one kind about one subject (a chat read in the cabinet). */
export async function markSubjectRead(
  db: Db,
  clientId: string,
  kind: NotificationKind,
  subject: string,
  at: Date,
): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: at })
    .where(
      and(
        eq(notifications.clientId, clientId),
        eq(notifications.kind, kind),
        eq(notifications.subject, subject),
        isNull(notifications.readAt),
      ),
    )
    .returning({ id: notifications.id });
  return rows.length;
}

/** Whether a row is still unread (the fallback SMS of a doctor's reply asks). */
export async function isInboxRowUnread(db: Db, id: string): Promise<boolean> {
  const [row] = await db
    .select({ readAt: notifications.readAt })
    .from(notifications)
    .where(eq(notifications.id, id));
  return row !== undefined && row.readAt === null;
}

/** The account's phone and e-mail, for the channels. */
export async function findRecipient(db: Db, clientId: string) {
  const [row] = await db
    .select({ phone: clients.phone, email: clients.email })
    .from(clients)
    .where(eq(clients.id, clientId));
  return row ?? null;
}
