import { infiniteQueryOptions } from "@tanstack/react-query";
import type { OrderStatus } from "../../../common/shop/shop.schema.ts";
import {
  type StaffRefundRequest,
  staffOrderCardSchema,
  staffOrderSearchResultSchema,
  staffOrderTotalsSchema,
} from "../../../common/shop/staff-orders.schema.ts";
import { api } from "../../ui/api.ts";
import { queryString } from "../../ui/api-query.ts";
import { staffQuery } from "../staff-query.ts";

export const ordersKey = ["staff", "orders"] as const;
export const orderCardKey = (id: string) => [...ordersKey, "card", id] as const;

export interface OrderFilter {
  q: string;
  status: OrderStatus | "";
  from: string;
  to: string;
}

/** The search's pages, the next one fetched by «Показать ещё». */
export const orderSearchQuery = (filter: OrderFilter) =>
  infiniteQueryOptions({
    queryKey: [...ordersKey, "search", filter],
    queryFn: ({ pageParam, signal }) =>
      api.get(`/api/staff/orders${queryString({ ...filter, page: pageParam })}`, {
        schema: staffOrderSearchResultSchema,
        signal,
      }),
    initialPageParam: 1,
    getNextPageParam: (last) => (last.hasMore ? last.page + 1 : undefined),
    retry: false,
  });

export const orderCardQuery = (id: string) =>
  staffQuery(orderCardKey(id), `/api/staff/orders/${encodeURIComponent(id)}`, staffOrderCardSchema);

export const dayTotalsQuery = (date: string) =>
  staffQuery(
    [...ordersKey, "totals", date],
    `/api/staff/orders/totals${queryString({ date })}`,
    staffOrderTotalsSchema,
  );

/** «Вернуть»: the card as it is after the refund was asked for. */
export function refundOrder(orderId: string, body: StaffRefundRequest) {
  return api.post(`/api/staff/orders/${encodeURIComponent(orderId)}/refund`, body, {
    schema: staffOrderCardSchema,
  });
}

/** The XLSX's address: the browser downloads it with the console's session. */
export function exportUrl(from: string, to: string): string {
  return `/api/staff/orders/export.xlsx${queryString({ from, to })}`;
}
