import { AppError, ConflictError, NotFoundError } from "../../errors.ts";
import {
  type PaymentMethod,
  PaymentProviderError,
} from "../../integrations/payments/payment-provider.ts";
import { applyProviderPayment } from "./payment-apply.service.ts";
import { receiptOf, returnUrlOf } from "./receipts.ts";
import {
  type AttemptRow,
  insertAttempt,
  insertOrderEvent,
  lockOrder,
  markAttemptCanceled,
  markAttemptCreated,
  type OrderRow,
  selectOpenAttempt,
  selectOrder,
  supersedeAttempt,
} from "./shop.repository.ts";
import type { ShopContext } from "./shop-context.ts";

export const PROVIDER_UNAVAILABLE =
  "Платёжная система сейчас не отвечает. Заказ сохранён: попробуйте оплатить ещё раз через минуту.";

function refuseUnpayable(order: OrderRow, now: Date): void {
  if (order.status === "paid" || order.status === "partially_refunded") {
    throw new ConflictError("Заказ уже оплачен.");
  }
  if (order.status !== "awaiting_payment" || order.expiresAt <= now) {
    throw new ConflictError("Время на оплату заказа истекло, и он отменён. Оформите заказ заново.");
  }
}

/**
 * Asks the provider for the attempt's payment with the attempt's own key: the first call makes
 * it, a repeat (a double click, a retry after a lost answer, the re-check job) gets the same one.
 */
export async function createProviderPayment(
  ctx: ShopContext,
  order: OrderRow,
  attempt: AttemptRow,
) {
  const payment = await ctx.provider.createPayment({
    idempotenceKey: attempt.idempotenceKey,
    amountKopecks: attempt.amountKopecks,
    description: `Заказ № ${order.number}`,
    returnUrl: returnUrlOf(order),
    method: attempt.method,
    receipt: await receiptOf(ctx, order),
    metadata: { orderId: order.id, attemptId: attempt.id },
  });
  await markAttemptCreated(ctx.db, attempt.id, payment);
  // A provider may answer final at once (a declined card): that is applied like a notification.
  if (payment.status === "succeeded" || payment.status === "canceled") {
    await applyProviderPayment(ctx, payment);
  }
  return payment;
}

/**
 * «Перейти к оплате» / «Оплатить»: one open attempt per order. The same method again reuses the
 * open attempt (its page, or the provider asked again with its key); another method supersedes
 * it. The attempt with its key is committed before the provider is called, so a crash in between
 * leaves a key to retry with, never a second payment.
 */
export async function startPayment(
  ctx: ShopContext,
  input: { clientId: string; orderId: string; method: PaymentMethod },
): Promise<{ orderId: string; confirmationUrl: string }> {
  const now = new Date();
  const prepared = await ctx.db.transaction(async (tx) => {
    const order = await lockOrder(tx, input.orderId);
    if (!order || order.clientId !== input.clientId) throw new NotFoundError("Заказ не найден.");
    refuseUnpayable(order, now);
    const open = await selectOpenAttempt(tx, order.id);
    if (open && open.method === input.method) return { order, attempt: open };
    if (open) await supersedeAttempt(tx, open.id);
    const attempt = await insertAttempt(tx, {
      orderId: order.id,
      provider: ctx.provider.name,
      method: input.method,
      amountKopecks: order.totalKopecks,
    });
    await insertOrderEvent(tx, order.id, {
      kind: "attempt_created",
      actorKind: "client",
      actorId: input.clientId,
      reason: input.method === "sbp" ? "Через СБП" : "Картой",
    });
    return { order, attempt };
  });
  const { order, attempt } = prepared;
  if (attempt.status === "pending" && attempt.confirmationUrl) {
    return { orderId: order.id, confirmationUrl: attempt.confirmationUrl };
  }
  let payment: Awaited<ReturnType<typeof createProviderPayment>>;
  try {
    payment = await createProviderPayment(ctx, order, attempt);
  } catch (error) {
    if (error instanceof PaymentProviderError && !error.retryable) {
      // The provider refused the request itself: this attempt is over; a new one may be made.
      await markAttemptCanceled(ctx.db, attempt.id, `refused: ${error.message}`.slice(0, 500));
      ctx.log.error({ err: error, orderId: order.id }, "the payment provider refused a payment");
      throw new AppError(
        502,
        "payment-refused",
        "Платёжная система отказала",
        "Платёжная система не приняла оплату. Попробуйте другой способ оплаты или позвоните нам.",
      );
    }
    ctx.log.warn({ err: error, orderId: order.id }, "the payment provider did not answer");
    throw new AppError(
      503,
      "payment-unavailable",
      "Платёжная система недоступна",
      PROVIDER_UNAVAILABLE,
      undefined,
      {
        "retry-after": "30",
      },
    );
  }
  if (payment.status === "succeeded") {
    return { orderId: order.id, confirmationUrl: returnUrlOf(order) };
  }
  if (!payment.confirmationUrl) {
    throw new ConflictError("Оплата не прошла. Попробуйте ещё раз или выберите другой способ.");
  }
  return { orderId: order.id, confirmationUrl: payment.confirmationUrl };
}

/** Fetches an open attempt's payment from the provider and applies what it says. */
export async function recheckAttempt(ctx: ShopContext, attempt: AttemptRow): Promise<void> {
  if (attempt.status === "creating" || !attempt.providerPaymentId) {
    const order = await selectOrder(ctx.db, attempt.orderId);
    if (order) await createProviderPayment(ctx, order, attempt);
    return;
  }
  const payment = await ctx.provider.getPayment(attempt.providerPaymentId);
  await applyProviderPayment(ctx, payment);
}
