import { and, asc, eq, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { orders, paymentAttempts, refunds } from "../../db/schema/index.ts";

export type RefundRow = typeof refunds.$inferSelect;

/** The order's payment that succeeded (and was counted): what a refund returns money from. */
export async function selectPaidAttempt(db: Db, orderId: string) {
  const [row] = await db
    .select()
    .from(paymentAttempts)
    .where(and(eq(paymentAttempts.orderId, orderId), eq(paymentAttempts.status, "succeeded")))
    .orderBy(asc(paymentAttempts.succeededAt))
    .limit(1);
  return row ?? null;
}

/** What refunds not yet final hold of the order's money (double payments are not the order's). */
export async function selectRefundsInFlight(db: Db, orderId: string): Promise<number> {
  const [row] = await db
    .select({ total: sql<number>`coalesce(sum(${refunds.amountKopecks}), 0)::int` })
    .from(refunds)
    .where(
      and(
        eq(refunds.orderId, orderId),
        inArray(refunds.status, ["creating", "pending"]),
        sql`${refunds.kind} <> 'double_payment'`,
      ),
    );
  return row?.total ?? 0;
}

/** Null when the order already has its one automatic full refund (a redelivered event). */
export async function insertRefund(
  tx: Db,
  values: typeof refunds.$inferInsert,
): Promise<RefundRow | null> {
  const [row] = await tx.insert(refunds).values(values).onConflictDoNothing().returning();
  return row ?? null;
}

export async function markRefundSent(
  db: Db,
  refundId: string,
  providerRefundId: string,
  status: "pending" | "succeeded" | "canceled",
) {
  await db
    .update(refunds)
    .set({ providerRefundId, updatedAt: sql`now()` })
    .where(eq(refunds.id, refundId));
  if (status === "pending") {
    await db
      .update(refunds)
      .set({ status: "pending" })
      .where(and(eq(refunds.id, refundId), eq(refunds.status, "creating")));
  }
}

/** succeeded, once. */
export async function markRefundSucceeded(tx: Db, refundId: string) {
  const [row] = await tx
    .update(refunds)
    .set({ status: "succeeded", succeededAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(refunds.id, refundId), inArray(refunds.status, ["creating", "pending"])))
    .returning();
  return row ?? null;
}

export async function markRefundCanceled(tx: Db, refundId: string) {
  const [row] = await tx
    .update(refunds)
    .set({ status: "canceled", updatedAt: sql`now()` })
    .where(and(eq(refunds.id, refundId), inArray(refunds.status, ["creating", "pending"])))
    .returning();
  return row ?? null;
}

/** Adds a succeeded refund to the order: returned in part, or in full. */
export async function addRefundedToOrder(tx: Db, orderId: string, amountKopecks: number) {
  const [row] = await tx
    .update(orders)
    .set({
      refundedKopecks: sql`${orders.refundedKopecks} + ${amountKopecks}`,
      status: sql`case when ${orders.refundedKopecks} + ${amountKopecks} >= ${orders.paidKopecks} then 'refunded'::order_status else 'partially_refunded'::order_status end`,
      updatedAt: sql`now()`,
    })
    .where(eq(orders.id, orderId))
    .returning();
  return row ?? null;
}

export async function selectRefund(db: Db, refundId: string) {
  const [row] = await db.select().from(refunds).where(eq(refunds.id, refundId));
  return row ?? null;
}

export async function selectRefundByProviderId(db: Db, providerRefundId: string) {
  const [row] = await db
    .select()
    .from(refunds)
    .where(eq(refunds.providerRefundId, providerRefundId));
  return row ?? null;
}

/** Refunds not final and quiet for a minute: sent again with their key, or asked about. */
export async function selectRefundsToRecheck(db: Db, limit = 100) {
  return db
    .select()
    .from(refunds)
    .where(
      and(
        inArray(refunds.status, ["creating", "pending"]),
        lt(refunds.updatedAt, sql`now() - interval '1 minute'`),
      ),
    )
    .orderBy(asc(refunds.updatedAt))
    .limit(limit);
}

export async function touchRefund(db: Db, refundId: string) {
  await db.update(refunds).set({ updatedAt: sql`now()` }).where(eq(refunds.id, refundId));
}
