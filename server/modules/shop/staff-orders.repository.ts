import { and, asc, desc, eq, inArray, isNotNull, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import {
  clients,
  contracts,
  orderEvents,
  orderItems,
  orders,
  paymentAttempts,
  paymentNotifications,
  refunds,
  staffMembers,
} from "../../db/schema/index.ts";
import type { OrderStatusValue } from "./shop.repository.ts";

/** What the operator's text was read as; each key present widens the search (OR). */
export interface StaffOrderSearchKeys {
  number: number | null;
  phone: string | null;
  /** Lower-cased, «ё» as «е»: the typed words, in the order surname, name, patronymic. */
  nameWords: string[];
  paymentId: string | null;
}

export interface StaffOrderFilter {
  keys: StaffOrderSearchKeys | null;
  status: OrderStatusValue | null;
  /** Moscow calendar dates of the order's creation, inclusive. */
  from: string | null;
  to: string | null;
  limit: number;
  offset: number;
}

/** A Moscow calendar date's midnight as an instant (the next day's with `dayAfter`). */
function moscowMidnight(date: string, dayAfter = false): SQL {
  return dayAfter
    ? sql`((${date}::date + 1)::timestamp at time zone 'Europe/Moscow')`
    : sql`(${date}::date::timestamp at time zone 'Europe/Moscow')`;
}

type NameColumn = typeof clients.lastName | typeof clients.firstName | typeof clients.patronymic;

const normalised = (column: NameColumn) => sql`replace(lower(coalesce(${column}, '')), 'ё', 'е')`;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

function nameMatch(words: string[]): SQL | undefined {
  if (words.length === 0) return undefined;
  const prefix = (column: NameColumn, word: string) =>
    sql`${normalised(column)} like ${`${escapeLike(word)}%`}`;
  const [first = "", second, third] = words;
  // One word: a surname or a name; more: surname, name, patronymic in that order.
  if (words.length === 1) {
    return or(prefix(clients.lastName, first), prefix(clients.firstName, first));
  }
  return and(
    prefix(clients.lastName, first),
    second === undefined ? undefined : prefix(clients.firstName, second),
    third === undefined ? undefined : prefix(clients.patronymic, third),
  );
}

function keysMatch(keys: StaffOrderSearchKeys): SQL {
  const conditions: (SQL | undefined)[] = [
    keys.number === null ? undefined : eq(orders.number, keys.number),
    keys.phone === null ? undefined : eq(clients.phone, keys.phone),
    nameMatch(keys.nameWords),
    keys.paymentId === null
      ? undefined
      : inArray(
          orders.id,
          sql`(select ${paymentAttempts.orderId} from ${paymentAttempts} where ${paymentAttempts.providerPaymentId} = ${keys.paymentId})`,
        ),
  ];
  return or(...conditions) ?? sql`false`;
}

const itemDescription = sql<string>`coalesce((select string_agg(${orderItems.description}, '; ' order by ${orderItems.description}) from ${orderItems} where ${orderItems.orderId} = ${orders.id}), '')`;

/** One page of orders, newest first (one more row than `limit` tells there is more). */
export async function searchOrders(db: Db, filter: StaffOrderFilter) {
  return db
    .select({
      id: orders.id,
      number: orders.number,
      createdAt: orders.createdAt,
      kind: orders.kind,
      status: orders.status,
      description: itemDescription,
      totalKopecks: orders.totalKopecks,
      paidKopecks: orders.paidKopecks,
      refundedKopecks: orders.refundedKopecks,
      clientId: clients.id,
      lastName: clients.lastName,
      firstName: clients.firstName,
      patronymic: clients.patronymic,
      phone: clients.phone,
    })
    .from(orders)
    .innerJoin(clients, eq(clients.id, orders.clientId))
    .where(
      and(
        filter.keys ? keysMatch(filter.keys) : undefined,
        filter.status ? eq(orders.status, filter.status) : undefined,
        filter.from ? sql`${orders.createdAt} >= ${moscowMidnight(filter.from)}` : undefined,
        filter.to ? sql`${orders.createdAt} < ${moscowMidnight(filter.to, true)}` : undefined,
      ),
    )
    .orderBy(desc(orders.createdAt), desc(orders.number))
    .limit(filter.limit + 1)
    .offset(filter.offset);
}

/** The order with its buyer and the certificate issued for it. */
export async function findStaffOrder(db: Db, orderId: string) {
  const [row] = await db
    .select({
      order: orders,
      client: {
        id: clients.id,
        lastName: clients.lastName,
        firstName: clients.firstName,
        patronymic: clients.patronymic,
        phone: clients.phone,
        email: clients.email,
      },
      contractNumber: contracts.number,
      contractAnnulledAt: contracts.annulledAt,
    })
    .from(orders)
    .innerJoin(clients, eq(clients.id, orders.clientId))
    .leftJoin(contracts, eq(contracts.id, orders.contractId))
    .where(eq(orders.id, orderId));
  return row ?? null;
}

/** Items, history (with who acted), attempts, refunds and every notification about them. */
export async function selectOrderHistory(db: Db, orderId: string) {
  const [items, events, attempts, refundRows] = await Promise.all([
    db
      .select({
        id: orderItems.id,
        kind: orderItems.kind,
        description: orderItems.description,
        quantity: orderItems.quantity,
        unitKopecks: orderItems.unitKopecks,
        amountKopecks: orderItems.amountKopecks,
      })
      .from(orderItems)
      .where(eq(orderItems.orderId, orderId)),
    db
      .select({
        id: orderEvents.id,
        at: orderEvents.at,
        kind: orderEvents.kind,
        fromStatus: orderEvents.fromStatus,
        toStatus: orderEvents.toStatus,
        actorKind: orderEvents.actorKind,
        reason: orderEvents.reason,
        staffName: staffMembers.fullName,
        clientLastName: clients.lastName,
        clientFirstName: clients.firstName,
        clientPatronymic: clients.patronymic,
      })
      .from(orderEvents)
      .leftJoin(
        staffMembers,
        and(eq(orderEvents.actorKind, "staff"), eq(staffMembers.id, orderEvents.actorId)),
      )
      .leftJoin(
        clients,
        and(eq(orderEvents.actorKind, "client"), eq(clients.id, orderEvents.actorId)),
      )
      .where(eq(orderEvents.orderId, orderId))
      .orderBy(asc(orderEvents.at), asc(orderEvents.id)),
    db
      .select({
        id: paymentAttempts.id,
        provider: paymentAttempts.provider,
        providerPaymentId: paymentAttempts.providerPaymentId,
        method: paymentAttempts.method,
        amountKopecks: paymentAttempts.amountKopecks,
        status: paymentAttempts.status,
        createdAt: paymentAttempts.createdAt,
        succeededAt: paymentAttempts.succeededAt,
        cancellationReason: paymentAttempts.cancellationReason,
      })
      .from(paymentAttempts)
      .where(eq(paymentAttempts.orderId, orderId))
      .orderBy(asc(paymentAttempts.createdAt)),
    db
      .select({
        id: refunds.id,
        amountKopecks: refunds.amountKopecks,
        status: refunds.status,
        kind: refunds.kind,
        reason: refunds.reason,
        staffName: staffMembers.fullName,
        providerRefundId: refunds.providerRefundId,
        createdAt: refunds.createdAt,
        succeededAt: refunds.succeededAt,
      })
      .from(refunds)
      .leftJoin(staffMembers, eq(staffMembers.id, refunds.staffId))
      .where(eq(refunds.orderId, orderId))
      .orderBy(asc(refunds.createdAt)),
  ]);
  const attemptIds = attempts.map((attempt) => attempt.id);
  const notifications =
    attemptIds.length === 0
      ? []
      : await db
          .select({
            id: paymentNotifications.id,
            attemptId: paymentNotifications.attemptId,
            receivedAt: paymentNotifications.receivedAt,
            sourceIp: paymentNotifications.sourceIp,
            sourceAllowed: paymentNotifications.sourceAllowed,
            event: paymentNotifications.event,
            outcome: paymentNotifications.outcome,
            body: paymentNotifications.body,
          })
          .from(paymentNotifications)
          .where(
            and(
              isNotNull(paymentNotifications.attemptId),
              inArray(paymentNotifications.attemptId, attemptIds),
            ),
          )
          .orderBy(asc(paymentNotifications.receivedAt));
  return { items, events, attempts, refunds: refundRows, notifications };
}

/** The money of one Moscow day: payments and refunds that succeeded in it. */
export async function selectDayTotals(db: Db, date: string) {
  const start = moscowMidnight(date);
  const end = moscowMidnight(date, true);
  const [paid] = await db
    .select({
      kopecks: sql<number>`coalesce(sum(${paymentAttempts.amountKopecks}), 0)::bigint`.mapWith(
        Number,
      ),
      count: sql<number>`count(*)::int`,
    })
    .from(paymentAttempts)
    .where(
      and(
        eq(paymentAttempts.status, "succeeded"),
        sql`${paymentAttempts.succeededAt} >= ${start}`,
        sql`${paymentAttempts.succeededAt} < ${end}`,
      ),
    );
  const [refunded] = await db
    .select({
      kopecks: sql<number>`coalesce(sum(${refunds.amountKopecks}), 0)::bigint`.mapWith(Number),
      count: sql<number>`count(*)::int`,
    })
    .from(refunds)
    .where(
      and(
        eq(refunds.status, "succeeded"),
        sql`${refunds.succeededAt} >= ${start}`,
        sql`${refunds.succeededAt} < ${end}`,
      ),
    );
  return {
    paidKopecks: paid?.kopecks ?? 0,
    paidCount: paid?.count ?? 0,
    refundedKopecks: refunded?.kopecks ?? 0,
    refundedCount: refunded?.count ?? 0,
  };
}

export interface LedgerRow {
  entry: "payment" | "refund";
  at: Date;
  orderNumber: number;
  orderStatus: OrderStatusValue;
  lastName: string;
  firstName: string;
  patronymic: string | null;
  description: string;
  method: "bank_card" | "sbp";
  providerPaymentId: string | null;
  refundKind: string | null;
  amountKopecks: number;
}

/**
 * One page of the ledger of a Moscow date range: every payment and every refund that succeeded
 * in it, in time order. Read page by page, so an export of a year never holds it all at once.
 */
export async function selectLedgerPage(
  db: Db,
  range: { from: string; to: string },
  page: { limit: number; offset: number },
): Promise<LedgerRow[]> {
  const start = moscowMidnight(range.from);
  const end = moscowMidnight(range.to, true);
  const payments = db
    .select({
      entry: sql<"payment" | "refund">`'payment'`.as("entry"),
      at: sql<Date>`${paymentAttempts.succeededAt}`.as("at"),
      orderNumber: orders.number,
      orderStatus: orders.status,
      lastName: clients.lastName,
      firstName: clients.firstName,
      patronymic: clients.patronymic,
      description: sql<string>`${itemDescription}`.as("description"),
      method: paymentAttempts.method,
      providerPaymentId: paymentAttempts.providerPaymentId,
      refundKind: sql<string | null>`null::text`.as("refund_kind"),
      amountKopecks: paymentAttempts.amountKopecks,
    })
    .from(paymentAttempts)
    .innerJoin(orders, eq(orders.id, paymentAttempts.orderId))
    .innerJoin(clients, eq(clients.id, orders.clientId))
    .where(
      and(
        eq(paymentAttempts.status, "succeeded"),
        sql`${paymentAttempts.succeededAt} >= ${start}`,
        sql`${paymentAttempts.succeededAt} < ${end}`,
      ),
    );
  const returned = db
    .select({
      entry: sql<"payment" | "refund">`'refund'`.as("entry"),
      at: sql<Date>`${refunds.succeededAt}`.as("at"),
      orderNumber: orders.number,
      orderStatus: orders.status,
      lastName: clients.lastName,
      firstName: clients.firstName,
      patronymic: clients.patronymic,
      description: sql<string>`${itemDescription}`.as("description"),
      method: paymentAttempts.method,
      providerPaymentId: paymentAttempts.providerPaymentId,
      refundKind: sql<string | null>`${refunds.kind}::text`.as("refund_kind"),
      amountKopecks: refunds.amountKopecks,
    })
    .from(refunds)
    .innerJoin(paymentAttempts, eq(paymentAttempts.id, refunds.attemptId))
    .innerJoin(orders, eq(orders.id, refunds.orderId))
    .innerJoin(clients, eq(clients.id, orders.clientId))
    .where(
      and(
        eq(refunds.status, "succeeded"),
        sql`${refunds.succeededAt} >= ${start}`,
        sql`${refunds.succeededAt} < ${end}`,
      ),
    );
  const rows = await payments
    .unionAll(returned)
    .orderBy(sql`"at"`, sql`"entry"`, sql`"number"`)
    .limit(page.limit)
    .offset(page.offset);
  // A union's raw timestamps come back as text on some drivers.
  return rows.map((row) => ({ ...row, at: new Date(row.at) }));
}
