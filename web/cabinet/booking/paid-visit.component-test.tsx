import { screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { AppointmentPage } from "../appointments/appointment.page.tsx";
import { AppointmentsPage } from "../appointments/appointments.page.tsx";
import { goToPayment } from "../shop/payment-redirect.ts";
import {
  confirmationUrl,
  legalDocuments,
  offerDocument,
  orderOf,
  shopIds,
} from "../shop/shop-fakes.ts";
import { jsonAnswer, renderScreen } from "../test/render.tsx";
import { BookingPage } from "./booking.page.tsx";
import { appointmentOf, type Call, ids, stubBookingApi } from "./booking-fakes.ts";

vi.mock("../shop/payment-redirect.ts", () => ({ goToPayment: vi.fn() }));

beforeEach(() => {
  vi.mocked(goToPayment).mockClear();
});

const route = "/cabinet/booking";
const atClinic = `?personId=${ids.person}&specialtyId=${ids.therapist}&clinicId=${ids.clinic}`;
const paidTime = /^10:30, .*Платно,\s2\s125\s₽/;

const orderPosts = (calls: Call[]) =>
  calls.filter((call) => call.method === "POST" && call.path === "/api/orders");

/** The booking catalogue, the offer, and `onOrder` answering POST /api/orders. */
function stubPaidBooking(onOrder: () => Promise<Response> | Response) {
  const calls = stubBookingApi(({ path }) =>
    path === "/api/legal/documents" ? jsonAnswer(200, { documents: legalDocuments }) : undefined,
  );
  const catalogue = globalThis.fetch;
  vi.stubGlobal("fetch", async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input), "http://localhost");
    if (url.pathname === "/api/orders" && init?.method === "POST") {
      calls.push({
        method: "POST",
        path: url.pathname,
        search: url.searchParams,
        body: JSON.parse(String(init.body)),
      });
      return onOrder();
    }
    return catalogue(input, init);
  });
  return calls;
}

