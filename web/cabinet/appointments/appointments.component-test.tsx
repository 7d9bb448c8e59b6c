import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { appointmentOf, ids, slot, stubBookingApi } from "../booking/booking-fakes.ts";
import { jsonAnswer, renderScreen } from "../test/render.tsx";
import { AppointmentPage } from "./appointment.page.tsx";
import { AppointmentsPage } from "./appointments.page.tsx";
import { NextVisit } from "./next-visit.tsx";

const one = `/api/appointments/${ids.appointment}`;

function renderAppointment() {
  return renderScreen(<AppointmentPage />, {
    path: `/cabinet/appointments/${ids.appointment}`,
    route: "/cabinet/appointments/:id",
  });
}

describe("«Мои записи»", () => {
  it("lists upcoming and past visits with their statuses; a moved one says «Перенесена»", async () => {
    const past = appointmentOf({
      id: ids.moved,
      status: "cancelled",
      movedToId: ids.appointment,
      startsAt: "2026-11-20T07:00:00.000Z",
    });
    const request = appointmentOf({
      id: "00000000-0000-4000-8000-000000000203",
      status: "requested",
      startsAt: null,
      endsAt: null,
      request: { days: ["2026-12-14", "2026-12-15"], timeOfDay: "morning", note: null },
    });
    stubBookingApi(({ method, path }) =>
      method === "GET" && path === "/api/appointments"
        ? jsonAnswer(200, { upcoming: [appointmentOf(), request], past: [past] })
        : undefined,
    );
    renderScreen(<AppointmentsPage />, { path: "/cabinet/appointments" });

    const upcoming = await screen.findByRole("region", { name: "Предстоящие" });
    const link = within(upcoming).getByRole("link", {
      name: "четверг, 10 декабря 2026 г., 10:00",
    });
    expect(link.getAttribute("href")).toBe(`/cabinet/appointments/${ids.appointment}`);
    expect(within(upcoming).getByText("Подтверждена")).toBeTruthy();
    expect(within(upcoming).getByText("Заявка: 14.12, 15.12, утром")).toBeTruthy();
    expect(within(upcoming).getByText("Заявка")).toBeTruthy();
    const pastSection = screen.getByRole("region", { name: "Прошедшие" });
    expect(within(pastSection).getByText("Перенесена")).toBeTruthy();
    expect(screen.getByRole("link", { name: "Записаться к врачу" }).getAttribute("href")).toBe(
      "/cabinet/booking",
    );
  });

  it("says there are no appointments yet and offers «Записаться к врачу»", async () => {
    stubBookingApi();
    renderScreen(<AppointmentsPage />, { path: "/cabinet/appointments" });

    expect(await screen.findByRole("heading", { name: "Записей пока нет" })).toBeTruthy();
    expect(screen.getByRole("link", { name: "Записаться к врачу" })).toBeTruthy();
  });

  it("shows the nearest visit on «Главная» with «Записаться к врачу»", async () => {
    const later = appointmentOf({
      id: ids.moved,
      startsAt: "2026-12-20T07:00:00.000Z",
    });
    stubBookingApi(({ method, path }) =>
      method === "GET" && path === "/api/appointments"
        ? jsonAnswer(200, { upcoming: [later, appointmentOf()], past: [] })
        : undefined,
    );
    renderScreen(<NextVisit from={{ from: { to: "/cabinet", label: "Главная" } }} />, {
      path: "/cabinet",
    });

    const card = await screen.findByRole("region", { name: "Ближайшая запись" });
    expect(
      await within(card).findByRole("link", { name: "четверг, 10 декабря 2026 г., 10:00" }),
    ).toBeTruthy();
    expect(within(card).getByText("И ещё 1 предстоящая запись")).toBeTruthy();
    expect(within(card).getByRole("link", { name: "Записаться к врачу" })).toBeTruthy();
  });
});

