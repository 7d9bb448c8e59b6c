import { and, asc, desc, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import {
  appointments,
  clinics,
  contracts,
  coveredPersons,
  doctors,
  orderEvents,
  orderItems,
  orders,
  paymentAttempts,
  paymentNotifications,
  programs,
  refunds,
  services,
} from "../../db/schema/index.ts";

export type OrderRow = typeof orders.$inferSelect;
export type AttemptRow = typeof paymentAttempts.$inferSelect;
export type OrderStatusValue = OrderRow["status"];
export type OrderEventValues = Omit<typeof orderEvents.$inferInsert, "id" | "at" | "orderId">;

const forSale = and(eq(programs.soldOnline, true), isNull(programs.archivedAt));

const programColumns = {
  id: programs.id,
  name: programs.name,
  description: programs.description,
  coverage: programs.coverage,
  priceKopecks: programs.priceKopecks,
  termMonths: programs.termMonths,
  audience: programs.audience,
  maxPersons: programs.maxPersons,
  includesChat: programs.includesChat,
};

/** The programs sold online, cheapest first. */
export async function selectProgramsForSale(db: Db) {
  return db
    .select(programColumns)
    .from(programs)
    .where(forSale)
    .orderBy(asc(programs.priceKopecks), asc(programs.name));
}

export async function selectProgramForSale(db: Db, id: string) {
  const [row] = await db
    .select(programColumns)
    .from(programs)
    .where(and(eq(programs.id, id), forSale));
  return row ?? null;
}

export async function selectOrderByCheckoutKey(db: Db, clientId: string, checkoutKey: string) {
  const [row] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.clientId, clientId), eq(orders.checkoutKey, checkoutKey)));
  return row ?? null;
}

/** Inserts the order with its one item and its «created» event; null when the key is taken. */
export async function insertOrder(
  tx: Db,
  order: typeof orders.$inferInsert,
  item: Omit<typeof orderItems.$inferInsert, "orderId">,
): Promise<OrderRow | null> {
  const [row] = await tx
    .insert(orders)
    .values(order)
    .onConflictDoNothing({ target: [orders.clientId, orders.checkoutKey] })
    .returning();
  if (!row) return null;
  await tx.insert(orderItems).values({ ...item, orderId: row.id });
  await insertOrderEvent(tx, row.id, {
    kind: "created",
    toStatus: row.status,
    actorKind: "client",
    actorId: row.clientId,
  });
  return row;
}

export async function insertOrderEvent(tx: Db, orderId: string, event: OrderEventValues) {
  await tx.insert(orderEvents).values({ ...event, orderId });
}

/** The order's row, locked until the transaction ends: its attempts and status change in turn. */
export async function lockOrder(tx: Db, orderId: string): Promise<OrderRow | null> {
  const [row] = await tx.select().from(orders).where(eq(orders.id, orderId)).for("update");
  return row ?? null;
}

export async function selectOrder(db: Db, orderId: string): Promise<OrderRow | null> {
  const [row] = await db.select().from(orders).where(eq(orders.id, orderId));
  return row ?? null;
}

export async function selectClientOrder(db: Db, clientId: string, orderId: string) {
  const [row] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.id, orderId), eq(orders.clientId, clientId)));
  return row ?? null;
}

export async function selectClientOrders(db: Db, clientId: string, limit = 100) {
  return db
    .select()
    .from(orders)
    .where(eq(orders.clientId, clientId))
    .orderBy(desc(orders.createdAt))
    .limit(limit);
}

/** What the client's order screens show beside each order: items, attempts, refunds, contract. */
export async function selectOrderDetails(db: Db, orderIds: string[]) {
  if (orderIds.length === 0) {
    return { items: [], attempts: [], refundRows: [], contractRows: [], visitRows: [] };
  }
  const [items, attempts, refundRows, contractRows, visitRows] = await Promise.all([
    db.select().from(orderItems).where(inArray(orderItems.orderId, orderIds)),
    db
      .select()
      .from(paymentAttempts)
      .where(inArray(paymentAttempts.orderId, orderIds))
      .orderBy(asc(paymentAttempts.createdAt)),
    db
      .select()
      .from(refunds)
      .where(inArray(refunds.orderId, orderIds))
      .orderBy(asc(refunds.createdAt)),
    db
      .select({
        orderId: orders.id,
        id: contracts.id,
        number: contracts.number,
        startsOn: contracts.startsOn,
        annulledAt: contracts.annulledAt,
      })
      .from(orders)
      .innerJoin(contracts, eq(contracts.id, orders.contractId))
      .where(inArray(orders.id, orderIds)),
    // The visit an order pays for (booking's table, read here as decision 0013 allows).
    db
      .select({
        orderId: orderItems.orderId,
        id: appointments.id,
        status: appointments.status,
        startsAt: appointments.startsAt,
        cutoffHours: clinics.cancellationCutoffHours,
      })
      .from(orderItems)
      .innerJoin(appointments, eq(appointments.id, orderItems.appointmentId))
      .innerJoin(clinics, eq(clinics.id, appointments.clinicId))
      .where(inArray(orderItems.orderId, orderIds)),
  ]);
  return { items, attempts, refundRows, contractRows, visitRows };
}

