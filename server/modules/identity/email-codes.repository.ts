import { and, count, desc, eq, gte, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { emailCodes } from "../../db/schema/index.ts";

export type EmailCodeRow = typeof emailCodes.$inferSelect;

export async function insertEmailCode(db: Db, code: typeof emailCodes.$inferInsert): Promise<void> {
  await db.insert(emailCodes).values(code);
}

/** Closes the account's open e-mail codes: only the newest code is ever valid. */
export async function closeOpenEmailCodes(
  db: Db,
  clientId: string,
  reason: string,
  at: Date,
): Promise<void> {
  await db
    .update(emailCodes)
    .set({ closedAt: at, closedReason: reason })
    .where(and(eq(emailCodes.clientId, clientId), isNull(emailCodes.closedAt)));
}

export async function latestEmailCodeOf(db: Db, clientId: string): Promise<EmailCodeRow | null> {
  const [row] = await db
    .select()
    .from(emailCodes)
    .where(eq(emailCodes.clientId, clientId))
    .orderBy(desc(emailCodes.createdAt))
    .limit(1);
  return row ?? null;
}

/** Codes sent since `since` to an address, by an account or from an IP, and the oldest of them. */
export async function countEmailCodesSince(
  db: Db,
  by: { email: string } | { clientId: string } | { ip: string },
  since: Date,
): Promise<{ count: number; oldest: Date | null }> {
  const key =
    "email" in by
      ? eq(emailCodes.email, by.email)
      : "clientId" in by
        ? eq(emailCodes.clientId, by.clientId)
        : eq(emailCodes.ip, by.ip);
  const [row] = await db
    .select({ n: count(), oldest: sql<Date | null>`min(${emailCodes.createdAt})` })
    .from(emailCodes)
    .where(and(key, gte(emailCodes.createdAt, since)));
  return { count: row?.n ?? 0, oldest: row?.oldest ? new Date(row.oldest) : null };
}

/** The account's open code for this address, newest first. */
export async function findOpenEmailCode(
  db: Db,
  clientId: string,
  email: string,
): Promise<EmailCodeRow | null> {
  const [row] = await db
    .select()
    .from(emailCodes)
    .where(
      and(
        eq(emailCodes.clientId, clientId),
        eq(emailCodes.email, email),
        isNull(emailCodes.closedAt),
      ),
    )
    .orderBy(desc(emailCodes.createdAt))
    .limit(1);
  return row ?? null;
}

export async function recordWrongEmailAttempt(db: Db, id: string): Promise<void> {
  await db
    .update(emailCodes)
    .set({ attempts: sql`${emailCodes.attempts} + 1` })
    .where(eq(emailCodes.id, id));
}

/** Closes one code; false when it was closed meanwhile (a second request with the same code). */
export async function closeEmailCode(
  db: Db,
  id: string,
  reason: string,
  at: Date,
): Promise<boolean> {
  const rows = await db
    .update(emailCodes)
    .set({ closedAt: at, closedReason: reason })
    .where(and(eq(emailCodes.id, id), isNull(emailCodes.closedAt)))
    .returning({ id: emailCodes.id });
  return rows.length > 0;
}
