import type { Receipt } from "../../integrations/payments/payment-provider.ts";
import { type OrderRow, selectOrderItem } from "./shop.repository.ts";
import type { ShopContext } from "./shop-context.ts";

export function returnUrlOf(order: Pick<OrderRow, "id" | "returnOrigin">): string {
  return `${order.returnOrigin}/cabinet/orders/${order.id}/return`;
}

/** The 54-FZ receipt of an order: its item as the server priced it, to the buyer's e-mail. */
export async function receiptOf(ctx: ShopContext, order: OrderRow): Promise<Receipt> {
  const item = await selectOrderItem(ctx.db, order.id);
  if (!item) throw new Error(`order ${order.id} has no item`);
  return {
    customer: { email: order.receiptEmail },
    items: [
      {
        description: item.description,
        quantity: item.quantity,
        amountKopecks: item.unitKopecks,
        vatCode: ctx.vatCode,
        paymentSubject: "service",
        paymentMode: "full_payment",
      },
    ],
  };
}
