import type { Order } from "../../../common/shop/shop.schema.ts";
import { ConflictError, NotFoundError } from "../../errors.ts";
import { cancelMyAppointment } from "../booking/index.ts";
import { recheckAttempt } from "./payment-attempts.service.ts";
import {
  clientRefundAllowed,
  refundCancelledVisit,
  requestRefund,
  visitRefundAllowed,
} from "./refunds.service.ts";
import {
  type OrderRow,
  selectClientOrder,
  selectClientOrders,
  selectOpenAttempt,
  selectOrderDetails,
} from "./shop.repository.ts";
import type { ShopContext } from "./shop-context.ts";

// The return page polls its order: an open attempt is asked of the provider at most this often,
// so «Оплачено» shows before a late notification without a provider call per poll.
const REFRESH_AFTER_MS = 5_000;

type Details = Awaited<ReturnType<typeof selectOrderDetails>>;

function toOrder(row: OrderRow, details: Details, now: Date): Order {
  const item = details.items.find((candidate) => candidate.orderId === row.id);
  const contract = details.contractRows.find((candidate) => candidate.orderId === row.id);
  const visit = details.visitRows.find((candidate) => candidate.orderId === row.id);
  const refundInFlight = details.refundRows.some(
    (refund) =>
      refund.orderId === row.id && (refund.status === "creating" || refund.status === "pending"),
  );
  return {
    id: row.id,
    number: row.number,
    kind: row.kind,
    status: row.status,
    description: item?.description ?? "",
    totalKopecks: row.totalKopecks,
    paidKopecks: row.paidKopecks,
    refundedKopecks: row.refundedKopecks,
    receiptEmail: row.receiptEmail,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    paidAt: row.paidAt?.toISOString() ?? null,
    contract: contract ? { id: contract.id, number: contract.number } : null,
    appointment: visit
      ? { id: visit.id, status: visit.status, startsAt: visit.startsAt?.toISOString() ?? null }
      : null,
    attempts: details.attempts
      .filter((attempt) => attempt.orderId === row.id)
      .map((attempt) => ({
        method: attempt.method,
        status: attempt.status,
        createdAt: attempt.createdAt.toISOString(),
        succeededAt: attempt.succeededAt?.toISOString() ?? null,
      })),
    refunds: details.refundRows
      .filter((refund) => refund.orderId === row.id && refund.kind !== "double_payment")
      .map((refund) => ({
        amountKopecks: refund.amountKopecks,
        status: refund.status,
        createdAt: refund.createdAt.toISOString(),
        succeededAt: refund.succeededAt?.toISOString() ?? null,
      })),
    canPay: row.status === "awaiting_payment" && row.expiresAt > now,
    canRefund: visit
      ? visitRefundAllowed(row, visit, refundInFlight, now)
      : clientRefundAllowed(row, contract, refundInFlight),
  };
}

/** «Мои платежи»: the account's orders, newest first. */
export async function listClientOrders(ctx: ShopContext, clientId: string): Promise<Order[]> {
  const rows = await selectClientOrders(ctx.db, clientId);
  const details = await selectOrderDetails(
    ctx.db,
    rows.map((row) => row.id),
  );
  const now = new Date();
  return rows.map((row) => toOrder(row, details, now));
}

/**
 * One order of the account. While it awaits payment its open attempt is asked of the provider
 * (at most every 5 s), so the return page learns of the payment even if its notification is late.
 */
export async function getClientOrder(
  ctx: ShopContext,
  clientId: string,
  orderId: string,
): Promise<Order> {
  let row = await selectClientOrder(ctx.db, clientId, orderId);
  if (!row) throw new NotFoundError("Заказ не найден.");
  if (row.status === "awaiting_payment") {
    const open = await selectOpenAttempt(ctx.db, row.id);
    const checked = open?.lastCheckedAt?.getTime() ?? 0;
    if (open?.providerPaymentId && Date.now() - checked >= REFRESH_AFTER_MS) {
      try {
        await recheckAttempt(ctx, open);
        row = (await selectClientOrder(ctx.db, clientId, orderId)) ?? row;
      } catch (error) {
        // The provider is slow or down: the order is shown as it is; a later poll asks again.
        ctx.log.warn({ err: error, orderId }, "could not refresh an order's payment");
      }
    }
  }
  const details = await selectOrderDetails(ctx.db, [row.id]);
  return toOrder(row, details, new Date());
}

/** «Вернуть деньги» in «Мои платежи»: where the rules allow, in full. */
export async function refundClientOrder(
  ctx: ShopContext,
  clientId: string,
  orderId: string,
): Promise<Order> {
  const order = await getClientOrder(ctx, clientId, orderId);
  if (order.canRefund && order.appointment) {
    // A paid visit is returned by cancelling it (before the clinic's cut-off): in full.
    await cancelMyAppointment(ctx.db, clientId, order.appointment.id);
    await refundCancelledVisit(ctx, orderId);
    return getClientOrder(ctx, clientId, orderId);
  }
  if (!order.canRefund) {
    throw new ConflictError(
      order.kind === "certificate" && order.status === "paid"
        ? "Сертификат уже начал действовать: вернуть деньги можно через медицинский контакт-центр."
        : "По этому заказу вернуть деньги нельзя.",
    );
  }
  await requestRefund(ctx, {
    orderId,
    kind: "client",
    reason: "Клиент вернул деньги до начала действия сертификата",
    actor: { kind: "client", id: clientId },
    annul: true,
  });
  return getClientOrder(ctx, clientId, orderId);
}