export async function selectOrderItem(db: Db, orderId: string) {
  const [row] = await db.select().from(orderItems).where(eq(orderItems.orderId, orderId));
  return row ?? null;
}

/** The attempt still being paid («creating» or «pending»): at most one per order. */
export async function selectOpenAttempt(tx: Db, orderId: string): Promise<AttemptRow | null> {
  const [row] = await tx
    .select()
    .from(paymentAttempts)
    .where(
      and(
        eq(paymentAttempts.orderId, orderId),
        inArray(paymentAttempts.status, ["creating", "pending"]),
      ),
    );
  return row ?? null;
}

export async function insertAttempt(
  tx: Db,
  values: typeof paymentAttempts.$inferInsert,
): Promise<AttemptRow> {
  const [row] = await tx.insert(paymentAttempts).values(values).returning();
  if (!row) throw new Error("payment attempt not inserted");
  return row;
}

export async function supersedeAttempt(tx: Db, attemptId: string) {
  await tx
    .update(paymentAttempts)
    .set({ status: "superseded", updatedAt: sql`now()` })
    .where(
      and(
        eq(paymentAttempts.id, attemptId),
        inArray(paymentAttempts.status, ["creating", "pending"]),
      ),
    );
}

/** Records what the provider made of a «creating» attempt: its payment id and page. */
export async function markAttemptCreated(
  db: Db,
  attemptId: string,
  payment: { id: string; confirmationUrl: string | null },
) {
  await db
    .update(paymentAttempts)
    .set({
      providerPaymentId: payment.id,
      confirmationUrl: payment.confirmationUrl,
      status: sql`case when ${paymentAttempts.status} = 'creating' then 'pending'::payment_attempt_status else ${paymentAttempts.status} end`,
      lastCheckedAt: sql`now()`,
      updatedAt: sql`now()`,
    })
    .where(eq(paymentAttempts.id, attemptId));
}

export async function selectAttempt(db: Db, attemptId: string): Promise<AttemptRow | null> {
  const [row] = await db.select().from(paymentAttempts).where(eq(paymentAttempts.id, attemptId));
  return row ?? null;
}

export async function selectAttemptByProviderPayment(
  db: Db,
  provider: string,
  providerPaymentId: string,
): Promise<AttemptRow | null> {
  const [row] = await db
    .select()
    .from(paymentAttempts)
    .where(
      and(
        eq(paymentAttempts.provider, provider),
        eq(paymentAttempts.providerPaymentId, providerPaymentId),
      ),
    );
  return row ?? null;
}

/** succeeded, once: null when another notification (or the re-check) got there first. */
export async function markAttemptSucceeded(tx: Db, attemptId: string, providerPaymentId: string) {
  const [row] = await tx
    .update(paymentAttempts)
    .set({
      status: "succeeded",
      providerPaymentId,
      succeededAt: sql`now()`,
      confirmationUrl: null,
      lastCheckedAt: sql`now()`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(paymentAttempts.id, attemptId), sql`${paymentAttempts.status} <> 'succeeded'`))
    .returning();
  return row ?? null;
}

/** canceled, once and only while still open. */
export async function markAttemptCanceled(tx: Db, attemptId: string, reason: string | null) {
  const [row] = await tx
    .update(paymentAttempts)
    .set({
      status: "canceled",
      cancellationReason: reason,
      confirmationUrl: null,
      lastCheckedAt: sql`now()`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(paymentAttempts.id, attemptId),
        inArray(paymentAttempts.status, ["creating", "pending"]),
      ),
    )
    .returning();
  return row ?? null;
}

export async function touchAttemptChecked(db: Db, attemptId: string) {
  await db
    .update(paymentAttempts)
    .set({ lastCheckedAt: sql`now()` })
    .where(eq(paymentAttempts.id, attemptId));
}

/** The order paid, from awaiting payment (or from cancelled, for a payment that came late). */
export async function markOrderPaid(tx: Db, orderId: string, amountKopecks: number) {
  const [row] = await tx
    .update(orders)
    .set({
      status: "paid",
      paidKopecks: amountKopecks,
      paidAt: sql`now()`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(orders.id, orderId), inArray(orders.status, ["awaiting_payment", "cancelled"])))
    .returning();
  return row ?? null;
}

/**
 * The fulfilment claim: only the one transaction that gets the row back issues the certificate
 * (or confirms the visit); a rollback gives the claim back.
 */
export async function claimFulfilment(tx: Db, orderId: string): Promise<boolean> {
  const rows = await tx
    .update(orders)
    .set({ fulfilledAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(orders.id, orderId), isNull(orders.fulfilledAt), eq(orders.status, "paid")))
    .returning({ id: orders.id });
  return rows.length === 1;
}