describe("A «Платно» time in «Записаться к врачу»", () => {
  it("shows the company's price beside the clinic's own, the refund rule of the clinic's cut-off, and «Оплатить и записаться» instead of «Подтвердить запись»", async () => {
    stubPaidBooking(() => jsonAnswer(201, { orderId: shopIds.order, confirmationUrl }));
    const { user } = renderScreen(<BookingPage />, { path: `${route}${atClinic}`, route });

    await user.click(await screen.findByRole("button", { name: paidTime }));
    const cost = await screen.findByRole("region", { name: "Стоимость" });
    expect(within(cost).getByText("Платно")).toBeTruthy();
    expect(within(cost).getByText("Лимит визитов по программе исчерпан.")).toBeTruthy();
    expect(within(cost).getByText(/^2\s125\s₽ со скидкой компании$/)).toBeTruthy();
    const clinicPrice = within(cost).getByText(/^в кассе клиники 2\s500\s₽$/);
    expect(clinicPrice).toBeTruthy();
    expect(
      within(cost).getByText(
        "Отменить запись и получить деньги обратно можно не позже чем за 4 ч до приёма.",
      ),
    ).toBeTruthy();

    const form = await screen.findByRole("form", { name: "Оплата визита" });
    expect(
      within(form).getByRole<HTMLInputElement>("textbox", { name: "E-mail для чека" }).value,
    ).toBe("client@example.ru");
    expect(within(form).getByRole<HTMLInputElement>("radio", { name: "Картой" }).checked).toBe(
      true,
    );
    expect(within(form).getByRole("radio", { name: "Через СБП" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Подтвердить запись" })).toBeNull();
    expect(within(form).getByRole("button", { name: "Оплатить и записаться" })).toBeTruthy();
  });

  it("asks for the offer first, then sends one order of a double click and leaves for the provider", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const calls = stubPaidBooking(async () => {
      await gate;
      return jsonAnswer(201, { orderId: shopIds.order, confirmationUrl });
    });
    const { user } = renderScreen(<BookingPage />, { path: `${route}${atClinic}`, route });

    await user.click(await screen.findByRole("button", { name: paidTime }));
    const form = await screen.findByRole("form", { name: "Оплата визита" });
    await user.click(within(form).getByRole("button", { name: "Оплатить и записаться" }));
    const consent = within(form).getByRole("checkbox", { name: /договора-оферты/ });
    expect(await within(form).findByText("Примите условия договора-оферты")).toBeTruthy();
    expect(consent.getAttribute("aria-invalid")).toBe("true");
    expect(orderPosts(calls)).toHaveLength(0);

    await user.click(consent);
    await user.click(within(form).getByRole("radio", { name: "Через СБП" }));
    await user.dblClick(within(form).getByRole("button", { name: "Оплатить и записаться" }));
    await waitFor(() => expect(orderPosts(calls)).toHaveLength(1));
    release();
    await waitFor(() => expect(goToPayment).toHaveBeenCalledWith(confirmationUrl));
    expect(orderPosts(calls)).toHaveLength(1);
    expect(orderPosts(calls)[0]?.body).toEqual({
      kind: "visit",
      checkoutKey: expect.stringMatching(/^[0-9a-f-]{36}$/),
      personId: ids.person,
      slotId: ids.slot2,
      receiptEmail: "client@example.ru",
      acceptedDocuments: [{ slug: "offer", version: offerDocument.version }],
      method: "sbp",
    });
  });

  it("puts the server's field error on its field and says a 409 in Russian, forgetting the time", async () => {
    let answer = 0;
    const calls = stubPaidBooking(() => {
      answer += 1;
      return answer === 1
        ? jsonAnswer(400, {
            type: "about:blank",
            title: "Проверьте данные",
            status: 400,
            errors: [{ field: "receiptEmail", message: "Укажите e-mail, на который придёт чек" }],
          })
        : jsonAnswer(409, {
            type: "about:blank",
            title: "Время занято",
            status: 409,
            detail: "Это время уже заняли. Выберите другое.",
          });
    });
    const { user } = renderScreen(<BookingPage />, { path: `${route}${atClinic}`, route });

    await user.click(await screen.findByRole("button", { name: paidTime }));
    const form = await screen.findByRole("form", { name: "Оплата визита" });
    await user.click(within(form).getByRole("checkbox", { name: /договора-оферты/ }));
    await user.click(within(form).getByRole("button", { name: "Оплатить и записаться" }));
    const email = within(form).getByRole("textbox", { name: "E-mail для чека" });
    expect(await within(form).findByText("Укажите e-mail, на который придёт чек")).toBeTruthy();
    expect(email.getAttribute("aria-invalid")).toBe("true");

    await user.click(within(form).getByRole("button", { name: "Оплатить и записаться" }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Это время уже заняли. Выберите другое.");
    expect(alert.textContent).toContain("Список времени обновлён.");
    await waitFor(() => expect(screen.queryByRole("form", { name: "Оплата визита" })).toBeNull());
    expect(orderPosts(calls)).toHaveLength(2);
    expect(goToPayment).not.toHaveBeenCalled();
  });
});

const paidCoverage = {
  kind: "paid" as const,
  reason: "not_in_network" as const,
  clinicPriceKopecks: 300_000,
  companyPriceKopecks: 255_000,
};

function renderAppointment(appointment: ReturnType<typeof appointmentOf>, order = orderOf()) {
  const calls = stubBookingApi(({ method, path }) => {
    if (path === `/api/appointments/${ids.appointment}` && method === "GET") {
      return jsonAnswer(200, appointment);
    }
    if (path === `/api/appointments/${ids.appointment}/cancel` && method === "POST") {
      return jsonAnswer(200, { ...appointment, status: "cancelled", canCancel: false });
    }
    if (path === `/api/orders/${shopIds.order}`) return jsonAnswer(200, order);
    if (path === `/api/orders/${shopIds.order}/attempts`) {
      return jsonAnswer(201, { orderId: shopIds.order, confirmationUrl });
    }
    return undefined;
  });
  const view = renderScreen(<AppointmentPage />, {
    path: `/cabinet/appointments/${ids.appointment}`,
    route: "/cabinet/appointments/:id",
  });
  return { ...view, calls };
}

describe("A visit paid in the app in «Мои записи»", () => {
  it("shows a held visit as «Ожидает оплаты» with «Оплатить», which starts a new attempt with the last method", async () => {
    const { user, calls } = renderAppointment(
      appointmentOf({
        status: "awaiting_payment",
        coverage: paidCoverage,
        paidOrderId: shopIds.order,
        canCancel: false,
        canMove: false,
        history: [{ at: "2026-12-02T10:00:00.000Z", status: "awaiting_payment", reason: null }],
      }),
      orderOf({
        kind: "visit",
        attempts: [
          {
            method: "sbp",
            status: "canceled",
            createdAt: "2026-12-03T09:00:01.000Z",
            succeededAt: null,
          },
        ],
      }),
    );

    expect((await screen.findAllByText("Ожидает оплаты")).length).toBeGreaterThan(0);
    expect(await screen.findByText("Оплатить можно до 03.12.2026 13:00")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Оплатить" }));
    await waitFor(() => expect(goToPayment).toHaveBeenCalledWith(confirmationUrl));
    const attempt = calls.find((call) => call.path === `/api/orders/${shopIds.order}/attempts`);
    expect(attempt?.body).toEqual({ method: "sbp" });
    expect(screen.queryByRole("button", { name: "Отменить" })).toBeNull();
  });

  it("shows a paid visit as «Оплачено в приложении» with «Мои платежи», and its cancellation says the money comes back in full", async () => {
    const { user } = renderAppointment(
      appointmentOf({ coverage: paidCoverage, paidOrderId: shopIds.order, canMove: false }),
    );

    expect(await screen.findByText("Оплачено в приложении")).toBeTruthy();
    expect(screen.getByRole("link", { name: "Мои платежи" }).getAttribute("href")).toBe(
      "/cabinet/profile/payments",
    );
    await user.click(screen.getByRole("button", { name: "Отменить" }));
    const dialog = await screen.findByRole("dialog", { name: "Отменить запись?" });
    expect(within(dialog).getByText(/Деньги за визит вернутся полностью/)).toBeTruthy();
    await user.click(within(dialog).getByRole("button", { name: "Отменить запись" }));
    expect(
      await screen.findByText(
        "Запись отменена. Деньги за визит вернутся полностью — возврат виден в разделе «Мои платежи».",
      ),
    ).toBeTruthy();
  });

  it("marks a paid visit in the list of «Мои записи»", async () => {
    stubBookingApi(({ method, path }) =>
      path === "/api/appointments" && method === "GET"
        ? jsonAnswer(200, {
            upcoming: [appointmentOf({ coverage: paidCoverage, paidOrderId: shopIds.order })],
            past: [],
          })
        : undefined,
    );
    renderScreen(<AppointmentsPage />, { path: "/cabinet/appointments" });
    expect(await screen.findByText("Оплачено в приложении")).toBeTruthy();
  });
});
