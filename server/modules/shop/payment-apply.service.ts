import { todayInMoscow } from "../../../common/format/date.ts";
import type { ProviderPayment } from "../../integrations/payments/payment-provider.ts";
import { emit } from "../../plugins/events.ts";
import { confirmPaidVisit } from "../booking/index.ts";
import { issueCertificate } from "../contracts/index.ts";
import { certificateCheckoutSchema } from "./checkout-data.ts";
import { requestRefund } from "./refunds.service.ts";
import {
  type AttemptRow,
  claimFulfilment,
  insertOrderEvent,
  lockOrder,
  markAttemptCanceled,
  markAttemptSucceeded,
  markOrderPaid,
  type OrderRow,
  selectAttempt,
  selectAttemptByProviderPayment,
  selectOrderItem,
  setOrderContract,
  touchAttemptChecked,
} from "./shop.repository.ts";
import type { ShopContext } from "./shop-context.ts";

export type ApplyOutcome = "applied" | "no_change" | "unknown_object";

/**
 * The attempt a fetched payment belongs to: by the provider's id, or — when the answer to
 * createPayment was lost before its id was stored — by the attempt id the payment carries in its
 * metadata (set by us, and read from the provider's own answer, not from a notification).
 */
async function attemptOf(ctx: ShopContext, payment: ProviderPayment): Promise<AttemptRow | null> {
  const byId = await selectAttemptByProviderPayment(ctx.db, ctx.provider.name, payment.id);
  if (byId) return byId;
  const attemptId = payment.metadata.attemptId;
  if (!attemptId || !/^[0-9a-f-]{36}$/i.test(attemptId)) return null;
  const attempt = await selectAttempt(ctx.db, attemptId);
  return attempt && attempt.provider === ctx.provider.name && !attempt.providerPaymentId
    ? attempt
    : null;
}

/**
 * Applies a payment as the provider itself answered it (never as a notification claimed it). A
 * success is applied once — the attempt's conditional UPDATE admits one transaction — and the
 * order is fulfilled once, by the claim on orders.fulfilled_at, in the same transaction.
 */
export async function applyProviderPayment(
  ctx: ShopContext,
  payment: ProviderPayment,
): Promise<ApplyOutcome> {
  const attempt = await attemptOf(ctx, payment);
  if (!attempt) return "unknown_object";
  if (payment.status === "succeeded") return applySuccess(ctx, attempt, payment);
  if (payment.status === "canceled") {
    const canceled = await markAttemptCanceled(ctx.db, attempt.id, payment.cancellationReason);
    return canceled ? "applied" : "no_change";
  }
  if (payment.status === "waiting_for_capture") {
    // Not expected with capture: true; kept pending, and said, so that someone looks.
    ctx.log.error({ attemptId: attempt.id }, "payment waiting for capture: capture is automatic");
  }
  await touchAttemptChecked(ctx.db, attempt.id);
  return "no_change";
}

async function applySuccess(
  ctx: ShopContext,
  attempt: AttemptRow,
  payment: ProviderPayment,
): Promise<ApplyOutcome> {
  if (payment.amountKopecks !== attempt.amountKopecks) {
    // A payment of another amount than we asked for is not ours to accept: someone must look.
    ctx.log.error(
      { attemptId: attempt.id, asked: attempt.amountKopecks, paid: payment.amountKopecks },
      "a payment's amount differs from its attempt's: not applied",
    );
    return "no_change";
  }
  const fulfilled = await ctx.db.transaction(async (tx) => {
    const order = await lockOrder(tx, attempt.orderId);
    if (!order) return null;
    const succeeded = await markAttemptSucceeded(tx, attempt.id, payment.id);
    if (!succeeded) return null;
    const paid = await markOrderPaid(tx, order.id, payment.amountKopecks);
    if (paid) {
      await insertOrderEvent(tx, order.id, {
        kind: order.status === "cancelled" ? "late_payment" : "paid",
        fromStatus: order.status,
        toStatus: "paid",
        actorKind: "provider",
      });
      await emit(
        tx,
        "order.changed",
        { orderId: order.id, status: "paid" },
        {
          accountId: order.clientId,
        },
      );
    } else {
      // Another attempt of the order paid it already: this payment is refunded (decision 0023).
      ctx.log.warn(
        { orderId: order.id, attemptId: attempt.id },
        "a second payment of a paid order",
      );
      return { order, issued: false, double: true };
    }
    if (!(await claimFulfilment(tx, order.id))) return { order, issued: false };
    const outcome = await fulfil(tx, paid);
    return { order: paid, issued: outcome === "fulfilled", lost: outcome === "time_lost" };
  });
  if (fulfilled && "lost" in fulfilled && fulfilled.lost) {
    // Paid after its hold was released (the order had expired): the time is not ours to give.
    await requestRefund(ctx, {
      orderId: attempt.orderId,
      kind: "late_payment",
      reason: "Время приёма уже освободилось — деньги возвращены",
      actor: { kind: "system", id: null },
    });
  }
  if (fulfilled && "double" in fulfilled) {
    // After the commit: the refund row is the second payment's, made once (unique per attempt).
    await requestRefund(ctx, {
      orderId: attempt.orderId,
      kind: "double_payment",
      attemptId: attempt.id,
      reason: "Повторная оплата заказа",
      actor: { kind: "system", id: null },
    });
  }
  return fulfilled ? "applied" : "no_change";
}

/** What a paid order gives: its certificate, or its visit confirmed. */
async function fulfil(tx: ShopContext["db"], order: OrderRow): Promise<"fulfilled" | "time_lost"> {
  const item = await selectOrderItem(tx, order.id);
  if (!item) throw new Error(`order ${order.id} has no item`);
  if (order.kind === "visit") {
    if (!item.appointmentId) throw new Error(`visit order ${order.id} has no appointment`);
    if (!(await confirmPaidVisit(tx, item.appointmentId))) return "time_lost";
    await insertOrderEvent(tx, order.id, {
      kind: "fulfilled",
      actorKind: "system",
      reason: "Запись подтверждена",
    });
    return "fulfilled";
  }
  if (order.kind === "certificate") {
    const checkout = certificateCheckoutSchema.parse(order.checkout);
    if (!item.programId) throw new Error(`certificate order ${order.id} has no program`);
    const issued = await issueCertificate(tx, {
      programId: item.programId,
      buyerId: order.clientId,
      persons: checkout.persons,
      startsOn: checkout.startsOn,
      paidOn: todayInMoscow(order.paidAt ?? new Date()),
    });
    await setOrderContract(tx, order.id, issued.contractId);
    await insertOrderEvent(tx, order.id, {
      kind: "fulfilled",
      actorKind: "system",
      reason: `Сертификат № ${issued.number}`,
    });
    await emit(
      tx,
      "certificate.issued",
      { contractId: issued.contractId, orderId: order.id },
      { accountId: order.clientId },
    );
  }
  return "fulfilled";
}
