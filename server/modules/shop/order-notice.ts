import type { Db } from "../../db/client.ts";
import { selectOrderNotice } from "./shop.repository.ts";

/** What a message about an order needs: its number, buyer, receipt e-mail and site origin. */
export type OrderNotice = NonNullable<Awaited<ReturnType<typeof selectOrderNotice>>>;

export function findOrderNotice(db: Db, orderId: string): Promise<OrderNotice | null> {
  return selectOrderNotice(db, orderId);
}
