import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  expectNoHorizontalScroll,
  expectNoSeriousA11yViolations,
  expectVisible,
  setupBrowser,
  viewports,
} from "./support/browser.ts";
import { outboxCode as freshOutboxCode, registerFreshAccount } from "./support/fresh-account.ts";
import { createSpecStaffMember, signInConsole, signInDemoAdmin } from "./support/staff.ts";

const browser = setupBrowser();
const outboxCode = (query: "phone" | "email", to: string) =>
  freshOutboxCode(browser.baseURL(), query, to);

describe("«Личные данные» in the browser", () => {
  it("changes a fresh account's e-mail with the code from the outbox, on a phone, and its surname through an operator", async () => {
    const account = await registerFreshAccount(
      browser.baseURL(),
      { lastName: "Почтова", firstName: "Вера", patronymic: "Ильинична", birthDate: "12.04.1988" },
      "Синий-чайник-2026",
    );
    const { page, consoleErrors } = await browser.open("/cabinet/sign-in", viewports.phone);
    await page.getByLabel("Телефон").fill(account.phone);
    await page.getByLabel("Пароль", { exact: true }).fill(account.password);
    await page.getByRole("button", { name: "Войти" }).click();
    await page.waitForURL(/\/cabinet$/);

    await page.goto("/cabinet/profile");
    await page.getByRole("link", { name: "Личные данные" }).click();
    await page.waitForURL("**/cabinet/profile/personal-data");
    await expectVisible(page.getByRole("heading", { level: 1, name: "Личные данные" }));
    await expectVisible(page.getByText("Почтова", { exact: true }));
    await expectVisible(page.getByText("12.04.1988"));
    await expectNoHorizontalScroll(page);
    await expectNoSeriousA11yViolations(page);

    const email = `vera.new.${randomInt(1e9)}@example.ru`;
    await page.getByRole("button", { name: "Изменить e-mail" }).click();
    await page.getByLabel("Новый e-mail").fill(email);
    await page.getByRole("button", { name: "Выслать код" }).click();
    const code = page.getByLabel("Код из письма");
    await expectVisible(code);
    expect(await code.getAttribute("autocomplete")).toBe("one-time-code");
    await expectNoHorizontalScroll(page);
    await code.fill(await outboxCode("email", email));
    await page.getByRole("button", { name: "Подтвердить" }).click();

    await expectVisible(page.getByText("E-mail изменён. На прежний адрес отправлено уведомление."));
    await expectVisible(page.getByText(email, { exact: true }));
    await page.reload();
    await expectVisible(page.getByText(email, { exact: true }));

    // The name is a request for an operator, shown with its status.
    await page.getByRole("button", { name: "Изменить", exact: true }).click();
    await page.getByLabel("Фамилия").fill("Письмова");
    await page.getByLabel("Причина изменения").fill("Сменила фамилию");
    await page.getByRole("button", { name: "Отправить заявку" }).click();
    await expectVisible(page.getByText("На рассмотрении"));
    await expectVisible(page.getByText("Почтова", { exact: true }));
    await expectNoSeriousA11yViolations(page);

    // An operator approves it in the console; the account's surname changes.
    const base = browser.baseURL();
    const operator = await createSpecStaffMember(base, await signInDemoAdmin(base), {
      role: "operator",
      emailPrefix: "personal-data",
      fullName: "Решалова Ольга",
    });
    const consolePage = (await browser.open("/staff/sign-in", viewports.desktop)).page;
    await signInConsole(consolePage, operator);
    await consolePage.getByRole("link", { name: "Личные данные клиентов" }).click();
    await consolePage.waitForURL("**/staff/personal-data");
    await consolePage.getByRole("button", { name: "Рассмотреть — Почтова Вера Ильинична" }).click();
    const dialog = consolePage.getByRole("dialog");
    await expectVisible(dialog.getByText(/Пациенты в договорах сами не меняются/));
    await expectNoSeriousA11yViolations(consolePage);
    await dialog.getByRole("button", { name: "Одобрить" }).click();
    await expectVisible(consolePage.getByText("Решение сохранено: заявка одобрена."));

    await page.reload();
    await expectVisible(page.getByText("Одобрено"));
    await expectVisible(page.getByText("Письмова", { exact: true }));
    expect(consoleErrors).toEqual([]);
  }, 120_000);
});
