import { useTranslation } from "react-i18next";
import type { OrderStatus } from "../../../common/shop/shop.schema.ts";
import { type BadgeTone, StatusBadge } from "../../ui/query-states.tsx";

const rubles = new Intl.NumberFormat("ru-RU", { style: "currency", currency: "RUB" });

/** Kopecks as the console shows money: «2 900,00 ₽». */
export function formatKopecks(kopecks: number): string {
  return rubles.format(kopecks / 100);
}

const statusTones: Record<OrderStatus, BadgeTone> = {
  awaiting_payment: "yellow",
  paid: "green",
  cancelled: "gray",
  partially_refunded: "blue",
  refunded: "red",
};

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const { t } = useTranslation("staffOrders");
  return <StatusBadge tone={statusTones[status]}>{t(`orders.status.${status}`)}</StatusBadge>;
}
