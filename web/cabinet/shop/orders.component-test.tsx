import { act, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Order } from "../../../common/shop/shop.schema.ts";
import { jsonAnswer, renderScreen } from "../test/render.tsx";
import { OrderReturnPage, POLL_FOR_MS } from "./order-return.page.tsx";
import { goToPayment } from "./payment-redirect.ts";
import { PaymentsPage } from "./payments.page.tsx";
import {
  confirmationUrl,
  orderOf,
  paidOrderOf,
  type ShopCall,
  shopIds,
  stubShopApi,
} from "./shop-fakes.ts";

vi.mock("./payment-redirect.ts", () => ({ goToPayment: vi.fn() }));

beforeEach(() => {
  vi.mocked(goToPayment).mockClear();
});

afterEach(() => {
  vi.useRealTimers();
});

const orderPath = `/api/orders/${shopIds.order}`;
const orderGets = (calls: ShopCall[]) =>
  calls.filter((call) => call.method === "GET" && call.path === orderPath);

function renderReturn() {
  return renderScreen(<OrderReturnPage />, {
    path: `/cabinet/orders/${shopIds.order}/return`,
    route: "/cabinet/orders/:id/return",
  });
}

/** Answers GET /api/orders/:id with each order in turn, the last one from then on. */
function stubOrderSequence(orders: Order[], extra: (call: ShopCall) => Response | undefined) {
  let served = 0;
  return stubShopApi((call) => {
    if (call.method === "GET" && call.path === orderPath) {
      const order = orders[Math.min(served, orders.length - 1)];
      served += 1;
      return jsonAnswer(200, order);
    }
    return extra(call);
  });
}

describe("The return from the payment page", () => {
  it("asks every 2 s while the order awaits payment, then says «Оплачено» with the certificate", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const calls = stubOrderSequence([orderOf(), orderOf(), paidOrderOf()], () => undefined);
    renderReturn();

    expect(await screen.findByText("Заказ № 100123")).toBeTruthy();
    expect(screen.getByRole("status").textContent).toContain("Проверяем оплату");
    await act(() => vi.advanceTimersByTimeAsync(2_000));
    expect(orderGets(calls)).toHaveLength(2);
    expect(screen.queryByText("Оплачено")).toBeNull();
    await act(() => vi.advanceTimersByTimeAsync(2_000));

    expect(await screen.findByText("Оплачено")).toBeTruthy();
    expect(screen.getByText("Сертификат № 11/90000001")).toBeTruthy();
    expect(screen.getByRole("link", { name: "Открыть сертификат" }).getAttribute("href")).toBe(
      `/cabinet/contracts/${shopIds.contract}`,
    );
    expect(screen.getByRole("link", { name: "Мои договоры" }).getAttribute("href")).toBe(
      "/cabinet/contracts",
    );
    expect(orderGets(calls)).toHaveLength(3);
    // Paid: no more questions.
    await act(() => vi.advanceTimersByTimeAsync(10_000));
    expect(orderGets(calls)).toHaveLength(3);
  });

  it("says «Оплата не прошла» when the attempt was declined, and «Оплатить снова» starts a payment by the same method", async () => {
    const declined = orderOf({
      attempts: [
        {
          method: "sbp",
          status: "canceled",
          createdAt: "2026-12-03T09:00:01.000Z",
          succeededAt: null,
        },
      ],
    });
    const calls = stubOrderSequence([declined], (call) =>
      call.method === "POST" && call.path === `${orderPath}/attempts`
        ? jsonAnswer(201, { orderId: shopIds.order, confirmationUrl })
        : undefined,
    );
    const { user } = renderReturn();

    expect(await screen.findByText("Оплата не прошла")).toBeTruthy();
    expect(screen.getByText(/Можно оплатить заказ ещё раз до 03\.12\.2026 13:00/)).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Оплатить снова" }));

    await waitFor(() => expect(goToPayment).toHaveBeenCalledWith(confirmationUrl));
    expect(calls.find((call) => call.method === "POST")?.body).toEqual({ method: "sbp" });
  });

  it("says «Оплачено» for a paid visit and links to the appointment", async () => {
    const appointmentId = "00000000-0000-4000-8000-00000000ee01";
    stubOrderSequence(
      [
        paidOrderOf({
          kind: "visit",
          description: "Приём терапевта, 10.12.2026 10:00",
          contract: null,
          appointment: {
            id: appointmentId,
            status: "confirmed",
            startsAt: "2026-12-10T07:00:00.000Z",
          },
          canRefund: false,
        }),
      ],
      () => undefined,
    );
    renderReturn();

    expect(await screen.findByText("Оплачено")).toBeTruthy();
    expect(screen.getByText("Запись подтверждена: 10.12.2026 10:00")).toBeTruthy();
    expect(screen.queryByText(/Запись к врачу подтверждена/)).toBeNull();
    expect(screen.getByRole("link", { name: "Открыть запись" }).getAttribute("href")).toBe(
      `/cabinet/appointments/${appointmentId}`,
    );
  });

  it("says an expired order was cancelled and links to the catalogue", async () => {
    stubOrderSequence([orderOf({ status: "cancelled", canPay: false })], () => undefined);
    renderReturn();

    expect(await screen.findByText("Заказ отменён")).toBeTruthy();
    expect(screen.getByRole("link", { name: "Купить сертификат" }).getAttribute("href")).toBe(
      "/shop",
    );
    expect(screen.queryByRole("button", { name: "Оплатить снова" })).toBeNull();
  });

  it("stops asking after two minutes and offers «Проверить ещё раз»", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const calls = stubOrderSequence([orderOf()], () => undefined);
    renderReturn();
    expect(await screen.findByText("Заказ № 100123")).toBeTruthy();

    await act(() => vi.advanceTimersByTimeAsync(POLL_FOR_MS + 100));
    expect(await screen.findByRole("button", { name: "Проверить ещё раз" })).toBeTruthy();
    expect(screen.getByText(/Банк ещё не подтвердил оплату/)).toBeTruthy();
    const asked = orderGets(calls).length;
    expect(asked).toBeGreaterThan(50);
    expect(asked).toBeLessThanOrEqual(62);
    await act(() => vi.advanceTimersByTimeAsync(10_000));
    expect(orderGets(calls)).toHaveLength(asked);
  });
});

