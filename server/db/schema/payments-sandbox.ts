import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

// The sandbox payment provider's own side (decision 0023): what a real provider keeps on its
// servers. The shop never reads these tables; it talks to the sandbox through PaymentProvider.

/** A payment at the sandbox: pending until its page is used or it expires (1 h, as SBP's). */
export const sandboxPayments = pgTable(
  "sandbox_payments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** The caller's Idempotence-Key: the same key is answered with the same payment. */
    idempotenceKey: text("idempotence_key").notNull().unique(),
    /** pending | succeeded | canceled. */
    status: text("status").notNull().default("pending"),
    amountKopecks: integer("amount_kopecks").notNull(),
    /** bank_card | sbp. */
    method: text("method").notNull(),
    description: text("description").notNull(),
    returnUrl: text("return_url").notNull(),
    metadata: jsonb("metadata").notNull(),
    receipt: jsonb("receipt").notNull(),
    cancellationReason: text("cancellation_reason"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("sandbox_payments_pending_idx")
      .on(table.expiresAt)
      .where(sql`${table.status} = 'pending'`),
    check(
      "sandbox_payments_status_check",
      sql`${table.status} in ('pending', 'succeeded', 'canceled')`,
    ),
    check("sandbox_payments_method_check", sql`${table.method} in ('bank_card', 'sbp')`),
  ],
);

/** A refund at the sandbox: a card's succeeds at once, an SBP one after a delay. */
export const sandboxRefunds = pgTable(
  "sandbox_refunds",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    idempotenceKey: text("idempotence_key").notNull().unique(),
    paymentId: uuid("payment_id")
      .notNull()
      .references(() => sandboxPayments.id),
    /** pending | succeeded | canceled. */
    status: text("status").notNull(),
    amountKopecks: integer("amount_kopecks").notNull(),
    receipt: jsonb("receipt").notNull(),
    /** When a pending (SBP) refund succeeds. */
    settlesAt: timestamp("settles_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("sandbox_refunds_payment_idx").on(table.paymentId),
    check(
      "sandbox_refunds_status_check",
      sql`${table.status} in ('pending', 'succeeded', 'canceled')`,
    ),
    check("sandbox_refunds_amount_check", sql`${table.amountKopecks} > 0`),
  ],
);
