import { screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { jsonAnswer, renderScreen } from "../test/render.tsx";
import { BookingPage } from "./booking.page.tsx";
import { ids, stubBookingApi } from "./booking-fakes.ts";

const route = "/cabinet/booking";
const atTimes = `?personId=${ids.person}&specialtyId=${ids.therapist}&clinicId=${ids.clinic}`;

function renderTimes() {
  return renderScreen(<BookingPage />, { path: `${route}${atTimes}`, route });
}

/** happy-dom answers media queries from its viewport: a phone is 360 px wide. */
function setViewport(width: number) {
  (
    window as unknown as { happyDOM: { setViewport(size: { width: number }): void } }
  ).happyDOM.setViewport({
    width,
  });
}

afterEach(() => setViewport(1024));

describe("«Услуги и цены» under the times", () => {
  it("lists the clinic's services for the person with the times' cost labels, both prices when paid", async () => {
    const calls = stubBookingApi();
    const { user } = renderTimes();

    const section = await screen.findByRole("region", { name: "Услуги и цены" });
    const toggle = within(section).getByRole("button", { name: "Услуги и цены" });
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    const items = await within(section).findAllByRole("listitem");
    expect(items.map((item) => item.textContent)).toEqual([
      "Приём терапевтаПо программе",
      "Общий анализ кровиНужно гарантийное письмо",
      expect.stringMatching(
        /^УЗИ брюшной полостиПлатно: 2\s975\s₽ \(цена клиники 3\s500\s₽\)Эта услуга не входит в вашу программу\.$/,
      ),
    ]);
    const asked = calls.find((call) => call.path === "/api/booking/services");
    expect(Object.fromEntries(asked?.search ?? [])).toEqual({
      personId: ids.person,
      clinicId: ids.clinic,
      specialtyId: ids.therapist,
    });

    await user.click(toggle);
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
  });

  it("is folded on a phone until «Услуги и цены» is pressed, and asks for the prices only then", async () => {
    setViewport(360);
    const calls = stubBookingApi();
    const { user } = renderTimes();

    const section = await screen.findByRole("region", { name: "Услуги и цены" });
    const toggle = within(section).getByRole("button", { name: "Услуги и цены" });
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    expect(within(section).queryByText("По программе")).toBeNull();
    expect(calls.some((call) => call.path === "/api/booking/services")).toBe(false);

    await user.click(toggle);
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    expect(await within(section).findByText("По программе")).toBeTruthy();
    expect(
      within(section).getByText(/^Платно: 2\s975\s₽ \(цена клиники 3\s500\s₽\)$/),
    ).toBeTruthy();
  });

  it("narrows the services to the chosen doctor's specialty, read off their times", async () => {
    const calls = stubBookingApi();
    renderScreen(<BookingPage />, {
      path: `${route}?personId=${ids.person}&doctorId=${ids.doctor}&clinicId=${ids.clinic}`,
      route,
    });
    const section = await screen.findByRole("region", { name: "Услуги и цены" });
    expect(await within(section).findByText("Приём терапевта")).toBeTruthy();
    const asked = calls.filter((call) => call.path === "/api/booking/services");
    expect(asked.map((call) => call.search.get("specialtyId"))).toEqual([ids.therapist]);
  });

  it("says so in Russian when the prices cannot be read", async () => {
    stubBookingApi(({ path }) =>
      path === "/api/booking/services"
        ? jsonAnswer(404, {
            type: "about:blank",
            title: "Не найдено",
            status: 404,
            detail: "Эта клиника не найдена или больше не принимает: выберите другую.",
          })
        : undefined,
    );
    renderTimes();
    const section = await screen.findByRole("region", { name: "Услуги и цены" });
    expect(
      await within(section).findByText(/Эта клиника не найдена или больше не принимает/),
    ).toBeTruthy();
  });
});
