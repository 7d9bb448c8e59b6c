import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgSequence,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { appointments } from "./booking.ts";
import { contracts, programs } from "./contracts.ts";
import { clients, staffMembers } from "./identity.ts";
import { legalDocuments } from "./legal.ts";

// Orders and payments (issue 15, decision 0023). Amounts are integer kopecks, always computed by
// the server from its catalogue; the provider's word is re-fetched before anything changes.

export const orderKind = pgEnum("order_kind", ["certificate", "visit"]);

/** ожидает оплаты, оплачен, отменён, возвращён частично, возвращён полностью. */
export const orderStatus = pgEnum("order_status", [
  "awaiting_payment",
  "paid",
  "cancelled",
  "partially_refunded",
  "refunded",
]);

/**
 * Online certificates are numbered «11/» + this sequence: nextval is atomic across instances and
 * never hands a number out twice. The range is reserved for online sales (to be agreed with the
 * company's information system; a later migration may move it).
 */
export const certificateNumberSeq = pgSequence("certificate_number_seq", {
  startWith: 90000001,
  minValue: 90000001,
  maxValue: 99999999,
  cycle: false,
});

export const orders = pgTable(
  "orders",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** «Заказ № 100123». */
    number: bigint("number", { mode: "number" })
      .notNull()
      .generatedAlwaysAsIdentity({ startWith: 100001 }),
    kind: orderKind("kind").notNull(),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id),
    status: orderStatus("status").notNull().default("awaiting_payment"),
    totalKopecks: integer("total_kopecks").notNull(),
    paidKopecks: integer("paid_kopecks").notNull().default(0),
    refundedKopecks: integer("refunded_kopecks").notNull().default(0),
    /** Where the provider sends the 54-FZ receipt. */
    receiptEmail: text("receipt_email").notNull(),
    /** What the checkout chose (common/shop's checkout schema): persons and start date, or person. */
    checkout: jsonb("checkout").notNull(),
    /** The version of the offer agreement the client accepted. */
    offerDocumentId: uuid("offer_document_id").references(() => legalDocuments.id),
    /** The site origin of the checkout, for return and verification links made later by jobs. */
    returnOrigin: text("return_origin").notNull(),
    /** The form's key: a double «Перейти к оплате» makes one order. */
    checkoutKey: uuid("checkout_key").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    paidAt: timestamp("paid_at", { withTimezone: true }),
    /** Set once, by the transaction that fulfils the order (issues the certificate, confirms the visit). */
    fulfilledAt: timestamp("fulfilled_at", { withTimezone: true }),
    contractId: uuid("contract_id").references(() => contracts.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("orders_number_key").on(table.number),
    uniqueIndex("orders_checkout_key").on(table.clientId, table.checkoutKey),
    uniqueIndex("orders_contract_key").on(table.contractId),
    index("orders_client_idx").on(table.clientId, table.createdAt),
    index("orders_status_expiry_idx").on(table.status, table.expiresAt),
    check("orders_total_check", sql`${table.totalKopecks} > 0`),
    check(
      "orders_amounts_check",
      sql`${table.paidKopecks} >= 0 and ${table.refundedKopecks} >= 0 and ${table.refundedKopecks} <= ${table.paidKopecks}`,
    ),
  ],
);

export const orderItems = pgTable(
  "order_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    kind: orderKind("kind").notNull(),
    programId: uuid("program_id").references(() => programs.id),
    appointmentId: uuid("appointment_id").references(() => appointments.id),
    /** As it goes into the receipt (≤ 128 characters). */
    description: text("description").notNull(),
    quantity: integer("quantity").notNull(),
    unitKopecks: integer("unit_kopecks").notNull(),
    amountKopecks: integer("amount_kopecks").notNull(),
  },
  (table) => [
    index("order_items_order_idx").on(table.orderId),
    uniqueIndex("order_items_appointment_key").on(table.appointmentId),
    check("order_items_quantity_check", sql`${table.quantity} > 0`),
    check(
      "order_items_amount_check",
      sql`${table.unitKopecks} > 0 and ${table.amountKopecks} = ${table.unitKopecks} * ${table.quantity}`,
    ),
    check(
      "order_items_subject_check",
      sql`(${table.kind} = 'certificate' and ${table.programId} is not null and ${table.appointmentId} is null) or (${table.kind} = 'visit' and ${table.appointmentId} is not null and ${table.programId} is null)`,
    ),
  ],
);

export const paymentMethod = pgEnum("payment_method", ["bank_card", "sbp"]);

export const paymentAttemptStatus = pgEnum("payment_attempt_status", [
  "creating",
  "pending",
  "succeeded",
  "canceled",
  "superseded",
]);

