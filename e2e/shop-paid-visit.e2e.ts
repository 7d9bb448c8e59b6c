import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { expectSound, expectVisible, setupBrowser, viewports } from "./support/browser.ts";
import { signInDemoClient } from "./support/cabinet.ts";

const browser = setupBrowser();
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

/**
 * «Записаться к врачу» → the first person («ДМС Оптимум») → «Невролог» → the demo clinic where
 * neurology is left to be paid: its visit is «Платно».
 */
async function openPaidClinic(page: Page): Promise<void> {
  const main = page.getByRole("main");
  await main.getByRole("link", { name: "Записаться к врачу" }).first().click();
  await page.waitForURL("**/cabinet/booking");
  await main.getByRole("region", { name: "Для кого" }).getByRole("button").first().click();
  await main.getByRole("button", { name: "Невролог", exact: true }).click();
  await expectVisible(main.getByRole("heading", { level: 2, name: "Клиника" }));
  const paid = main
    .getByRole("listitem")
    .filter({ hasText: "Платно" })
    .filter({ has: page.getByRole("button", { name: /^Выбрать время: / }) });
  await expectVisible(paid.first());
  await paid
    .first()
    .getByRole("button", { name: /^Выбрать время: / })
    .click();
  await expectVisible(main.getByRole("heading", { name: "День и время" }));
}

/** Clicks the first «Платно» time from tomorrow on (well before the clinic's cut-off). */
async function choosePaidTime(page: Page): Promise<string> {
  const main = page.getByRole("main");
  const days = main.getByRole("group", { name: "День" }).getByRole("button");
  await expectVisible(days.first());
  const count = await days.count();
  for (let index = 1; index < count; index += 1) {
    await days.nth(index).click();
    const times = main.getByRole("button", { name: /^\d\d:\d\d, .*, Платно, / });
    if ((await times.count()) > 0) {
      const name = (await times.first().getAttribute("aria-label")) ?? "";
      await times.first().click();
      return name;
    }
  }
  throw new Error("no paid time in 14 days");
}

