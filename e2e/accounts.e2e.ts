import { randomInt } from "node:crypto";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { currentTotpCode } from "../server/modules/staff/totp.ts";
import {
  expectNoHorizontalScroll,
  expectNoSeriousA11yViolations,
  expectVisible,
  setupBrowser,
  viewports,
} from "./support/browser.ts";

const browser = setupBrowser();
const DEMO_PASSWORD = "rms-demo-2026";

function newPhone(): { typed: string; e164: string } {
  const rest = String(randomInt(100_000_000, 999_999_999));
  return {
    typed: `8 (9${rest.slice(0, 2)}) ${rest.slice(2, 5)}-${rest.slice(5, 7)}-${rest.slice(7)}`,
    e164: `+79${rest}`,
  };
}

/** The code in the newest SMS to a phone, read from the dev outbox as a tester would. */
async function smsCode(phone: string): Promise<string> {
  for (let attempt = 0; attempt < 40; attempt += 1) {
    const res = await fetch(
      `${browser.baseURL()}/api/dev/outbox?phone=${encodeURIComponent(phone)}`,
    );
    const messages = (await res.json()) as { text: string }[];
    const code = messages[0] ? /\b(\d{6})\b/.exec(messages[0].text)?.[1] : undefined;
    if (code) return code;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no SMS code for ${phone}`);
}

async function signIn(page: Page, phone: string, password: string, remember = false) {
  await page.goto("/cabinet/sign-in");
  await page.getByLabel("Телефон").fill(phone);
  await page.getByLabel("Пароль", { exact: true }).fill(password);
  if (remember) await page.getByRole("checkbox", { name: "Запомнить пароль" }).check();
  await page.getByRole("button", { name: "Войти" }).click();
}

async function signOut(page: Page) {
  await page.goto("/cabinet/profile");
  await page.getByRole("button", { name: "Выйти" }).first().click();
  await page.waitForURL("**/cabinet/sign-in");
}

describe("client accounts in the browser", () => {
  it("registers a new phone with the code from the outbox, signs out and in again", async () => {
    const { page, consoleErrors } = await browser.open("/cabinet/sign-in", viewports.phone);
    await page.getByRole("link", { name: "Регистрация" }).click();
    await page.waitForURL("**/cabinet/register");
    const phone = newPhone();
    await page.getByLabel("Введите номер телефона для регистрации").fill(phone.typed);
    await page.getByRole("button", { name: "Выслать код" }).click();
    const code = page.getByLabel("Код из SMS");
    await expectVisible(code);
    expect(await code.getAttribute("autocomplete")).toBe("one-time-code");
    await expectVisible(page.getByText(/Выслать код повторно через/));
    await code.fill(await smsCode(phone.e164));
    await page.getByRole("button", { name: "Подтвердить" }).click();

    await expectVisible(page.getByText("Обратите внимание: все поля должны быть заполнены"));
    await page.getByLabel("Фамилия").fill("Тестова");
    await page.getByLabel("Имя", { exact: true }).fill("Рената");
    await page.getByRole("checkbox", { name: "Нет отчества" }).check();
    await page.getByLabel("Дата рождения").fill("01.01.2017");
    await page.getByLabel("E-mail").fill("renata@example.ru");
    await page.getByLabel("Пароль", { exact: true }).fill("Жёлтый-зонт-2026");
    await expectNoHorizontalScroll(page);
    await expectNoSeriousA11yViolations(page);
    await page.getByRole("button", { name: "Зарегистрироваться" }).click();
    await page.waitForURL(/\/cabinet$/);
    await expectVisible(page.getByRole("heading", { level: 1, name: "Главная" }));

    await signOut(page);
    await page.goto("/cabinet");
    await page.waitForURL("**/cabinet/sign-in");

    await signIn(page, phone.typed, "Жёлтый-зонт-2026");
    await page.waitForURL(/\/cabinet$/);
    await expectVisible(page.getByRole("heading", { level: 1, name: "Главная" }));
    expect(consoleErrors).toEqual([]);
  });

  it("keeps a remembered sign-in in a persistent cookie and a plain one in a session cookie", async () => {
    const plain = await browser.open("/cabinet/sign-in", viewports.desktop);
    await signIn(plain.page, "+7 926 111-11-11", DEMO_PASSWORD);
    await plain.page.waitForURL(/\/cabinet$/);
    const plainCookie = (await plain.page.context().cookies()).find(
      (c) => c.name === "rms_session",
    );
    expect(plainCookie?.expires).toBe(-1);
    expect(plainCookie?.httpOnly).toBe(true);

    const remembered = await browser.open("/cabinet/sign-in", viewports.phone);
    await signIn(remembered.page, "9261111111", DEMO_PASSWORD, true);
    await remembered.page.waitForURL(/\/cabinet$/);
    const cookie = (await remembered.page.context().cookies()).find(
      (c) => c.name === "rms_session",
    );
    const days = ((cookie?.expires ?? 0) * 1000 - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29);
    expect(days).toBeLessThan(31);
  });

  it("recovers a forgotten password by SMS", async () => {
    const { page } = await browser.open("/cabinet/sign-in", viewports.phone);
    // A client of its own, registered through the API, so other tests keep the demo password.
    const phone = newPhone();
    const base = browser.baseURL();
    const headers = { "content-type": "application/json", origin: base };
    await fetch(`${base}/api/auth/registration/code`, {
      method: "POST",
      headers,
      body: JSON.stringify({ phone: phone.e164 }),
    });
    const verified = await fetch(`${base}/api/auth/registration/verify`, {
      method: "POST",
      headers,
      body: JSON.stringify({ phone: phone.e164, code: await smsCode(phone.e164) }),
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
        lastName: "Забывчивый",
        firstName: "Олег",
        patronymic: "Петрович",
        birthDate: "02.03.1980",
        email: "oleg@example.ru",
        password: "Старый-пароль-2026",
        acceptedDocuments: documents.documents.map(({ slug, version }) => ({ slug, version })),
      }),
    });
    expect(registered.status).toBe(201);

    await page.getByRole("link", { name: "Забыли пароль?" }).click();
    await page.waitForURL("**/cabinet/recovery");
    // The recovery screen's own label: «Телефон» alone also matches the sign-in form, which stays
    // on the screen while the recovery chunk loads, and a value typed there is lost with it.
    await page.getByLabel("Введите номер телефона, указанный при регистрации").fill(phone.typed);
    // The registration code went out just now; the 60 s between sends count per kind of code.
    await page.getByRole("button", { name: "Выслать код" }).click();
    await expectVisible(page.getByLabel("Код из SMS"));
    await page.getByLabel("Код из SMS").fill(await smsCode(phone.e164));
    await page.getByRole("button", { name: "Подтвердить" }).click();
    await page.getByLabel("Новый пароль").fill("Новый-пароль-2026");
    await page.getByLabel("Повторите пароль").fill("Новый-пароль-2026");
    await page.getByRole("button", { name: "Сохранить пароль" }).click();
    await page.waitForURL(/\/cabinet$/);

    await signOut(page);
    await signIn(page, phone.typed, "Новый-пароль-2026");
    await page.waitForURL(/\/cabinet$/);
  }, 120_000);

  it("throttles sign-in after repeated failures with a Russian message", async () => {
    const { page } = await browser.open("/cabinet/sign-in", viewports.phone);
    const phone = newPhone();
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      await signIn(page, phone.typed, `wrong-password-${attempt}`);
      await expectVisible(page.getByRole("alert"));
    }
    await expectVisible(
      page.getByRole("alert").filter({ hasText: "Слишком много неудачных попыток входа" }),
    );
  });
});

describe("staff sign-in in the browser", () => {
  it("signs an operator in, enrols TOTP from the profile, then asks for the code at the next sign-in", async () => {
    const { page, consoleErrors } = await browser.open("/staff", viewports.desktop);
    await page.waitForURL("**/staff/sign-in");
    await page.getByLabel("E-mail").fill("operator@rms.local");
    await page.getByLabel("Пароль", { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Войти" }).click();
    await page.waitForURL((url) => !url.pathname.endsWith("/sign-in"));
    await expectNoSeriousA11yViolations(page);

    await page.getByRole("link", { name: "Мой профиль" }).click();
    await page.getByRole("button", { name: "Подключить двухфакторную защиту" }).click();
    const secretText = await page.getByTestId("totp-secret").textContent();
    const secret = (secretText ?? "").replace(/\s/g, "");
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await page.getByLabel("Код из приложения").fill(currentTotpCode(secret));
    await page.getByRole("button", { name: "Подключить", exact: true }).click();
    await expectVisible(page.getByText(/Двухфакторная защита подключена/));

    await page.getByRole("button", { name: "Выйти" }).click();
    await page.waitForURL("**/staff/sign-in");
    await page.getByLabel("E-mail").fill("operator@rms.local");
    await page.getByLabel("Пароль", { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Войти" }).click();
    // Each code is accepted once: the enrolment used this step's, the app shows the next one.
    await page.getByLabel("Код из приложения").fill(currentTotpCode(secret, Date.now() + 30_000));
    await page.getByRole("button", { name: "Подтвердить" }).click();
    await page.waitForURL((url) => !url.pathname.endsWith("/sign-in"));
    await expectVisible(page.getByRole("button", { name: "Выйти" }));
    expect(consoleErrors).toEqual([]);
  });
});