export async function setOrderContract(tx: Db, orderId: string, contractId: string) {
  await tx.update(orders).set({ contractId }).where(eq(orders.id, orderId));
}

/** Cancels an order still awaiting payment (expired, or the client's «Отменить»). */
export async function cancelAwaitingOrder(tx: Db, orderId: string) {
  const [row] = await tx
    .update(orders)
    .set({ status: "cancelled", updatedAt: sql`now()` })
    .where(and(eq(orders.id, orderId), eq(orders.status, "awaiting_payment")))
    .returning();
  return row ?? null;
}

/** Orders past their hour, still awaiting payment. */
export async function selectExpiredOrders(db: Db, limit = 100) {
  return db
    .select()
    .from(orders)
    .where(and(eq(orders.status, "awaiting_payment"), lt(orders.expiresAt, sql`now()`)))
    .orderBy(asc(orders.expiresAt))
    .limit(limit);
}

/**
 * Open attempts quiet for `quietMinutes` and not checked in the last `checkedMinutes`: their
 * notification may have been lost.
 */
export async function selectAttemptsToRecheck(
  db: Db,
  quietMinutes: number,
  checkedMinutes: number,
  limit = 100,
) {
  return db
    .select()
    .from(paymentAttempts)
    .where(
      and(
        inArray(paymentAttempts.status, ["creating", "pending"]),
        lt(paymentAttempts.updatedAt, sql`now() - make_interval(mins => ${quietMinutes})`),
        or(
          isNull(paymentAttempts.lastCheckedAt),
          lt(paymentAttempts.lastCheckedAt, sql`now() - make_interval(mins => ${checkedMinutes})`),
        ),
      ),
    )
    .orderBy(asc(paymentAttempts.updatedAt))
    .limit(limit);
}

export async function selectOpenAttemptsOfOrder(db: Db, orderId: string) {
  return db
    .select()
    .from(paymentAttempts)
    .where(
      and(
        eq(paymentAttempts.orderId, orderId),
        inArray(paymentAttempts.status, ["creating", "pending"]),
      ),
    );
}

export async function insertNotification(db: Db, values: typeof paymentNotifications.$inferInsert) {
  await db.insert(paymentNotifications).values(values);
}

/** What the certificate's e-mail needs of its order: who bought it, where the receipt goes. */
export async function selectOrderNotice(db: Db, orderId: string) {
  const [row] = await db
    .select({
      number: orders.number,
      clientId: orders.clientId,
      receiptEmail: orders.receiptEmail,
      returnOrigin: orders.returnOrigin,
      contractId: orders.contractId,
    })
    .from(orders)
    .where(eq(orders.id, orderId));
  return row ?? null;
}

/** The order that paid for an appointment, if it was paid in the app. */
export async function selectOrderOfAppointment(db: Db, appointmentId: string) {
  const [row] = await db
    .select({ orderId: orderItems.orderId })
    .from(orderItems)
    .where(eq(orderItems.appointmentId, appointmentId));
  return row?.orderId ?? null;
}

/** The visit a referral («Направление») names: who, where, with whom, when. */
export async function selectReferralVisit(db: Db, orderId: string) {
  const [row] = await db
    .select({
      appointmentId: appointments.id,
      status: appointments.status,
      startsAt: appointments.startsAt,
      lastName: coveredPersons.lastName,
      firstName: coveredPersons.firstName,
      patronymic: coveredPersons.patronymic,
      birthDate: coveredPersons.birthDate,
      clinicName: clinics.name,
      clinicAddress: clinics.address,
      doctorLastName: doctors.lastName,
      doctorFirstName: doctors.firstName,
      doctorPatronymic: doctors.patronymic,
      serviceName: services.name,
    })
    .from(orderItems)
    .innerJoin(appointments, eq(appointments.id, orderItems.appointmentId))
    .innerJoin(coveredPersons, eq(coveredPersons.id, appointments.personId))
    .innerJoin(clinics, eq(clinics.id, appointments.clinicId))
    .innerJoin(services, eq(services.id, appointments.serviceId))
    .leftJoin(doctors, eq(doctors.id, appointments.doctorId))
    .where(eq(orderItems.orderId, orderId));
  return row ?? null;
}

/** An order by its number, for the public referral check. */
export async function selectOrderByNumber(db: Db, number: number) {
  const [row] = await db.select().from(orders).where(eq(orders.number, number));
  return row ?? null;
}

/** Notifications older than `days`: deleted (they hold no card data; 180 days of history kept). */
export async function deleteNotificationsBefore(db: Db, days: number): Promise<number> {
  const rows = await db
    .delete(paymentNotifications)
    .where(lt(paymentNotifications.receivedAt, sql`now() - make_interval(days => ${days})`))
    .returning({ id: paymentNotifications.id });
  return rows.length;
}