describe("One appointment", () => {
  it("shows the clinic, the history and «Добавить в календарь»; «Отменить» asks first, then cancels", async () => {
    const calls = stubBookingApi(({ method, path }) => {
      if (method === "GET" && path === one) return jsonAnswer(200, appointmentOf());
      if (method === "POST" && path === `${one}/cancel`) {
        return jsonAnswer(
          200,
          appointmentOf({ status: "cancelled", canCancel: false, canMove: false }),
        );
      }
      return undefined;
    });
    const { user } = renderAppointment();

    expect(await screen.findByText("Москва, ул. Примерная, 1")).toBeTruthy();
    expect(screen.getByText("Паспорт и полис ДМС")).toBeTruthy();
    expect(screen.getByRole("region", { name: "История" })).toBeTruthy();
    expect(screen.getByRole("link", { name: "Добавить в календарь" }).getAttribute("href")).toBe(
      `${one}/calendar.ics`,
    );

    await user.click(screen.getByRole("button", { name: "Отменить" }));
    const dialog = await screen.findByRole("dialog", { name: "Отменить запись?" });
    await user.click(within(dialog).getByRole("button", { name: "Не отменять" }));
    expect(calls.some((call) => call.method === "POST")).toBe(false);

    await user.click(screen.getByRole("button", { name: "Отменить" }));
    await user.click(
      within(await screen.findByRole("dialog")).getByRole("button", { name: "Отменить запись" }),
    );
    expect(await screen.findByText("Запись отменена.")).toBeTruthy();
    expect(calls.filter((call) => call.method === "POST").map((call) => call.path)).toEqual([
      `${one}/cancel`,
    ]);
    await waitFor(() => expect(screen.getByText("Отменена")).toBeTruthy());
    expect(screen.queryByRole("button", { name: "Отменить" })).toBeNull();
  });

  it("past the cut-off gives the clinic's phone instead of «Отменить»", async () => {
    stubBookingApi(({ path }) =>
      path === one
        ? jsonAnswer(200, appointmentOf({ canCancel: false, canMove: false }))
        : undefined,
    );
    renderAppointment();

    expect(
      await screen.findByText("Отменить запись теперь можно только по телефону клиники:"),
    ).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Отменить" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Перенести" })).toBeNull();
    const phones = screen.getAllByRole("link", { name: /Позвонить в клинику/ });
    expect(phones[0]?.getAttribute("href")).toBe("tel:+74950000001");
  });

  it("«Перенести» picks a new time of the same doctor and opens the new appointment", async () => {
    const newTime = slot(ids.slot2, "2026-12-12T08:00:00.000Z");
    const moved = appointmentOf({
      id: ids.moved,
      startsAt: newTime.startsAt,
      endsAt: newTime.endsAt,
    });
    const calls = stubBookingApi(({ method, path }) => {
      if (method === "GET" && path === one) return jsonAnswer(200, appointmentOf());
      if (path === "/api/booking/slots") return jsonAnswer(200, { slots: [newTime] });
      if (method === "POST" && path === `${one}/move`) return jsonAnswer(201, moved);
      if (method === "GET" && path === `/api/appointments/${ids.moved}`) {
        return jsonAnswer(200, moved);
      }
      return undefined;
    });
    const { user } = renderAppointment();

    await user.click(await screen.findByRole("button", { name: "Перенести" }));
    const search = calls.find((call) => call.path === "/api/booking/slots")?.search;
    expect(search?.get("doctorId")).toBe(ids.doctor);
    expect(search?.get("clinicId")).toBe(ids.clinic);
    expect(search?.get("personId")).toBe(ids.person);
    expect(
      screen.getByRole("button", { name: "Подтвердить перенос" }).hasAttribute("disabled"),
    ).toBe(true);
    await user.click(await screen.findByRole("button", { name: "11:00, По программе" }));
    expect(screen.getByText("Перенести на суббота, 12 декабря 2026 г., 11:00?")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Подтвердить перенос" }));

    // The new appointment's page, with the notice.
    expect(await screen.findByText("Запись перенесена.")).toBeTruthy();
    expect(
      await screen.findByRole("heading", { name: "суббота, 12 декабря 2026 г., 11:00" }),
    ).toBeTruthy();
    expect(screen.getByRole("link", { name: "Добавить в календарь" }).getAttribute("href")).toBe(
      `/api/appointments/${ids.moved}/calendar.ics`,
    );
    expect(calls.find((call) => call.method === "POST")?.body).toEqual({ slotId: ids.slot2 });
  });

  it("a taken new time keeps the old appointment and says so in Russian", async () => {
    const newTime = slot(ids.slot2, "2026-12-12T08:00:00.000Z");
    stubBookingApi(({ method, path }) => {
      if (method === "GET" && path === one) return jsonAnswer(200, appointmentOf());
      if (path === "/api/booking/slots") return jsonAnswer(200, { slots: [newTime] });
      if (method === "POST" && path === `${one}/move`) {
        return jsonAnswer(409, {
          type: "about:blank",
          title: "Это время уже занято: выберите другое.",
          status: 409,
          detail: "Это время уже занято: выберите другое.",
        });
      }
      return undefined;
    });
    const { user, landed } = renderAppointment();

    await user.click(await screen.findByRole("button", { name: "Перенести" }));
    await user.click(await screen.findByRole("button", { name: "11:00, По программе" }));
    await user.click(screen.getByRole("button", { name: "Подтвердить перенос" }));

    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Это время уже занято");
    expect(alert.textContent).toContain("Прежняя запись сохранена.");
    expect(landed()).toBeNull();
  });

  it("«Сообщить, если освободится раньше» puts the client on the waitlist", async () => {
    const calls = stubBookingApi(({ method, path }) => {
      if (method === "GET" && path === one) return jsonAnswer(200, appointmentOf());
      if (method === "POST" && path === `${one}/waitlist`) {
        return jsonAnswer(
          200,
          appointmentOf({ waitlist: { available: true, waiting: true, offer: null } }),
        );
      }
      return undefined;
    });
    const { user } = renderAppointment();

    await user.click(
      await screen.findByRole("button", { name: "Сообщить, если освободится раньше" }),
    );
    expect(await screen.findByText(/Вы в листе ожидания/)).toBeTruthy();
    expect(screen.getByRole("button", { name: "Больше не сообщать" })).toBeTruthy();
    expect(calls.some((call) => call.method === "POST" && call.path === `${one}/waitlist`)).toBe(
      true,
    );
  });
});
