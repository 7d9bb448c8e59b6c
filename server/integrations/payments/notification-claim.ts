import { z } from "zod";
import type { NotificationCheck } from "./payment-provider.ts";

/**
 * A notification's body in ЮKassa's shape (the sandbox sends the same): only the event and the
 * object's id are read — the rest is the provider's word, and the caller fetches the object again.
 */
const notificationBodySchema = z.object({
  type: z.literal("notification"),
  event: z.string().regex(/^(payment|refund)\.[a-z_]+$/),
  object: z.object({ id: z.string().min(1).max(64) }),
});

/** The body's claim, or why it is refused: a source outside the provider's ranges, a bad shape. */
export function checkNotificationBody(body: unknown, sourceAllowed: boolean): NotificationCheck {
  if (!sourceAllowed) return { accepted: false, reason: "source_not_allowed" };
  const parsed = notificationBodySchema.safeParse(body);
  if (!parsed.success) return { accepted: false, reason: "unparseable" };
  const { event, object } = parsed.data;
  return {
    accepted: true,
    claim: event.startsWith("payment.")
      ? { kind: "payment", providerPaymentId: object.id, event }
      : { kind: "refund", providerRefundId: object.id, event },
  };
}
