import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  expectNoHorizontalScroll,
  expectNoSeriousA11yViolations,
  expectVisible,
  setupBrowser,
  viewports,
} from "./support/browser.ts";
import { createSpecStaffMember, signInConsole, signInDemoAdmin } from "./support/staff.ts";

const browser = setupBrowser();

/** The code in the newest message to a phone or an address, read from the dev outbox. */
async function outboxCode(query: "phone" | "email", to: string): Promise<string> {
  for (let attempt = 0; attempt < 40; attempt += 1) {
    const res = await fetch(
      `${browser.baseURL()}/api/dev/outbox?${query}=${encodeURIComponent(to)}`,
    );
    const messages = (await res.json()) as { text: string }[];
    const code = messages[0] ? /\b(\d{6})\b/.exec(messages[0].text)?.[1] : undefined;
    if (code) return code;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no code in the outbox for ${to}`);
}

/** A fresh account registered through the API (the demo client's data stay as other tests expect). */
async function registerFreshAccount(): Promise<{ phone: string; password: string }> {
  const phone = `+79${String(randomInt(100_000_000, 999_999_999))}`;
  const password = "Синий-чайник-2026";
  const base = browser.baseURL();
  const headers = { "content-type": "application/json", origin: base };
  await fetch(`${base}/api/auth/registration/code`, {
    method: "POST",
    headers,
    body: JSON.stringify({ phone }),
  });
  const verified = await fetch(`${base}/api/auth/registration/verify`, {
    method: "POST",
    headers,
    body: JSON.stringify({ phone, code: await outboxCode("phone", phone) }),
  });
  const { ticket } = (await verified.json()) as { ticket: string };
  const documents = (await (await fetch(`${base}/api/legal/documents`)).json()) as {
    documents: { slug: string; version: number }[];
  };
  const registered = await fetch(`${base}/api/auth/registration`, {
    method: "POST",
    headers,
    body: JSON.stringify({
      ticket,
      lastName: "Почтова",
      firstName: "Вера",
      patronymic: "Ильинична",
      birthDate: "12.04.1988",
      email: `vera.${randomInt(1e9)}@example.ru`,
      password,
      acceptedDocuments: documents.documents.map(({ slug, version }) => ({ slug, version })),
    }),
  });
  expect(registered.status).toBe(201);
  return { phone, password };
}

describe("«Личные данные» in the browser", () => {
  it("changes a fresh account's e-mail with the code from the outbox, on a phone, and its surname through an operator", async () => {
    const account = await registerFreshAccount();
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