/** One «Перейти к оплате»: a payment at the provider, made with this row's idempotence key. */
export const paymentAttempts = pgTable(
  "payment_attempts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    /** Sent as Idempotence-Key on every try: the provider answers a retry with the same payment. */
    idempotenceKey: uuid("idempotence_key").notNull().defaultRandom(),
    provider: text("provider").notNull(),
    providerPaymentId: text("provider_payment_id"),
    method: paymentMethod("method").notNull(),
    amountKopecks: integer("amount_kopecks").notNull(),
    status: paymentAttemptStatus("status").notNull().default("creating"),
    confirmationUrl: text("confirmation_url"),
    lastCheckedAt: timestamp("last_checked_at", { withTimezone: true }),
    succeededAt: timestamp("succeeded_at", { withTimezone: true }),
    cancellationReason: text("cancellation_reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("payment_attempts_idempotence_key").on(table.idempotenceKey),
    uniqueIndex("payment_attempts_provider_payment_key").on(
      table.provider,
      table.providerPaymentId,
    ),
    // One open attempt per order: a second «Перейти к оплате» reuses it or supersedes it.
    uniqueIndex("payment_attempts_open_key")
      .on(table.orderId)
      .where(sql`${table.status} in ('creating', 'pending')`),
    index("payment_attempts_order_idx").on(table.orderId, table.createdAt),
    index("payment_attempts_recheck_idx")
      .on(table.updatedAt)
      .where(sql`${table.status} in ('creating', 'pending')`),
    check("payment_attempts_amount_check", sql`${table.amountKopecks} > 0`),
  ],
);

export const notificationOutcome = pgEnum("payment_notification_outcome", [
  "applied",
  "no_change",
  "refused_source",
  "unparseable",
  "unknown_object",
  "fetch_failed",
]);

/** Every notification a provider sent, as it came, with what was made of it. No card data. */
export const paymentNotifications = pgTable(
  "payment_notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    provider: text("provider").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    sourceIp: text("source_ip").notNull(),
    sourceAllowed: boolean("source_allowed").notNull(),
    body: jsonb("body"),
    providerObjectId: text("provider_object_id"),
    event: text("event"),
    outcome: notificationOutcome("outcome").notNull(),
    attemptId: uuid("attempt_id").references(() => paymentAttempts.id, { onDelete: "set null" }),
    refundId: uuid("refund_id"),
  },
  (table) => [
    index("payment_notifications_attempt_idx").on(table.attemptId, table.receivedAt),
    index("payment_notifications_received_idx").on(table.receivedAt),
  ],
);

export const orderEventKind = pgEnum("order_event_kind", [
  "created",
  "attempt_created",
  "paid",
  "fulfilled",
  "expired",
  "cancelled",
  "refund_requested",
  "refund_succeeded",
  "refund_failed",
  "late_payment",
]);

export const orderActor = pgEnum("order_actor", ["client", "staff", "system", "provider"]);

/** An order's history: each change of status, attempt or refund, written in its transaction. */
export const orderEvents = pgTable(
  "order_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    kind: orderEventKind("kind").notNull(),
    fromStatus: orderStatus("from_status"),
    toStatus: orderStatus("to_status"),
    actorKind: orderActor("actor_kind").notNull(),
    actorId: uuid("actor_id"),
    reason: text("reason"),
  },
  (table) => [index("order_events_order_idx").on(table.orderId, table.at)],
);

export const refundStatus = pgEnum("refund_status", [
  "creating",
  "pending",
  "succeeded",
  "canceled",
]);

export const refundKind = pgEnum("refund_kind", [
  "cancellation",
  "client",
  "admin",
  "late_payment",
  "double_payment",
]);

export const refunds = pgTable(
  "refunds",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    attemptId: uuid("attempt_id")
      .notNull()
      .references(() => paymentAttempts.id),
    idempotenceKey: uuid("idempotence_key").notNull().defaultRandom(),
    providerRefundId: text("provider_refund_id"),
    amountKopecks: integer("amount_kopecks").notNull(),
    status: refundStatus("status").notNull().default("creating"),
    kind: refundKind("kind").notNull(),
    reason: text("reason"),
    staffId: uuid("staff_id").references(() => staffMembers.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    succeededAt: timestamp("succeeded_at", { withTimezone: true }),
  },
  (table) => [
    uniqueIndex("refunds_idempotence_key").on(table.idempotenceKey),
    uniqueIndex("refunds_provider_refund_key").on(table.providerRefundId),
    // One automatic full refund per order, whatever redelivers the event that asks for it.
    uniqueIndex("refunds_automatic_key")
      .on(table.orderId)
      .where(sql`${table.kind} in ('cancellation', 'client', 'late_payment')`),
    uniqueIndex("refunds_double_payment_key")
      .on(table.attemptId)
      .where(sql`${table.kind} = 'double_payment'`),
    index("refunds_order_idx").on(table.orderId, table.createdAt),
    index("refunds_open_idx")
      .on(table.updatedAt)
      .where(sql`${table.status} in ('creating', 'pending')`),
    check("refunds_amount_check", sql`${table.amountKopecks} > 0`),
  ],
);
