import { todayInMoscow } from "../../../common/format/date.ts";
import { ConflictError, NotFoundError } from "../../errors.ts";
import {
  PaymentProviderError,
  type ProviderRefund,
} from "../../integrations/payments/payment-provider.ts";
import type { EventHandler } from "../../plugins/event-relay.ts";
import { emit } from "../../plugins/events.ts";
import { annulCertificate } from "../contracts/index.ts";
import { receiptOf } from "./receipts.ts";
import {
  addRefundedToOrder,
  insertRefund,
  markRefundCanceled,
  markRefundSent,
  markRefundSucceeded,
  type RefundRow,
  selectPaidAttempt,
  selectRefund,
  selectRefundByProviderId,
  selectRefundsInFlight,
  selectRefundsToRecheck,
  touchRefund,
} from "./refunds.repository.ts";
import {
  insertOrderEvent,
  lockOrder,
  type OrderRow,
  selectAttempt,
  selectOrder,
  selectOrderOfAppointment,
} from "./shop.repository.ts";
import type { ShopContext } from "./shop-context.ts";

export type RefundKind = RefundRow["kind"];

const rubles = new Intl.NumberFormat("ru-RU", { style: "currency", currency: "RUB" });

export interface RefundRequest {
  orderId: string;
  kind: RefundKind;
  /** Omitted: all that is left of the payment. */
  amountKopecks?: number;
  reason: string | null;
  actor: { kind: "client" | "staff" | "system"; id: string | null };
  /** Annul the order's certificate (a refund before its start). */
  annul?: boolean;
  /** A double payment's own attempt (it is refunded, not the order's counted payment). */
  attemptId?: string;
}

/**
 * Returns money: the refund row with its key is committed first (creating), then the provider is
 * asked; a lost answer is retried by the re-check with the same key, never doubled. Answers null
 * when the order already has its one automatic refund (a redelivered cancellation).
 */
export async function requestRefund(
  ctx: ShopContext,
  request: RefundRequest,
): Promise<RefundRow | null> {
  const refund = await ctx.db.transaction(async (tx) => {
    const order = await lockOrder(tx, request.orderId);
    if (!order) throw new NotFoundError("Заказ не найден.");
    const double = request.kind === "double_payment";
    if (!double && order.status !== "paid" && order.status !== "partially_refunded") {
      throw new ConflictError("Вернуть деньги можно только по оплаченному заказу.");
    }
    const attempt = request.attemptId
      ? await selectAttempt(tx, request.attemptId)
      : await selectPaidAttempt(tx, order.id);
    if (attempt?.status !== "succeeded" || !attempt.providerPaymentId) {
      throw new ConflictError("У заказа нет платежа, который можно вернуть.");
    }
    const available = double
      ? attempt.amountKopecks
      : order.paidKopecks - order.refundedKopecks - (await selectRefundsInFlight(tx, order.id));
    const amount = request.amountKopecks ?? available;
    if (amount <= 0 || amount > available) {
      throw new ConflictError(
        available > 0
          ? `Вернуть можно не больше ${rubles.format(available / 100)}.`
          : "Деньги по этому заказу уже возвращены или возвращаются.",
      );
    }
    const row = await insertRefund(tx, {
      orderId: order.id,
      attemptId: attempt.id,
      amountKopecks: amount,
      kind: request.kind,
      reason: request.reason,
      staffId: request.actor.kind === "staff" ? request.actor.id : null,
    });
    if (!row) return null;
    await insertOrderEvent(tx, order.id, {
      kind: "refund_requested",
      actorKind: request.actor.kind,
      actorId: request.actor.id,
      reason: request.reason ?? `${rubles.format(amount / 100)}`,
    });
    if (request.annul && order.contractId) await annulCertificate(tx, order.contractId);
    return row;
  });
  if (refund) await sendRefund(ctx, refund);
  return refund ? ((await selectRefund(ctx.db, refund.id)) ?? refund) : null;
}

/** Asks the provider for the refund, with the refund's own key; applies a final answer. */
export async function sendRefund(ctx: ShopContext, refund: RefundRow): Promise<void> {
  const order = await selectOrder(ctx.db, refund.orderId);
  const attempt = await selectAttempt(ctx.db, refund.attemptId);
  if (!order || !attempt?.providerPaymentId) return;
  const receipt = await receiptOf(ctx, order);
  // A partial refund's receipt carries the refunded amount as its one line.
  const [line] = receipt.items;
  if (line) receipt.items = [{ ...line, quantity: 1, amountKopecks: refund.amountKopecks }];
  let answer: ProviderRefund;
  try {
    answer = await ctx.provider.createRefund({
      idempotenceKey: refund.idempotenceKey,
      providerPaymentId: attempt.providerPaymentId,
      amountKopecks: refund.amountKopecks,
      receipt,
      description: `Возврат по заказу № ${order.number}`,
    });
  } catch (error) {
    if (error instanceof PaymentProviderError && !error.retryable) {
      ctx.log.error({ err: error, refundId: refund.id }, "the payment provider refused a refund");
      await failRefund(ctx, refund, order);
      return;
    }
    // The provider did not answer: the re-check sends it again with the same key.
    ctx.log.warn({ err: error, refundId: refund.id }, "a refund is waiting for the provider");
    await touchRefund(ctx.db, refund.id);
    return;
  }
  await markRefundSent(ctx.db, refund.id, answer.id, answer.status);
  await applyRefundStatus(ctx, refund.id, answer.status);
}