describe("A «Платно» visit paid in the app", () => {
  it("the demo client books a paid discounted visit at 360 px, pays through СБП in the sandbox, cancels it and sees the refund in «Мои платежи»", async () => {
    const { page, consoleErrors } = await browser.open("/cabinet/sign-in", viewports.phone);
    await signInDemoClient(page);
    const main = page.getByRole("main");

    await openPaidClinic(page);
    const time = await choosePaidTime(page);
    const cost = main.getByRole("region", { name: "Стоимость" });
    await expectVisible(cost.getByText("Платно", { exact: true }));
    await expectVisible(cost.getByText(/^\d[\d\s,]*\s₽ со скидкой компании$/));
    await expectVisible(cost.getByText(/^в кассе клиники \d[\d\s,]*\s₽$/));
    await expectVisible(
      cost.getByText(
        /^Отменить запись и получить деньги обратно можно не позже чем за \d+ ч до приёма\.$/,
      ),
    );
    expect(await main.getByRole("button", { name: "Подтвердить запись" }).count()).toBe(0);
    const form = main.getByRole("form", { name: "Оплата визита" });
    expect(await form.getByLabel("E-mail для чека").inputValue()).toBe("ivanov@example.ru");
    expect(await form.getByRole("radio", { name: "Картой" }).isChecked()).toBe(true);
    await form.getByRole("radio", { name: "Через СБП" }).check();
    await form.getByRole("checkbox", { name: /Я принимаю условия договора-оферты/ }).check();
    await expectSound(page);
    await page.screenshot({ path: "/tmp/paid-visit-1-time-360.png", fullPage: true });

    await form.getByRole("button", { name: "Оплатить и записаться" }).click();
    await page.waitForURL(/\/sandbox-pay\/[^/]+$/);
    await expectVisible(page.getByRole("img", { name: "QR-код для оплаты через СБП" }));
    await page.screenshot({ path: "/tmp/paid-visit-2-sbp-360.png", fullPage: true });
    await page.getByRole("button", { name: "Я оплатил в приложении банка" }).click();

    await page.waitForURL(new RegExp(`/cabinet/orders/${UUID}/return$`));
    const returnPath = new URL(page.url()).pathname;
    await expectVisible(main.getByText("Оплачено", { exact: true }));
    await expectVisible(main.getByText(/^Запись подтверждена: /));
    const order = (await main.getByText(/^Заказ № \d+$/).textContent()) ?? "";
    await expectSound(page);
    await page.screenshot({ path: "/tmp/paid-visit-3-paid-360.png", fullPage: true });

    await main.getByRole("link", { name: "Открыть запись" }).click();
    await page.waitForURL(new RegExp(`/cabinet/appointments/${UUID}$`));
    await expectVisible(main.getByText("Подтверждена").first());
    await expectVisible(main.getByText("Оплачено в приложении"));
    expect(await main.getByText(time.slice(0, 5)).count()).toBeGreaterThan(0);
    expect(await main.getByRole("link", { name: "Мои платежи" }).getAttribute("href")).toBe(
      "/cabinet/profile/payments",
    );
    await expectSound(page);
    await page.screenshot({ path: "/tmp/paid-visit-4-appointment-360.png", fullPage: true });

    await main.getByRole("button", { name: "Отменить", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Отменить запись?" });
    await expectVisible(dialog.getByText(/Деньги за визит вернутся полностью/));
    await expectSound(page);
    await page.screenshot({ path: "/tmp/paid-visit-5-cancel-360.png", fullPage: true });
    await dialog.getByRole("button", { name: "Отменить запись" }).click();
    await expectVisible(main.getByText(/^Запись отменена\. Деньги за визит вернутся полностью/));

    // The refund is asked for at once: «Мои платежи» shows it in progress.
    await main.getByRole("link", { name: "Мои платежи" }).click();
    await page.waitForURL("**/cabinet/profile/payments");
    const placed = main.getByRole("article", { name: order });
    await expectVisible(placed);
    await expectVisible(placed.getByText(/^Возврат \d[\d\s,]*\s₽ — /));
    await expectVisible(placed.getByText("Через СБП"));
    await expectSound(page);
    await page.screenshot({ path: "/tmp/paid-visit-6-refund-pending-360.png", fullPage: true });

    // The sandbox settles an SBP refund 30 s later, as a bank would «the next day», and tells the shop.
    const orderId = returnPath.split("/")[3] ?? "";
    let status = "";
    for (let tries = 0; tries < 120 && status !== "refunded"; tries += 1) {
      await page.waitForTimeout(1_000);
      const answer = await page.request.get(`/api/orders/${orderId}`);
      status = ((await answer.json()) as { status: string }).status;
    }
    await page.reload();
    await expectVisible(placed.getByText("Возвращён полностью", { exact: true }));
    await expectVisible(placed.getByText(/^Возврат \d[\d\s,]*\s₽ — выполнен$/));
    await page.screenshot({ path: "/tmp/paid-visit-7-refunded-360.png", fullPage: true });

    // The order's own page says the money came back.
    await page.goto(returnPath);
    await expectVisible(main.getByText("Деньги возвращены", { exact: true }));
    await expectSound(page);
    await page.screenshot({ path: "/tmp/paid-visit-8-order-refunded-360.png", fullPage: true });
    expect(consoleErrors).toEqual([]);
  }, 180_000);

  it("shows a «Платно» time's prices, the refund rule and the payment form at 1280 px", async () => {
    const { page, consoleErrors } = await browser.open("/cabinet/sign-in", viewports.desktop);
    await signInDemoClient(page);
    await openPaidClinic(page);
    await choosePaidTime(page);
    const main = page.getByRole("main");
    await expectVisible(main.getByRole("button", { name: "Оплатить и записаться" }));
    await expectSound(page);
    await page.screenshot({ path: "/tmp/paid-visit-time-1280.png", fullPage: true });
    expect(consoleErrors).toEqual([]);
  });
});
