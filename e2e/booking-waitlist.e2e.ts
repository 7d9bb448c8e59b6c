import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { expectSound, expectVisible, setupBrowser, viewports } from "./support/browser.ts";
import { signInDemoClient } from "./support/cabinet.ts";

// «Сообщить, если освободится раньше» in the browser: the client waits, an earlier time of the
// same doctor frees up, the open appointment shows the offer at once (the live stream), and
// «Принять» moves the visit there.

const browser = setupBrowser();

type Slot = {
  id: string;
  startsAt: string;
  doctor: { id: string };
  coverage: { kind: "covered" | "guarantee_letter" | "paid" };
};
type Appointment = { id: string; status: string; movedToId: string | null };

/** The API as the signed-in page calls it (its cookie, its Origin). */
async function call<T>(page: Page, method: "GET" | "POST", path: string, body?: unknown) {
  const res = await page.request.fetch(`${browser.baseURL()}${path}`, {
    method,
    headers: { origin: browser.baseURL() },
    ...(body === undefined ? {} : { data: body }),
  });
  if (!res.ok()) throw new Error(`${method} ${path}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

describe("the waitlist in the browser", () => {
  it("offers a freed earlier time on the open appointment at 360 px, and «Принять» moves the visit", async () => {
    const { page, consoleErrors } = await browser.open("/cabinet/sign-in", viewports.phone);
    await signInDemoClient(page);
    const { persons } = await call<{ persons: { id: string }[] }>(
      page,
      "GET",
      "/api/booking/persons",
    );
    const { specialties } = await call<{ specialties: { id: string; name: string }[] }>(
      page,
      "GET",
      "/api/booking/specialties",
    );
    const person = persons[0]?.id ?? "";
    const therapist = specialties.find((specialty) => specialty.name === "терапевт")?.id ?? "";
    // Free times from tomorrow on (well before any cut-off), the doctor of the first one.
    const from = new Date(Date.now() + 24 * 3_600_000).toISOString();
    const { slots } = await call<{ slots: Slot[] }>(
      page,
      "GET",
      `/api/booking/slots?personId=${person}&specialtyId=${therapist}&from=${encodeURIComponent(from)}`,
    );
    // Times the program covers (a «Платно» one is paid in the app, and cannot be moved onto).
    const covered = slots.filter((slot) => slot.coverage.kind !== "paid");
    const doctor = covered[0]?.doctor.id;
    const ofDoctor = covered.filter((slot) => slot.doctor.id === doctor);
    const early = ofDoctor[0];
    const late = ofDoctor.at(-1);
    if (!early || !late || early.id === late.id) throw new Error("no two free times of one doctor");

    const waiting = await call<Appointment>(page, "POST", "/api/appointments", {
      slotId: late.id,
      personId: person,
    });
    await page.goto(`/cabinet/appointments/${waiting.id}`);
    const main = page.getByRole("main");
    await main.getByRole("button", { name: "Сообщить, если освободится раньше" }).click();
    await expectVisible(main.getByText(/^Вы в листе ожидания/));

    // The earlier time is taken and given back (as another client would): it is offered here.
    const other = await call<Appointment>(page, "POST", "/api/appointments", {
      slotId: early.id,
      personId: person,
    });
    await call<Appointment>(page, "POST", `/api/appointments/${other.id}/cancel`);
    await expectVisible(main.getByText("Освободилось более раннее время"));
    await expectVisible(main.getByText(/^Предложение действует ещё/));
    await expectSound(page);
    await page.screenshot({ path: "/tmp/booking-waitlist-offer-360.png", fullPage: true });

    await main.getByRole("button", { name: "Принять" }).click();
    await page.waitForURL((url) => !url.pathname.endsWith(waiting.id));
    await expectVisible(main.getByText("Запись перенесена на более раннее время."));
    const before = await call<Appointment>(page, "GET", `/api/appointments/${waiting.id}`);
    expect(before.status).toBe("cancelled");
    const moved = await call<Appointment & { startsAt: string }>(
      page,
      "GET",
      `/api/appointments/${before.movedToId}`,
    );
    // Which of the demo network's therapists comes first depends on the hour: one clinic asks for
    // a guarantee letter, so the moved visit waits for it there.
    const expected = early.coverage.kind === "guarantee_letter" ? "awaiting_letter" : "confirmed";
    expect(moved).toMatchObject({ status: expected, startsAt: early.startsAt });
    await call<Appointment>(page, "POST", `/api/appointments/${moved.id}/cancel`);
    expect(consoleErrors).toEqual([]);
  });
});
