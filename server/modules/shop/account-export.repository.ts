import { asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { orderItems, orders, paymentAttempts, refunds } from "../../db/schema/index.ts";

// An account's orders with their items, payments and refunds, for «Выгрузить мои данные»
// (decision 0030). No provider's raw notification and no payment link: what was bought and paid.

/** The account's orders, oldest first. */
export function accountOrders(db: Db, clientId: string) {
  return db
    .select({
      id: orders.id,
      number: orders.number,
      kind: orders.kind,
      status: orders.status,
      totalKopecks: orders.totalKopecks,
      paidKopecks: orders.paidKopecks,
      refundedKopecks: orders.refundedKopecks,
      receiptEmail: orders.receiptEmail,
      createdAt: orders.createdAt,
      paidAt: orders.paidAt,
    })
    .from(orders)
    .where(eq(orders.clientId, clientId))
    .orderBy(asc(orders.createdAt), asc(orders.number));
}

export function itemsOfOrders(db: Db, orderIds: string[]) {
  if (orderIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      orderId: orderItems.orderId,
      description: orderItems.description,
      quantity: orderItems.quantity,
      unitKopecks: orderItems.unitKopecks,
      amountKopecks: orderItems.amountKopecks,
    })
    .from(orderItems)
    .where(inArray(orderItems.orderId, orderIds))
    .orderBy(asc(orderItems.id));
}

/** Every payment attempt of these orders, oldest first. */
export function paymentsOfOrders(db: Db, orderIds: string[]) {
  if (orderIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      id: paymentAttempts.id,
      orderId: paymentAttempts.orderId,
      provider: paymentAttempts.provider,
      method: paymentAttempts.method,
      amountKopecks: paymentAttempts.amountKopecks,
      status: paymentAttempts.status,
      createdAt: paymentAttempts.createdAt,
      succeededAt: paymentAttempts.succeededAt,
    })
    .from(paymentAttempts)
    .where(inArray(paymentAttempts.orderId, orderIds))
    .orderBy(asc(paymentAttempts.createdAt));
}

/** Every refund of these orders, oldest first. */
export function refundsOfOrders(db: Db, orderIds: string[]) {
  if (orderIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      id: refunds.id,
      orderId: refunds.orderId,
      amountKopecks: refunds.amountKopecks,
      status: refunds.status,
      kind: refunds.kind,
      reason: refunds.reason,
      createdAt: refunds.createdAt,
      succeededAt: refunds.succeededAt,
    })
    .from(refunds)
    .where(inArray(refunds.orderId, orderIds))
    .orderBy(asc(refunds.createdAt));
}