async function failRefund(ctx: ShopContext, refund: RefundRow, order: OrderRow) {
  await ctx.db.transaction(async (tx) => {
    if (!(await markRefundCanceled(tx, refund.id))) return;
    await insertOrderEvent(tx, order.id, {
      kind: "refund_failed",
      actorKind: "provider",
      reason: "Платёжная система не провела возврат",
    });
    await emit(
      tx,
      "order.changed",
      { orderId: order.id, status: order.status },
      {
        accountId: order.clientId,
      },
    );
  });
}

async function applyRefundStatus(
  ctx: ShopContext,
  refundId: string,
  status: ProviderRefund["status"],
): Promise<"applied" | "no_change"> {
  const refund = await selectRefund(ctx.db, refundId);
  if (!refund) return "no_change";
  if (status === "canceled") {
    const order = await selectOrder(ctx.db, refund.orderId);
    if (order) await failRefund(ctx, refund, order);
    return "applied";
  }
  if (status !== "succeeded") return "no_change";
  return ctx.db.transaction(async (tx) => {
    const order = await lockOrder(tx, refund.orderId);
    if (!order) return "no_change";
    const succeeded = await markRefundSucceeded(tx, refund.id);
    if (!succeeded) return "no_change";
    // A double payment's refund returns money the order never counted.
    const after =
      refund.kind === "double_payment"
        ? order
        : ((await addRefundedToOrder(tx, order.id, refund.amountKopecks)) ?? order);
    await insertOrderEvent(tx, order.id, {
      kind: "refund_succeeded",
      fromStatus: order.status,
      toStatus: after.status,
      actorKind: "provider",
      reason: rubles.format(refund.amountKopecks / 100),
    });
    await emit(
      tx,
      "order.changed",
      { orderId: order.id, status: after.status },
      {
        accountId: order.clientId,
      },
    );
    return "applied";
  });
}

/** A refund as the provider answered it when asked (a notification's re-fetch). */
export async function applyProviderRefund(
  ctx: ShopContext,
  providerRefund: ProviderRefund,
): Promise<"applied" | "no_change" | "unknown_object"> {
  const refund = await selectRefundByProviderId(ctx.db, providerRefund.id);
  if (!refund) return "unknown_object";
  return applyRefundStatus(ctx, refund.id, providerRefund.status);
}

/** Refunds still open: sent again (creating) or asked about (pending). */
export async function recheckRefunds(ctx: ShopContext): Promise<number> {
  const open = await selectRefundsToRecheck(ctx.db);
  for (const refund of open) {
    try {
      if (refund.status === "creating" || !refund.providerRefundId) {
        await sendRefund(ctx, refund);
      } else {
        const answer = await ctx.provider.getRefund(refund.providerRefundId);
        await touchRefund(ctx.db, refund.id);
        await applyRefundStatus(ctx, refund.id, answer.status);
      }
    } catch (error) {
      ctx.log.warn({ err: error, refundId: refund.id }, "refunds re-check: the provider failed");
    }
  }
  return open.length;
}

/**
 * The client's own «Вернуть деньги» for a certificate: in full, only before its start date, and
 * the certificate is annulled. After the start the contact centre decides.
 */
export function clientRefundAllowed(
  order: Pick<OrderRow, "kind" | "status" | "refundedKopecks">,
  contract: { startsOn: string; annulledAt: Date | null } | undefined,
  refundInFlight: boolean,
  today = todayInMoscow(),
): boolean {
  if (order.kind !== "certificate" || order.status !== "paid" || order.refundedKopecks > 0) {
    return false;
  }
  if (refundInFlight || !contract) return false;
  return contract.annulledAt === null && today < contract.startsOn;
}

/**
 * A paid visit may be returned by the client while it is confirmed and its clinic's cut-off has
 * not passed: «Отменить запись и получить деньги обратно можно не позже чем за N ч до приёма».
 */
export function visitRefundAllowed(
  order: Pick<OrderRow, "status" | "refundedKopecks">,
  visit: { status: string; startsAt: Date | null; cutoffHours: number },
  refundInFlight: boolean,
  now = new Date(),
): boolean {
  if (order.status !== "paid" || order.refundedKopecks > 0 || refundInFlight) return false;
  if (visit.status !== "confirmed" || visit.startsAt === null) return false;
  return visit.startsAt.getTime() - visit.cutoffHours * 3_600_000 > now.getTime();
}

/**
 * A paid visit was cancelled (by the client before the cut-off, or on the clinic's behalf): its
 * money goes back in full, once — the automatic refund is unique per order, so the cancellation's
 * redelivered event and the client's own «Вернуть деньги» make one refund.
 */
export async function refundCancelledVisit(ctx: ShopContext, orderId: string): Promise<void> {
  const order = await selectOrder(ctx.db, orderId);
  if (!order || (order.status !== "paid" && order.status !== "partially_refunded")) return;
  await requestRefund(ctx, {
    orderId,
    kind: "cancellation",
    reason: "Запись отменена — деньги возвращены полностью",
    actor: { kind: "system", id: null },
  });
}

/** appointment.cancelled → a visit paid in the app is refunded in full (whoever cancelled it). */
export function cancelledVisitRefundHandler(ctx: ShopContext): EventHandler {
  return {
    name: "shop.cancelled-visit-refund",
    types: ["appointment.cancelled"],
    async handle(event) {
      const appointmentId = event.payload.appointmentId;
      if (typeof appointmentId !== "string") return;
      const orderId = await selectOrderOfAppointment(ctx.db, appointmentId);
      if (orderId) await refundCancelledVisit(ctx, orderId);
    },
  };
}
