import type { Order, OrderStatus } from "../../../common/shop/shop.schema.ts";
import type { BadgeTone } from "../../ui/query-states.tsx";

export { formatRubles } from "../booking/booking-format.ts";

/** The tone of an order's status badge: waiting yellow, paid green, the rest grey. */
export const orderStatusTone: Record<OrderStatus, BadgeTone> = {
  awaiting_payment: "yellow",
  paid: "green",
  cancelled: "gray",
  partially_refunded: "blue",
  refunded: "gray",
};

/** What the return page shows for an order at this moment. */
export type PaymentOutcome = "checking" | "failed" | "paid" | "issuing" | "cancelled" | "refunded";

/**
 * The return page's state: paid (with its certificate, or the visit it held), a declined attempt,
 * or still waiting.
 */
export function paymentOutcome(
  order: Order,
  lastAttemptStatus: string | undefined,
): PaymentOutcome {
  if (order.status === "paid") return order.contract || order.appointment ? "paid" : "issuing";
  if (order.status === "refunded" || order.status === "partially_refunded") return "refunded";
  if (order.status === "cancelled") return "cancelled";
  return lastAttemptStatus === "canceled" ? "failed" : "checking";
}

const startDayLabel = new Intl.DateTimeFormat("ru-RU", {
  timeZone: "UTC",
  weekday: "short",
  day: "numeric",
  month: "long",
  year: "numeric",
});

/** A start date as the choice shows it: «пт, 4 декабря 2026 г.». */
export function formatStartDay(isoDate: string): string {
  return startDayLabel.format(new Date(`${isoDate}T00:00:00Z`));
}
