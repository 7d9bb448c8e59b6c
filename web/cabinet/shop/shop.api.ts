import { type QueryClient, queryOptions, useQuery } from "@tanstack/react-query";
import {
  type CertificateOrderRequest,
  type Order,
  orderListSchema,
  orderSchema,
  type PaymentMethod,
  paymentRedirectSchema,
  shopProgramListSchema,
  shopProgramSchema,
} from "../../../common/shop/shop.schema.ts";
import { ApiError, api } from "../../ui/api.ts";
import { contractsQueryKey } from "../contracts/contracts.api.ts";
import { forgetSessionOn401 } from "../identity/session.ts";

export const shopQueryKeys = {
  programs: ["shop", "programs"] as const,
  program: (id: string) => ["shop", "programs", id] as const,
  orders: ["orders"] as const,
  order: (id: string) => ["orders", id] as const,
};

/** 4xx answers (not sold, not this account's, signed out) are final: only the others are retried. */
function retryTransient(failures: number, error: Error): boolean {
  return failures < 1 && !(error instanceof ApiError && error.status < 500);
}

function withSession<T>(load: (signal: AbortSignal) => Promise<T>) {
  return async ({ signal, client }: { signal: AbortSignal; client: QueryClient }) => {
    try {
      return await load(signal);
    } catch (error) {
      forgetSessionOn401(client, error);
      throw error;
    }
  };
}

/** «Купить сертификат»: the programs sold online (public). */
export function shopProgramsQuery() {
  return queryOptions({
    queryKey: shopQueryKeys.programs,
    queryFn: async ({ signal }) =>
      (await api.get("/api/shop/programs", { schema: shopProgramListSchema, signal })).programs,
    staleTime: 5 * 60_000,
  });
}

export function useShopPrograms() {
  return useQuery(shopProgramsQuery());
}

/** One program of the catalogue; 404 when it is not sold online. */
export function shopProgramQuery(id: string) {
  return queryOptions({
    queryKey: shopQueryKeys.program(id),
    queryFn: ({ signal }) =>
      api.get(`/api/shop/programs/${encodeURIComponent(id)}`, {
        schema: shopProgramSchema,
        signal,
      }),
    retry: retryTransient,
    staleTime: 5 * 60_000,
  });
}

export function useShopProgram(id: string) {
  return useQuery(shopProgramQuery(id));
}

/** «Мои платежи»: the account's orders, newest first. */
export function ordersQuery() {
  return queryOptions({
    queryKey: shopQueryKeys.orders,
    queryFn: withSession(
      async (signal) => (await api.get("/api/orders", { schema: orderListSchema, signal })).orders,
    ),
    retry: retryTransient,
  });
}

export function useOrders() {
  return useQuery(ordersQuery());
}

/** One order of the account (the server asks the provider about an unpaid one). */
export function orderQuery(id: string) {
  return queryOptions({
    queryKey: shopQueryKeys.order(id),
    queryFn: withSession((signal) =>
      api.get(`/api/orders/${encodeURIComponent(id)}`, { schema: orderSchema, signal }),
    ),
    retry: retryTransient,
  });
}

/** «Перейти к оплате»: the order (one per checkoutKey) and where to pay it. */
export function placeCertificateOrder(body: CertificateOrderRequest) {
  return api.post("/api/orders", body, { schema: paymentRedirectSchema });
}

/** «Оплатить» / «Оплатить снова» an order that still awaits payment. */
export function startOrderPayment(orderId: string, method: PaymentMethod) {
  return api.post(
    `/api/orders/${encodeURIComponent(orderId)}/attempts`,
    { method },
    { schema: paymentRedirectSchema },
  );
}

/** «Вернуть деньги»: the order as it stands after the refund was asked for. */
export function refundOrder(orderId: string) {
  return api.post(`/api/orders/${encodeURIComponent(orderId)}/refund`, undefined, {
    schema: orderSchema,
  });
}

/** «Квитанция»: the order's PDF, opened in a new tab. */
export function receiptHref(orderId: string): string {
  return `/api/orders/${encodeURIComponent(orderId)}/receipt`;
}

/** «Направление» of a paid, confirmed visit: the PDF the clinic checks by its QR code. */
export function referralHref(orderId: string): string {
  return `/api/orders/${encodeURIComponent(orderId)}/referral`;
}

/** The lists an order shows in read it again: «Мои платежи», and «Мои договоры» once it is paid. */
export function refreshOrderLists(queryClient: QueryClient, order: Order) {
  void queryClient.invalidateQueries({ queryKey: shopQueryKeys.orders, exact: true });
  if (order.contract) void queryClient.invalidateQueries({ queryKey: contractsQueryKey });
}

/** Keeps an order as the server answered it (a refund) where its screens read it. */
export function storeOrder(queryClient: QueryClient, order: Order) {
  queryClient.setQueryData(shopQueryKeys.order(order.id), order);
  refreshOrderLists(queryClient, order);
}

/** The method of the order's latest payment attempt (the one «Оплатить снова» repeats). */
export function lastAttempt(order: Order): Order["attempts"][number] | undefined {
  return order.attempts.reduce<Order["attempts"][number] | undefined>(
    (latest, attempt) => (!latest || attempt.createdAt >= latest.createdAt ? attempt : latest),
    undefined,
  );
}
