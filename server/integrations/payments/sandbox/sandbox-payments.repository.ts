import { and, eq, lte, sql } from "drizzle-orm";
import type { Db } from "../../../db/client.ts";
import { sandboxPayments, sandboxRefunds } from "../../../db/schema/index.ts";

export type SandboxPaymentRow = typeof sandboxPayments.$inferSelect;
export type SandboxRefundRow = typeof sandboxRefunds.$inferSelect;

/** Inserts a payment unless one exists under the key; answers the row under the key either way. */
export async function insertSandboxPayment(
  db: Db,
  values: typeof sandboxPayments.$inferInsert,
): Promise<SandboxPaymentRow> {
  const [inserted] = await db
    .insert(sandboxPayments)
    .values(values)
    .onConflictDoNothing({ target: sandboxPayments.idempotenceKey })
    .returning();
  if (inserted) return inserted;
  const [existing] = await db
    .select()
    .from(sandboxPayments)
    .where(eq(sandboxPayments.idempotenceKey, values.idempotenceKey));
  if (!existing) throw new Error("sandbox payment vanished under its idempotence key");
  return existing;
}

export async function findSandboxPayment(db: Db, id: string): Promise<SandboxPaymentRow | null> {
  const [row] = await db.select().from(sandboxPayments).where(eq(sandboxPayments.id, id));
  return row ?? null;
}

/** pending → succeeded | canceled, once: null when the payment is not pending (any more). */
export async function settleSandboxPayment(
  db: Db,
  id: string,
  status: "succeeded" | "canceled",
  cancellationReason: string | null,
): Promise<SandboxPaymentRow | null> {
  const [row] = await db
    .update(sandboxPayments)
    .set({ status, cancellationReason, updatedAt: sql`now()` })
    .where(and(eq(sandboxPayments.id, id), eq(sandboxPayments.status, "pending")))
    .returning();
  return row ?? null;
}

/** Pending payments past their hour: cancelled, as an unpaid SBP payment is. */
export async function expireSandboxPayments(db: Db): Promise<SandboxPaymentRow[]> {
  return db
    .update(sandboxPayments)
    .set({
      status: "canceled",
      cancellationReason: "expired_on_confirmation",
      updatedAt: sql`now()`,
    })
    .where(and(eq(sandboxPayments.status, "pending"), lte(sandboxPayments.expiresAt, sql`now()`)))
    .returning();
}

export async function findSandboxRefundByKey(
  db: Db,
  key: string,
): Promise<SandboxRefundRow | null> {
  const [row] = await db
    .select()
    .from(sandboxRefunds)
    .where(eq(sandboxRefunds.idempotenceKey, key));
  return row ?? null;
}

export async function findSandboxRefund(db: Db, id: string): Promise<SandboxRefundRow | null> {
  const [row] = await db.select().from(sandboxRefunds).where(eq(sandboxRefunds.id, id));
  return row ?? null;
}

/** What of a payment is refunded already (pending and succeeded refunds). */
export async function refundedOfPayment(db: Db, paymentId: string): Promise<number> {
  const [row] = await db
    .select({ total: sql<number>`coalesce(sum(${sandboxRefunds.amountKopecks}), 0)::int` })
    .from(sandboxRefunds)
    .where(
      and(
        eq(sandboxRefunds.paymentId, paymentId),
        sql`${sandboxRefunds.status} in ('pending', 'succeeded')`,
      ),
    );
  return row?.total ?? 0;
}

export async function insertSandboxRefund(
  db: Db,
  values: typeof sandboxRefunds.$inferInsert,
): Promise<SandboxRefundRow> {
  const [row] = await db.insert(sandboxRefunds).values(values).returning();
  if (!row) throw new Error("sandbox refund not inserted");
  return row;
}

/** Pending refunds whose time has come: succeeded. */
export async function settleDueSandboxRefunds(db: Db): Promise<SandboxRefundRow[]> {
  return db
    .update(sandboxRefunds)
    .set({ status: "succeeded" })
    .where(and(eq(sandboxRefunds.status, "pending"), lte(sandboxRefunds.settlesAt, sql`now()`)))
    .returning();
}

/** One refund, settled first when it is pending and its time has come (a provider's view of it). */
export async function findSandboxRefundSettlingDue(
  db: Db,
  id: string,
): Promise<SandboxRefundRow | null> {
  const [settled] = await db
    .update(sandboxRefunds)
    .set({ status: "succeeded" })
    .where(
      and(
        eq(sandboxRefunds.id, id),
        eq(sandboxRefunds.status, "pending"),
        lte(sandboxRefunds.settlesAt, sql`now()`),
      ),
    )
    .returning();
  return settled ?? findSandboxRefund(db, id);
}

/** Locks the payment's row: refunds of one payment are decided one at a time. */
export async function lockSandboxPayment(db: Db, id: string): Promise<SandboxPaymentRow | null> {
  const [row] = await db
    .select()
    .from(sandboxPayments)
    .where(eq(sandboxPayments.id, id))
    .for("update");
  return row ?? null;
}
