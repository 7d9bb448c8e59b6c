import { and, count, desc, eq, gte, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { smsCodes } from "../../db/schema/index.ts";

export type SmsCodeRow = typeof smsCodes.$inferSelect;
export type SmsCodePurpose = SmsCodeRow["purpose"];

export async function insertSmsCode(db: Db, code: typeof smsCodes.$inferInsert): Promise<void> {
  await db.insert(smsCodes).values(code);
}

/** Closes the phone's open codes of this purpose: only the newest code is ever valid. */
export async function closeOpenCodes(
  db: Db,
  phone: string,
  purpose: SmsCodePurpose,
  reason: string,
  at: Date,
): Promise<void> {
  await db
    .update(smsCodes)
    .set({ closedAt: at, closedReason: reason })
    .where(
      and(eq(smsCodes.phone, phone), eq(smsCodes.purpose, purpose), isNull(smsCodes.closedAt)),
    );
}

export async function latestCodeSentTo(
  db: Db,
  phone: string,
  purpose: SmsCodePurpose,
): Promise<SmsCodeRow | null> {
  const [row] = await db
    .select()
    .from(smsCodes)
    .where(and(eq(smsCodes.phone, phone), eq(smsCodes.purpose, purpose)))
    .orderBy(desc(smsCodes.createdAt))
    .limit(1);
  return row ?? null;
}

export async function countCodesSince(
  db: Db,
  by: { phone: string } | { ip: string },
  since: Date,
): Promise<{ count: number; oldest: Date | null }> {
  const where =
    "phone" in by
      ? and(eq(smsCodes.phone, by.phone), gte(smsCodes.createdAt, since))
      : and(eq(smsCodes.ip, by.ip), gte(smsCodes.createdAt, since));
  const [row] = await db
    .select({ n: count(), oldest: sql<Date | null>`min(${smsCodes.createdAt})` })
    .from(smsCodes)
    .where(where);
  const oldest = row?.oldest ? new Date(row.oldest) : null;
  return { count: row?.n ?? 0, oldest };
}

export async function findOpenCode(
  db: Db,
  phone: string,
  purpose: SmsCodePurpose,
): Promise<SmsCodeRow | null> {
  const [row] = await db
    .select()
    .from(smsCodes)
    .where(and(eq(smsCodes.phone, phone), eq(smsCodes.purpose, purpose), isNull(smsCodes.closedAt)))
    .orderBy(desc(smsCodes.createdAt))
    .limit(1);
  return row ?? null;
}

export async function recordWrongAttempt(db: Db, id: string): Promise<void> {
  await db
    .update(smsCodes)
    .set({ attempts: sql`${smsCodes.attempts} + 1` })
    .where(eq(smsCodes.id, id));
}

export async function closeCode(
  db: Db,
  id: string,
  values: { reason: string; at: Date; ticketHash?: string; ticketExpiresAt?: Date },
): Promise<void> {
  await db
    .update(smsCodes)
    .set({
      closedAt: values.at,
      closedReason: values.reason,
      ticketHash: values.ticketHash ?? null,
      ticketExpiresAt: values.ticketExpiresAt ?? null,
    })
    .where(eq(smsCodes.id, id));
}

/** Marks a ticket used; false when it was unknown, expired, used or of another purpose. */
export async function useTicket(
  db: Db,
  ticketHash: string,
  purpose: SmsCodePurpose,
  at: Date,
): Promise<string | null> {
  const [row] = await db
    .update(smsCodes)
    .set({ ticketUsedAt: at })
    .where(
      and(
        eq(smsCodes.ticketHash, ticketHash),
        eq(smsCodes.purpose, purpose),
        isNull(smsCodes.ticketUsedAt),
        gte(smsCodes.ticketExpiresAt, at),
      ),
    )
    .returning({ phone: smsCodes.phone });
  return row?.phone ?? null;
}

export async function findValidTicket(
  db: Db,
  ticketHash: string,
  purpose: SmsCodePurpose,
  at: Date,
): Promise<string | null> {
  const [row] = await db
    .select({ phone: smsCodes.phone })
    .from(smsCodes)
    .where(
      and(
        eq(smsCodes.ticketHash, ticketHash),
        eq(smsCodes.purpose, purpose),
        isNull(smsCodes.ticketUsedAt),
        gte(smsCodes.ticketExpiresAt, at),
      ),
    );
  return row?.phone ?? null;
}

/** Closes a code as used if it is still open; false when it was closed meanwhile. */
export async function consumeOpenCode(db: Db, id: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(smsCodes)
    .set({ closedAt: at, closedReason: "confirmed" })
    .where(and(eq(smsCodes.id, id), isNull(smsCodes.closedAt)))
    .returning({ id: smsCodes.id });
  return rows.length > 0;
}
