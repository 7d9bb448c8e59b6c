import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { jsonAnswer, renderScreen } from "../test/render.tsx";
import { BookingPage } from "./booking.page.tsx";
import { appointmentOf, ids, stubBookingApi } from "./booking-fakes.ts";
import { BookingDonePage } from "./done.page.tsx";

const route = "/cabinet/booking";

function renderBooking(search = "") {
  return renderScreen(<BookingPage />, { path: `${route}${search}`, route });
}

describe("«Записаться к врачу»", () => {
  it("goes from «Для кого» through the specialty, the clinic and the time to «Подтвердить запись»", async () => {
    const calls = stubBookingApi(({ method, path }) =>
      method === "POST" && path === "/api/appointments"
        ? jsonAnswer(201, appointmentOf())
        : undefined,
    );
    const { user, landed } = renderBooking();

    expect(await screen.findByRole("heading", { name: "Для кого" })).toBeTruthy();
    expect(screen.getByText("Шаг 1 из 4")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: /Иванов Евгений Александрович/ }));

    expect(await screen.findByRole("heading", { name: "Специальность или врач" })).toBeTruthy();
    await user.click(await screen.findByRole("button", { name: "Терапевт" }));

    expect(await screen.findByRole("heading", { name: "Клиника" })).toBeTruthy();
    const clinicsCall = calls.find((call) => call.path === "/api/booking/clinics");
    expect(clinicsCall?.search.get("personId")).toBe(ids.person);
    expect(clinicsCall?.search.get("specialtyId")).toBe(ids.therapist);
    expect(screen.getByRole("combobox", { name: "Район" })).toBeTruthy();
    await user.click(screen.getByRole("combobox", { name: "Метро" }));
    await user.click(await screen.findByRole("option", { name: "Савёловская", hidden: true }));
    await waitFor(() =>
      expect(calls.some((call) => call.search.get("metro") === "Савёловская")).toBe(true),
    );
    await user.click(
      await screen.findByRole("button", { name: "Выбрать время: Клиника «Северная»" }),
    );

    expect(await screen.findByRole("heading", { name: "День и время" })).toBeTruthy();
    const slotsCall = calls.find((call) => call.path === "/api/booking/slots");
    expect(slotsCall?.search.get("clinicId")).toBe(ids.clinic);
    expect(slotsCall?.search.get("specialtyId")).toBe(ids.therapist);
    const from = Date.parse(slotsCall?.search.get("from") ?? "");
    const to = Date.parse(slotsCall?.search.get("to") ?? "");
    expect(to - from).toBeLessThanOrEqual(14 * 24 * 60 * 60_000);
    expect(to - from).toBeGreaterThan(13.9 * 24 * 60 * 60_000);

    // The summary names what was chosen, each with «Изменить».
    const chosen = screen.getByRole("region", { name: "Вы выбрали" });
    expect(within(chosen).getByText("Иванов Евгений Александрович")).toBeTruthy();
    expect(within(chosen).getByText("Терапевт")).toBeTruthy();
    expect(within(chosen).getByText("Клиника «Северная»")).toBeTruthy();
    expect(
      within(chosen).getByRole("link", { name: "Изменить: Клиника" }).getAttribute("href"),
    ).toBe(
      `${route}?contractId=${ids.contract}&personId=${ids.person}&specialtyId=${ids.therapist}&metro=${encodeURIComponent("Савёловская").replace(/%20/g, "+")}`,
    );

    expect(screen.queryByRole("button", { name: "Подтвердить запись" })).toBeNull();
    await user.click(
      screen.getByRole("button", { name: /^10:00, Смирнова Ольга Петровна, По программе/ }),
    );
    const cost = await screen.findByRole("region", { name: "Стоимость" });
    expect(within(cost).getByText("По программе")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Подтвердить запись" }));

    await screen.findByTestId("landed");
    expect(landed()?.path).toBe(`/cabinet/booking/done/${ids.appointment}`);
    const post = calls.find((call) => call.method === "POST");
    expect(post?.body).toEqual({ slotId: ids.slot1, personId: ids.person });
  });

  it("opens at the clinics from a chat's link with the person and the specialty", async () => {
    stubBookingApi();
    renderBooking(`?personId=${ids.person2}&specialtyId=${ids.cardiologist}`);

    expect(await screen.findByRole("heading", { name: "Клиника" })).toBeTruthy();
    expect(screen.getByText("Шаг 3 из 4")).toBeTruthy();
    const chosen = screen.getByRole("region", { name: "Вы выбрали" });
    expect(within(chosen).getByText("Иванова Мария Евгеньевна")).toBeTruthy();
    expect(await within(chosen).findByText("Кардиолог")).toBeTruthy();
  });

  it("offers only the persons of the contract it was opened from and chooses the only one", async () => {
    stubBookingApi();
    renderBooking(`?contractId=${ids.contract2}`);

    expect(await screen.findByRole("heading", { name: "Специальность или врач" })).toBeTruthy();
    const chosen = screen.getByRole("region", { name: "Вы выбрали" });
    expect(within(chosen).getByText("Иванова Мария Евгеньевна")).toBeTruthy();
  });

  it("shows a paid time with the company's price beside the clinic's own", async () => {
    stubBookingApi();
    const { user } = renderBooking(
      `?personId=${ids.person}&specialtyId=${ids.therapist}&clinicId=${ids.clinic}`,
    );

    await user.click(await screen.findByRole("button", { name: /^10:30, .*Платно,\s2\s125\s₽/ }));
    const cost = await screen.findByRole("region", { name: "Стоимость" });
    expect(within(cost).getByText("Платно")).toBeTruthy();
    expect(within(cost).getByText("Лимит визитов по программе исчерпан.")).toBeTruthy();
    expect(within(cost).getByText(/2\s125\s₽ со скидкой компании/)).toBeTruthy();
    expect(within(cost).getByText(/в кассе клиники 2\s500\s₽/)).toBeTruthy();

    // Another day: its times, and a guarantee letter.
    await user.click(screen.getByRole("button", { name: /11 дек/ }));
    await user.click(
      await screen.findByRole("button", { name: /^09:00, .*Нужно гарантийное письмо/ }),
    );
    expect(
      within(await screen.findByRole("region", { name: "Стоимость" })).getByText(
        /запись будет ждать письма/,
      ),
    ).toBeTruthy();
  });

  it("says in Russian that the time was taken, forgets it and reads the times again", async () => {
    const calls = stubBookingApi(({ method, path }) =>
      method === "POST" && path === "/api/appointments"
        ? jsonAnswer(409, {
            type: "about:blank",
            title: "Это время уже занято: выберите другое.",
            status: 409,
            detail: "Это время уже занято: выберите другое.",
          })
        : undefined,
    );
    const { user } = renderBooking(
      `?personId=${ids.person}&specialtyId=${ids.therapist}&clinicId=${ids.clinic}&slotId=${ids.slot1}`,
    );

    await user.click(await screen.findByRole("button", { name: "Подтвердить запись" }));

    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Это время уже занято: выберите другое.");
    expect(alert.textContent).toContain("Список времени обновлён.");
    await waitFor(() =>
      expect(calls.filter((call) => call.path === "/api/booking/slots").length).toBe(2),
    );
    await waitFor(() =>
      expect(screen.queryByRole("button", { name: "Подтвердить запись" })).toBeNull(),
    );
    expect(screen.queryByRole("button", { pressed: true, name: /^10:00/ })).toBeNull();
    // The refusal stays in view until another time is chosen.
    expect(screen.getByRole("alert").textContent).toContain("Список времени обновлён.");
  });

  it("finds a doctor by name and goes to that doctor's times at their clinic", async () => {
    const calls = stubBookingApi();
    const { user } = renderBooking(`?personId=${ids.person}`);

    const name = await screen.findByRole("textbox", { name: /Фамилия или имя врача/ });
    await user.type(name, "С");
    await user.click(screen.getByRole("button", { name: "Найти" }));
    expect(
      await screen.findByText("Введите не меньше двух букв фамилии или имени врача"),
    ).toBeTruthy();
    expect(calls.some((call) => call.path === "/api/booking/doctors")).toBe(false);

    await user.type(name, "ми");
    await user.click(screen.getByRole("button", { name: "Найти" }));
    await user.click(
      await screen.findByRole("button", {
        name: "Выбрать: Смирнова Ольга Петровна, Клиника «Северная»",
      }),
    );

    expect(await screen.findByRole("heading", { name: "День и время" })).toBeTruthy();
    const slotsCall = calls.findLast((call) => call.path === "/api/booking/slots");
    expect(slotsCall?.search.get("doctorId")).toBe(ids.doctor);
    expect(slotsCall?.search.get("clinicId")).toBe(ids.clinic);
    const chosen = screen.getByRole("region", { name: "Вы выбрали" });
    expect(await within(chosen).findByText("Смирнова Ольга Петровна, Терапевт")).toBeTruthy();
  });

  it("takes a request at a clinic that books by requests, asking for a day first", async () => {
    const calls = stubBookingApi(({ method, path }) =>
      method === "POST" && path === "/api/appointment-requests"
        ? jsonAnswer(201, appointmentOf({ status: "requested", startsAt: null, endsAt: null }))
        : undefined,
    );
    const { user, landed } = renderBooking(`?personId=${ids.person}&specialtyId=${ids.therapist}`);

    await user.click(
      await screen.findByRole("button", { name: "Оставить заявку: Клиника «Южная»" }),
    );
    expect(await screen.findByRole("heading", { name: "Заявка на запись" })).toBeTruthy();
    // What the clinic's services cost this person is beside the request too.
    expect(screen.getByRole("region", { name: "Услуги и цены" })).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Оставить заявку" }));
    expect(await screen.findByText("Выберите хотя бы один удобный день")).toBeTruthy();
    expect(calls.some((call) => call.method === "POST")).toBe(false);

    const days = screen.getAllByRole("checkbox");
    expect(days).toHaveLength(14);
    await user.click(days[1] as HTMLElement);
    await user.click(screen.getByRole("radio", { name: "Вечером" }));
    await user.type(screen.getByRole("textbox", { name: /Комментарий/ }), "Звонить после 18");
    await user.click(screen.getByRole("button", { name: "Оставить заявку" }));

    await screen.findByTestId("landed");
    expect(landed()?.path).toBe(`/cabinet/booking/done/${ids.appointment}`);
    const post = calls.find((call) => call.method === "POST");
    expect(post?.body).toMatchObject({
      personId: ids.person,
      clinicId: ids.requestClinic,
      specialtyId: ids.therapist,
      timeOfDay: "evening",
      note: "Звонить после 18",
    });
    expect((post?.body as { days?: string[] } | undefined)?.days).toHaveLength(1);
  });
});

