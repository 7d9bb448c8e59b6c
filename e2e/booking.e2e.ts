import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { expectSound, expectVisible, setupBrowser, viewports } from "./support/browser.ts";
import { signInDemoClient } from "./support/cabinet.ts";

const browser = setupBrowser();
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

/** A moment as RFC 5545 writes it in UTC: 20261210T070000Z. */
function icsUtc(moment: string): string {
  return new Date(moment)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

/**
 * Clicks the first free time «По программе» from tomorrow on (a time today may be inside the
 * clinic's 4-hour cut-off, which would leave nothing to move or cancel); returns its name.
 */
async function chooseCoveredTime(page: Page): Promise<string> {
  const main = page.getByRole("main");
  const days = main.getByRole("group", { name: "День" }).getByRole("button");
  await expectVisible(days.first());
  const count = await days.count();
  for (let index = 1; index < count; index += 1) {
    await days.nth(index).click();
    const times = main.getByRole("button", { name: /^\d\d:\d\d, .*, По программе$/ });
    if ((await times.count()) > 0) {
      const name = (await times.first().getAttribute("aria-label")) ?? "";
      await times.first().click();
      return name;
    }
  }
  throw new Error("no covered time in 14 days");
}

describe("«Записаться к врачу» in the browser", () => {
  it("the demo client books a covered visit at 360 px, downloads the .ics, moves it and cancels it", async () => {
    const { page, consoleErrors } = await browser.open("/cabinet/sign-in", viewports.phone);
    await signInDemoClient(page);
    const main = page.getByRole("main");

    await main.getByRole("link", { name: "Записаться к врачу" }).first().click();
    await page.waitForURL("**/cabinet/booking");
    await expectVisible(main.getByRole("heading", { level: 2, name: "Для кого" }));
    await expectSound(page);
    await page.screenshot({ path: "/tmp/booking-1-person-360.png", fullPage: true });
    await main.getByRole("region", { name: "Для кого" }).getByRole("button").first().click();

    await expectVisible(main.getByRole("heading", { name: "Специальность или врач" }));
    await main.getByRole("button", { name: "Терапевт", exact: true }).click();
    await page.waitForURL(/specialtyId=/);

    await expectVisible(main.getByRole("heading", { level: 2, name: "Клиника" }));
    const covered = main
      .getByRole("listitem")
      .filter({ hasText: "По программе" })
      .filter({ has: page.getByRole("button", { name: /^Выбрать время: / }) });
    await expectVisible(covered.first());
    await expectSound(page);
    await page.screenshot({ path: "/tmp/booking-2-clinics-360.png", fullPage: true });
    await covered
      .first()
      .getByRole("button", { name: /^Выбрать время: / })
      .click();

    await expectVisible(main.getByRole("heading", { name: "День и время" }));
    // Back and reload keep the step: the choices are in the address.
    await page.reload();
    await expectVisible(main.getByRole("heading", { name: "День и время" }));
    const time = await chooseCoveredTime(page);
    const cost = main.getByRole("region", { name: "Стоимость" });
    await expectVisible(cost.getByText("По программе", { exact: true }));
    await expectSound(page);
    await page.screenshot({ path: "/tmp/booking-3-time-360.png", fullPage: true });
    await main.getByRole("button", { name: "Подтвердить запись" }).click();

    await page.waitForURL(new RegExp(`/cabinet/booking/done/(${UUID})$`));
    const id = new RegExp(`/done/(${UUID})$`).exec(page.url())?.[1] ?? "";
    await expectVisible(main.getByRole("heading", { level: 1, name: "Вы записаны" }));
    expect(await main.getByText(time.slice(0, 5)).count()).toBeGreaterThan(0);
    await expectVisible(main.getByText("Паспорт и полис ДМС", { exact: false }));
    const tel = main.getByRole("link", { name: /Позвонить в клинику/ }).first();
    expect(await tel.getAttribute("href")).toMatch(/^tel:\+7\d{10}$/);
    await expectSound(page);
    await page.screenshot({ path: "/tmp/booking-4-done-360.png", fullPage: true });

    // «Добавить в календарь»: a text/calendar file with the visit's time in UTC.
    const booked = (await (await page.request.get(`/api/appointments/${id}`)).json()) as {
      startsAt: string;
    };
    const ics = await page.request.get(`/api/appointments/${id}/calendar.ics`);
    expect(ics.status()).toBe(200);
    expect(ics.headers()["content-type"]).toMatch(/^text\/calendar/);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      main.getByRole("link", { name: "Добавить в календарь" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.ics$/);
    const text = await readFile((await download.path()) ?? "", "utf8");
    expect(text).toContain("BEGIN:VCALENDAR");
    expect(text).toContain(`DTSTART:${icsUtc(booked.startsAt)}`);

    // «Мои записи»: the visit among the upcoming ones.
    await main.getByRole("link", { name: "Мои записи" }).click();
    await page.waitForURL("**/cabinet/appointments");
    const upcoming = main.getByRole("region", { name: "Предстоящие" });
    const card = upcoming.getByRole("listitem").filter({
      has: page.locator(`a[href="/cabinet/appointments/${id}"]`),
    });
    await expectVisible(card);
    await expectVisible(card.getByText("Подтверждена"));
    await expectSound(page);
    await page.screenshot({ path: "/tmp/booking-5-list-360.png", fullPage: true });
    await card.getByRole("link").click();
    await page.waitForURL(`**/cabinet/appointments/${id}`);

    // «Перенести»: another time of the same doctor; the old one goes only once the new is held.
    await main.getByRole("button", { name: "Перенести" }).click();
    const move = main.getByRole("region", { name: "Новое время" });
    const moveDays = move.getByRole("group", { name: "День" }).getByRole("button");
    await expectVisible(moveDays.first());
    // Not today: a new time within the cut-off could no longer be cancelled in the cabinet.
    await moveDays.nth(1).click();
    const moveTimes = move.getByRole("button", { name: /^\d\d:\d\d, По программе$/ });
    await expectVisible(moveTimes.first());
    await moveTimes.first().click();
    await page.screenshot({ path: "/tmp/booking-6-move-360.png", fullPage: true });
    await expectSound(page);
    await move.getByRole("button", { name: "Подтвердить перенос" }).click();
    await page.waitForURL(new RegExp(`/cabinet/appointments/(?!${id})${UUID}$`));
    await expectVisible(main.getByText("Запись перенесена.", { exact: true }));
    const movedId = new RegExp(`/appointments/(${UUID})$`).exec(page.url())?.[1] ?? "";
    const old = (await (await page.request.get(`/api/appointments/${id}`)).json()) as {
      status: string;
      movedToId: string | null;
    };
    expect(old).toMatchObject({ status: "cancelled", movedToId: movedId });

    // «Отменить», after a confirmation.
    await main.getByRole("button", { name: "Отменить" }).click();
    const dialog = page.getByRole("dialog", { name: "Отменить запись?" });
    await expectVisible(dialog);
    await expectSound(page);
    await dialog.getByRole("button", { name: "Отменить запись" }).click();
    await expectVisible(main.getByText("Запись отменена.", { exact: true }));
    await expectVisible(main.getByText("Отменена", { exact: true }).first());
    expect(await main.getByRole("button", { name: "Отменить" }).count()).toBe(0);
    await page.screenshot({ path: "/tmp/booking-7-cancelled-360.png", fullPage: true });
    expect(consoleErrors).toEqual([]);
  });

  it("opens from an active contract at 1280 px with its person and lists the clinics and times", async () => {
    const { page, consoleErrors } = await browser.open("/cabinet/sign-in", viewports.desktop);
    await signInDemoClient(page);
    const main = page.getByRole("main");
    const persons = (await (await page.request.get("/api/booking/persons")).json()) as {
      persons: { id: string; contractId: string; name: string }[];
    };
    const person = persons.persons[0];
    if (!person) throw new Error("the demo client has no person to book for");

    await page.goto(`/cabinet/contracts/${person.contractId}`);
    await main.getByRole("link", { name: "Записаться к врачу" }).click();
    await page.waitForURL(/\/cabinet\/booking\?contractId=/);
    // One person of that contract is chosen at once; with two, «Для кого» offers only them.
    const forWhom = main.getByRole("region", { name: "Для кого" });
    if (await forWhom.isVisible()) {
      await forWhom.getByRole("button", { name: new RegExp(person.name) }).click();
    }
    await expectVisible(main.getByRole("heading", { name: "Специальность или врач" }));
    await expectVisible(main.getByText(person.name, { exact: true }));
    await expectSound(page);
    await page.screenshot({ path: "/tmp/booking-subject-1280.png", fullPage: true });

    await main.getByRole("button", { name: "Терапевт", exact: true }).click();
    await expectVisible(main.getByRole("heading", { level: 2, name: "Клиника" }));
    const choose = main
      .getByRole("listitem")
      .filter({ hasText: "По программе" })
      .getByRole("button", { name: /^Выбрать время: / })
      .first();
    await expectVisible(choose);
    await expectSound(page);
    await page.screenshot({ path: "/tmp/booking-clinics-1280.png", fullPage: true });
    await choose.click();
    await expectVisible(main.getByRole("heading", { name: "День и время" }));
    await expectVisible(main.getByRole("group", { name: "День" }).getByRole("button").first());
    await expectSound(page);
    await page.screenshot({ path: "/tmp/booking-times-1280.png", fullPage: true });

    // Back goes to the previous step; the address keeps it.
    await page.goBack();
    await expectVisible(main.getByRole("heading", { level: 2, name: "Клиника" }));
    expect(consoleErrors).toEqual([]);
  });
});