describe("«Мои платежи»", () => {
  const pending = orderOf({
    id: shopIds.order2,
    number: 100124,
    createdAt: "2026-12-03T11:00:00.000Z",
    expiresAt: "2026-12-03T12:00:00.000Z",
  });
  const refunded = paidOrderOf({
    id: "00000000-0000-4000-8000-00000000bb03",
    number: 100100,
    status: "refunded",
    refundedKopecks: 290_000,
    canRefund: false,
    refunds: [
      {
        amountKopecks: 290_000,
        status: "succeeded",
        createdAt: "2026-12-01T10:00:00.000Z",
        succeededAt: "2026-12-01T10:00:05.000Z",
      },
    ],
  });

  function renderPayments(orders: () => Order[], extra: (call: ShopCall) => Response | undefined) {
    const calls = stubShopApi((call) =>
      call.method === "GET" && call.path === "/api/orders"
        ? jsonAnswer(200, { orders: orders() })
        : extra(call),
    );
    return {
      calls,
      ...renderScreen(<PaymentsPage />, { path: "/cabinet/profile/payments" }),
    };
  }

  it("shows each order with its status, amount, method, refunds and «Квитанция», and «Оплатить» for an unpaid one", async () => {
    const { user, calls } = renderPayments(
      () => [pending, paidOrderOf(), refunded],
      (call) =>
        call.method === "POST" && call.path === `/api/orders/${shopIds.order2}/attempts`
          ? jsonAnswer(201, { orderId: shopIds.order2, confirmationUrl })
          : undefined,
    );

    const paid = await screen.findByRole("article", { name: "Заказ № 100123" });
    expect(within(paid).getByText("Оплачен")).toBeTruthy();
    expect(within(paid).getByText("Сертификат «Позвони Врачу», 12 мес.")).toBeTruthy();
    expect(within(paid).getByText("03.12.2026 12:00")).toBeTruthy();
    expect(within(paid).getByText(/^2\s900\s₽$/)).toBeTruthy();
    expect(within(paid).getByText("Картой")).toBeTruthy();
    expect(within(paid).getByText("Кассовый чек отправлен на client@example.ru")).toBeTruthy();
    const receipt = within(paid).getByRole("link", { name: /^Квитанция по заказу № 100123/ });
    expect(receipt.getAttribute("href")).toBe(`/api/orders/${shopIds.order}/receipt`);
    expect(receipt.getAttribute("target")).toBe("_blank");
    expect(
      within(paid).getByRole("link", { name: "Сертификат 11/90000001" }).getAttribute("href"),
    ).toBe(`/cabinet/contracts/${shopIds.contract}`);
    expect(within(paid).queryByRole("button", { name: /Оплатить/ })).toBeNull();

    const back = screen.getByRole("article", { name: "Заказ № 100100" });
    expect(within(back).getByText("Возвращён полностью")).toBeTruthy();
    expect(within(back).getByText(/^Возврат 2\s900\s₽ — выполнен$/)).toBeTruthy();
    expect(within(back).queryByRole("button", { name: /Вернуть деньги/ })).toBeNull();

    const unpaid = screen.getByRole("article", { name: "Заказ № 100124" });
    expect(within(unpaid).getByText("Ожидает оплаты")).toBeTruthy();
    expect(within(unpaid).queryByRole("link", { name: /Квитанция/ })).toBeNull();
    expect(within(unpaid).getByText("Оплатить можно до 03.12.2026 15:00")).toBeTruthy();
    await user.click(within(unpaid).getByRole("button", { name: "Оплатить заказ № 100124" }));
    await waitFor(() => expect(goToPayment).toHaveBeenCalledWith(confirmationUrl));
    expect(calls.find((call) => call.method === "POST")?.body).toEqual({ method: "bank_card" });
  });

  it("offers a paid, confirmed visit's «Направление», and none once the visit is cancelled", async () => {
    const visit = (status: string, id: string, number: number) =>
      paidOrderOf({
        id,
        number,
        kind: "visit",
        description: "Приём: дерматолог, Клиника «Кожа», 05.12.2026 10:00",
        contract: null,
        appointment: {
          id: "00000000-0000-4000-8000-00000000cc01",
          status,
          startsAt: "2026-12-05T07:00:00.000Z",
        },
      });
    renderPayments(
      () => [
        visit("confirmed", "00000000-0000-4000-8000-00000000bb11", 100130),
        visit("cancelled", "00000000-0000-4000-8000-00000000bb12", 100131),
      ],
      () => undefined,
    );
    const booked = await screen.findByRole("article", { name: "Заказ № 100130" });
    const referral = within(booked).getByRole("link", { name: /^Направление по заказу № 100130/ });
    expect(referral.getAttribute("href")).toBe(
      "/api/orders/00000000-0000-4000-8000-00000000bb11/referral",
    );
    const cancelled = screen.getByRole("article", { name: "Заказ № 100131" });
    expect(within(cancelled).queryByRole("link", { name: /Направление/ })).toBeNull();
  });

  it("asks before «Вернуть деньги», saying the certificate will be annulled, then shows the refund", async () => {
    let refundedNow = false;
    const afterRefund = paidOrderOf({
      status: "refunded",
      refundedKopecks: 290_000,
      canRefund: false,
      refunds: [
        {
          amountKopecks: 290_000,
          status: "pending",
          createdAt: "2026-12-03T12:00:00.000Z",
          succeededAt: null,
        },
      ],
    });
    const { user, calls } = renderPayments(
      () => [refundedNow ? afterRefund : paidOrderOf()],
      (call) => {
        if (call.method === "POST" && call.path === `${orderPath}/refund`) {
          refundedNow = true;
          return jsonAnswer(200, afterRefund);
        }
        return undefined;
      },
    );

    const card = await screen.findByRole("article", { name: "Заказ № 100123" });
    await user.click(within(card).getByRole("button", { name: "Вернуть деньги: заказ № 100123" }));
    const dialog = await screen.findByRole("dialog", { name: "Вернуть деньги?" });
    expect(dialog.textContent).toMatch(/Вернём 2\s900\s₽/);
    expect(dialog.textContent).toContain("Сертификат 11/90000001 будет аннулирован");
    await user.click(within(dialog).getByRole("button", { name: "Не возвращать" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(calls.some((call) => call.method === "POST")).toBe(false);

    await user.click(within(card).getByRole("button", { name: "Вернуть деньги: заказ № 100123" }));
    const again = await screen.findByRole("dialog", { name: "Вернуть деньги?" });
    await user.click(within(again).getByRole("button", { name: /^Вернуть 2\s900\s₽$/ }));

    expect(await screen.findByText("Возврат по заказу № 100123 оформлен.")).toBeTruthy();
    const updated = await screen.findByRole("article", { name: "Заказ № 100123" });
    expect(await within(updated).findByText("Возвращён полностью")).toBeTruthy();
    expect(within(updated).getByText(/^Возврат 2\s900\s₽ — в обработке$/)).toBeTruthy();
    expect(within(updated).queryByRole("button", { name: /Вернуть деньги/ })).toBeNull();
  });

  it("shows the server's refusal of a refund in Russian", async () => {
    const { user } = renderPayments(
      () => [paidOrderOf()],
      (call) =>
        call.method === "POST" && call.path === `${orderPath}/refund`
          ? jsonAnswer(409, {
              type: "about:blank",
              title: "Конфликт",
              status: 409,
              detail:
                "Сертификат уже начал действовать: вернуть деньги можно через медицинский контакт-центр.",
            })
          : undefined,
    );

    const card = await screen.findByRole("article", { name: "Заказ № 100123" });
    await user.click(within(card).getByRole("button", { name: /^Вернуть деньги/ }));
    const dialog = await screen.findByRole("dialog", { name: "Вернуть деньги?" });
    await user.click(within(dialog).getByRole("button", { name: /^Вернуть 2\s900\s₽$/ }));

    expect((await screen.findByRole("alert")).textContent).toContain(
      "Сертификат уже начал действовать",
    );
  });

  it("says there are no payments yet and links to «Купить сертификат»", async () => {
    renderPayments(
      () => [],
      () => undefined,
    );

    expect(await screen.findByText("Платежей пока нет")).toBeTruthy();
    expect(screen.getByRole("link", { name: "Купить сертификат" }).getAttribute("href")).toBe(
      "/shop",
    );
  });
});