describe("The confirmation", () => {
  it("shows the address, the clinic's phone as a tel: link, what to bring and «Добавить в календарь»", async () => {
    stubBookingApi(({ path }) =>
      path === `/api/appointments/${ids.appointment}`
        ? jsonAnswer(200, appointmentOf())
        : undefined,
    );
    renderScreen(<BookingDonePage />, {
      path: `/cabinet/booking/done/${ids.appointment}`,
      route: "/cabinet/booking/done/:id",
    });

    expect(await screen.findByRole("heading", { level: 1, name: "Вы записаны" })).toBeTruthy();
    expect(screen.getByText("четверг, 10 декабря 2026 г., 10:00")).toBeTruthy();
    expect(screen.getByText("Москва, ул. Примерная, 1")).toBeTruthy();
    expect(screen.getByText("Паспорт и полис ДМС")).toBeTruthy();
    expect(screen.getByRole("link", { name: /Позвонить в клинику/ }).getAttribute("href")).toBe(
      "tel:+74950000001",
    );
    const calendar = screen.getByRole("link", { name: "Добавить в календарь" });
    expect(calendar.getAttribute("href")).toBe(`/api/appointments/${ids.appointment}/calendar.ics`);
    expect(screen.getByRole("link", { name: "Мои записи" }).getAttribute("href")).toBe(
      "/cabinet/appointments",
    );
  });

  it("says a request was taken and that an operator will call, without a calendar link", async () => {
    stubBookingApi(({ path }) =>
      path === `/api/appointments/${ids.appointment}`
        ? jsonAnswer(
            200,
            appointmentOf({
              status: "requested",
              startsAt: null,
              endsAt: null,
              request: { days: ["2026-12-10"], timeOfDay: "morning", note: null },
            }),
          )
        : undefined,
    );
    renderScreen(<BookingDonePage />, {
      path: `/cabinet/booking/done/${ids.appointment}`,
      route: "/cabinet/booking/done/:id",
    });

    expect(await screen.findByRole("heading", { level: 1, name: "Заявка принята" })).toBeTruthy();
    expect(screen.getByText(/Оператор договорится с клиникой/)).toBeTruthy();
    expect(screen.queryByRole("link", { name: "Добавить в календарь" })).toBeNull();
  });
});
