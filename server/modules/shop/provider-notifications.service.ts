import { PaymentProviderError } from "../../integrations/payments/payment-provider.ts";
import { applyProviderPayment } from "./payment-apply.service.ts";
import { applyProviderRefund } from "./refunds.service.ts";
import { insertNotification, selectAttemptByProviderPayment } from "./shop.repository.ts";
import type { ShopContext } from "./shop-context.ts";

export type NotificationOutcome =
  | "applied"
  | "no_change"
  | "refused_source"
  | "unparseable"
  | "unknown_object"
  | "fetch_failed";

/**
 * A provider's notification (decision 0023): recorded as it came, checked against the provider's
 * addresses and shape, and never believed — the payment is fetched from the provider again and
 * applied as the provider answers it. A forged body names a payment the provider does not have,
 * or one whose real state is not the claimed one: nothing changes.
 */
export async function receiveNotification(
  ctx: ShopContext,
  input: { body: unknown; sourceIp: string },
): Promise<NotificationOutcome> {
  const check = ctx.provider.checkNotification(input);
  const record = (
    outcome: NotificationOutcome,
    extra: { objectId?: string; event?: string; attemptId?: string | null } = {},
  ) =>
    insertNotification(ctx.db, {
      provider: ctx.provider.name,
      sourceIp: input.sourceIp,
      sourceAllowed: !(check.accepted === false && check.reason === "source_not_allowed"),
      body: input.body ?? null,
      providerObjectId: extra.objectId ?? null,
      event: extra.event ?? null,
      outcome,
      attemptId: extra.attemptId ?? null,
    });
  if (!check.accepted) {
    const outcome = check.reason === "source_not_allowed" ? "refused_source" : "unparseable";
    await record(outcome);
    return outcome;
  }
  const { claim } = check;
  if (claim.kind === "refund") {
    let outcome: NotificationOutcome;
    try {
      outcome = await applyProviderRefund(
        ctx,
        await ctx.provider.getRefund(claim.providerRefundId),
      );
    } catch (error) {
      outcome =
        error instanceof PaymentProviderError && error.notFound ? "unknown_object" : "fetch_failed";
    }
    await record(outcome, { objectId: claim.providerRefundId, event: claim.event });
    return outcome;
  }
  let outcome: NotificationOutcome;
  try {
    const payment = await ctx.provider.getPayment(claim.providerPaymentId);
    outcome = await applyProviderPayment(ctx, payment);
  } catch (error) {
    if (error instanceof PaymentProviderError && error.notFound) {
      outcome = "unknown_object";
    } else {
      ctx.log.warn(
        { err: error, paymentId: claim.providerPaymentId },
        "notification: fetch failed",
      );
      outcome = "fetch_failed";
    }
  }
  // Read after applying: an attempt whose id reached us only through this payment has it now.
  const attempt = await selectAttemptByProviderPayment(
    ctx.db,
    ctx.provider.name,
    claim.providerPaymentId,
  );
  await record(outcome, {
    objectId: claim.providerPaymentId,
    event: claim.event,
    attemptId: attempt?.id ?? null,
  });
  return outcome;
}
