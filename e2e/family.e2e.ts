import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { expectSound, expectVisible, setupBrowser, viewports } from "./support/browser.ts";
import { signInDemoClient } from "./support/cabinet.ts";

// The family rule (decision 0031) in the browser: the demo client acts for his daughter of 9
// (certificate 11/30388416) — he books her visit and opens her card.

const browser = setupBrowser();
const DAUGHTER = "Иванова Софья Ивановна";
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

/** Clicks the first free time «По программе» from tomorrow on. */
async function chooseCoveredTime(page: Page): Promise<void> {
  const main = page.getByRole("main");
  const days = main.getByRole("group", { name: "День" }).getByRole("button");
  await expectVisible(days.first());
  const count = await days.count();
  for (let index = 1; index < count; index += 1) {
    await days.nth(index).click();
    const times = main.getByRole("button", { name: /^\d\d:\d\d, .*, По программе$/ });
    if ((await times.count()) > 0) {
      await times.first().click();
      return;
    }
  }
  throw new Error("no covered time in 14 days");
}

describe("a parent and a child under 15", () => {
  it("the demo client books a visit for his daughter at 360 px, sees it in «Мои записи» under her name, and opens her card in «Медкарта»", async () => {
    const { page, consoleErrors } = await browser.open("/cabinet/sign-in", viewports.phone);
    await signInDemoClient(page);
    const main = page.getByRole("main");

    await main.getByRole("link", { name: "Записаться к врачу" }).first().click();
    await page.waitForURL("**/cabinet/booking");
    const forWhom = main.getByRole("region", { name: "Для кого" });
    await expectVisible(forWhom.getByText(/детей до 15 лет/));
    const daughter = forWhom.getByRole("button", { name: new RegExp(`^${DAUGHTER}`) });
    await expectVisible(daughter);
    await expectSound(page);
    await page.screenshot({ path: "/tmp/family-1-for-whom-360.png", fullPage: true });
    await daughter.click();

    await expectVisible(main.getByRole("heading", { name: "Специальность или врач" }));
    await main.getByRole("button", { name: "Терапевт", exact: true }).click();
    await expectVisible(main.getByRole("heading", { level: 2, name: "Клиника" }));
    const covered = main
      .getByRole("listitem")
      .filter({ hasText: "По программе" })
      .filter({ has: page.getByRole("button", { name: /^Выбрать время: / }) });
    await expectVisible(covered.first());
    await covered
      .first()
      .getByRole("button", { name: /^Выбрать время: / })
      .click();
    await expectVisible(main.getByRole("heading", { name: "День и время" }));
    await chooseCoveredTime(page);
    await main.getByRole("button", { name: "Подтвердить запись" }).click();

    await page.waitForURL(new RegExp(`/cabinet/booking/done/(${UUID})$`));
    const id = new RegExp(`/done/(${UUID})$`).exec(page.url())?.[1] ?? "";
    await expectVisible(main.getByRole("heading", { level: 1, name: "Вы записаны" }));
    await expectVisible(main.getByText(DAUGHTER, { exact: true }));
    await expectSound(page);
    await page.screenshot({ path: "/tmp/family-2-done-360.png", fullPage: true });

    await main.getByRole("link", { name: "Мои записи" }).click();
    await page.waitForURL("**/cabinet/appointments");
    const card = main
      .getByRole("region", { name: "Предстоящие" })
      .getByRole("listitem")
      .filter({ has: page.locator(`a[href="/cabinet/appointments/${id}"]`) });
    await expectVisible(card.getByText(DAUGHTER));
    await expectSound(page);
    await page.screenshot({ path: "/tmp/family-3-appointments-360.png", fullPage: true });

    // «Медкарта»: the demo has the health-data consent; her card is one of «Чья медкарта».
    await page.getByRole("navigation").getByRole("link", { name: "Медкарта" }).click();
    await page.waitForURL("**/cabinet/medcard");
    const whose = main.getByRole("combobox", { name: "Чья медкарта" });
    await expectVisible(whose);
    const labels = await whose.locator("option").allTextContents();
    const hers = labels.find((label) => label.startsWith(`${DAUGHTER}, `));
    expect(hers).toBeDefined();
    await whose.selectOption({ label: hers ?? "" });
    await expectVisible(main.getByRole("heading", { level: 2, name: DAUGHTER }));
    await expectVisible(main.getByRole("tab", { name: "Сводка" }));
    await expectSound(page);
    await page.screenshot({ path: "/tmp/family-4-medcard-360.png", fullPage: true });
    expect(consoleErrors).toEqual([]);
  });
});
