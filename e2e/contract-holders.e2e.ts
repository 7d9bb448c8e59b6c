import { randomInt } from "node:crypto";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { apiRequest, sessionCookie } from "./support/api.ts";
import {
  expectNoHorizontalScroll,
  expectSound,
  expectVisible,
  setupBrowser,
  viewports,
} from "./support/browser.ts";

const browser = setupBrowser();
const DEMO_PASSWORD = "rms-demo-2026";
const OPERATOR_PASSWORD = "Оператор-держатели-2026";
const temporaryPasswords = new Map<string, string>();

function api(path: string, init: { method?: string; cookie?: string; body?: unknown } = {}) {
  return apiRequest(browser.baseURL(), path, init);
}

/** An operator of this spec's own (the demo operator may have TOTP switched on by another spec). */
async function createOperator(): Promise<string> {
  const signIn = await api("/api/staff/auth/sign-in", {
    method: "POST",
    body: { email: "admin@rms.local", password: DEMO_PASSWORD },
  });
  const admin = sessionCookie(signIn, "rms_staff_session");
  const n = randomInt(1e6);
  const email = `operator.holders.${n}@rms.local`;
  const res = await api("/api/staff/members", {
    method: "POST",
    cookie: admin,
    body: { email, fullName: `Держателева Ольга ${n}`, role: "operator" },
  });
  if (res.status !== 201) throw new Error(`the operator was not created: ${res.status}`);
  temporaryPasswords.set(
    email,
    ((await res.json()) as { temporaryPassword: string }).temporaryPassword,
  );
  return email;
}

async function staffSignIn(page: Page, email: string) {
  await page.goto("/staff/sign-in");
  await page.getByLabel("E-mail").fill(email);
  const temporary = temporaryPasswords.get(email);
  await page.getByLabel("Пароль", { exact: true }).fill(temporary ?? OPERATOR_PASSWORD);
  await page.getByRole("button", { name: "Войти" }).click();
  if (temporary) {
    await page.getByLabel("Новый пароль").fill(OPERATOR_PASSWORD);
    await page.getByLabel("Повторите пароль").fill(OPERATOR_PASSWORD);
    await page.getByRole("button", { name: "Сохранить пароль" }).click();
    temporaryPasswords.delete(email);
  }
  await page.waitForURL((url) => !url.pathname.endsWith("/sign-in"));
  await expectVisible(page.getByRole("button", { name: "Выйти" }));
}

async function smsCode(phone: string): Promise<string> {
  for (let attempt = 0; attempt < 40; attempt += 1) {
    const res = await api(`/api/dev/outbox?phone=${encodeURIComponent(phone)}`);
    const messages = (await res.json()) as { text: string }[];
    const code = messages[0] ? /\b(\d{6})\b/.exec(messages[0].text)?.[1] : undefined;
    if (code) return code;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no SMS code for ${phone}`);
}

/** Registers a new client in the browser; its surname, unique to this test. */
async function register(page: Page): Promise<string> {
  const rest = String(randomInt(100_000_000, 999_999_999));
  const surname = `Новикова${"абвгдежзик"[randomInt(10)]}${"лмнопрстуф"[randomInt(10)]}`;
  await page.goto("/cabinet/register");
  await page.getByLabel("Введите номер телефона для регистрации").fill(`+7 9${rest}`);
  await page.getByRole("button", { name: "Выслать код" }).click();
  await page.getByLabel("Код из SMS").fill(await smsCode(`+79${rest}`));
  await page.getByRole("button", { name: "Подтвердить" }).click();
  await page.getByLabel("Фамилия").fill(surname);
  await page.getByLabel("Имя", { exact: true }).fill("Алёна");
  await page.getByLabel("Отчество").fill("Петровна");
  // The demo certificate's «Пациент 1» has this birth date too: it must not show by itself.
  await page.getByLabel("Дата рождения").fill("12.04.1985");
  await page.getByLabel("E-mail").fill(`alena.${rest}@example.ru`);
  await page.getByLabel("Пароль", { exact: true }).fill("Синий-зонт-2026");
  await page.getByRole("button", { name: "Зарегистрироваться" }).click();
  await page.waitForURL(/\/cabinet$/);
  return surname;
}

/** The new client's way: an empty «Мои договоры», «Добавить договор», the certificate opens. */
async function addByNumber(page: Page): Promise<string> {
  await page.goto("/cabinet/contracts");
  await expectVisible(page.getByRole("heading", { name: "Договоров пока нет" }));
  await expectVisible(page.getByText(/можно найти по его номеру/));
  await expectSound(page);
  await page.getByRole("link", { name: "Добавить договор" }).click();
  await expectVisible(page.getByRole("heading", { level: 1, name: "Добавить договор" }));

  // A wrong birth date: one message that says neither which field was wrong nor what exists.
  await page.getByLabel("Номер договора").fill("11/30117742");
  await page.getByLabel("Дата рождения").fill("13.04.1985");
  await page.getByRole("button", { name: "Добавить", exact: true }).click();
  const alert = page.getByRole("alert").filter({ hasText: "Не удалось добавить договор" });
  await expectVisible(alert);
  await expectVisible(alert.getByText(/Проверьте номер договора и дату рождения/));
  await expectNoHorizontalScroll(page);
  await expectSound(page);

  await page.getByLabel("Номер договора").fill("30117742");
  await page.getByLabel("Дата рождения").fill("12.04.1985");
  await page.getByRole("button", { name: "Добавить", exact: true }).click();
  await page.waitForURL(/\/cabinet\/contracts$/);
  await expectVisible(page.getByText("Договор 11/30117742 добавлен."));
  const card = page.getByRole("link", { name: "Открыть: Сертификат 11/30117742" });
  await expectVisible(card);
  await expectSound(page);
  await card.click();
  await expectVisible(page.getByRole("heading", { level: 1, name: "Описание сертификата" }));
  await expectVisible(page.getByText("ОРВИ, даны рекомендации по лечению, контроль через 3 дня."));
  return page.url();
}

/** The operator opens 11/30117742 by its bare number and unlinks the client, confirming it. */
async function unlink(page: Page, surname: string) {
  await page.goto("/staff/contracts");
  await page.getByLabel("Номер, телефон или ФИО").fill("30117742");
  await page.getByRole("button", { name: "Найти" }).click();
  await page.getByRole("link", { name: "11/30117742" }).click();
  const holders = page.getByRole("table", { name: "Привязанные учётные записи" });
  const row = holders.getByRole("row").filter({ hasText: surname });
  await expectVisible(row);
  await expectVisible(row.getByText("По номеру договора"));
  await expectVisible(holders.getByRole("row").filter({ hasText: "Иванов Иван Иванович" }));
  await expectSound(page);

  await row.getByRole("button", { name: /^Отвязать: / }).click();
  const dialog = page.getByRole("dialog", { name: "Отвязать учётную запись?" });
  await expectVisible(dialog.getByText(/больше не увидит договор 11\/30117742/));
  await expectSound(page);
  await dialog.getByRole("button", { name: "Отвязать" }).click();
  await expectVisible(page.getByText(/отвязана от договора/));
  await expect.poll(() => row.count()).toBe(0);
  await expectVisible(holders.getByRole("row").filter({ hasText: "Иванов Иван Иванович" }));
}

let operatorEmail: string;

beforeAll(async () => {
  operatorEmail = await createOperator();
});

describe("«Добавить договор» and the holders on the contract card", () => {
  for (const [client, staff] of [
    ["phone", "desktop"],
    ["desktop", "phone"],
  ] as const) {
    it(`a new client (${viewports[client].width} px) adds 11/30117742 by number and birth date and opens it; the operator (${viewports[staff].width} px) sees the account on the card and unlinks it`, async () => {
      const cabinet = await browser.open("/cabinet/register", viewports[client]);
      const surname = await register(cabinet.page);
      const contractUrl = await addByNumber(cabinet.page);

      const consolePage = await browser.open("/staff/sign-in", viewports[staff]);
      await staffSignIn(consolePage.page, operatorEmail);
      await unlink(consolePage.page, surname);

      await cabinet.page.goto(contractUrl);
      await expectVisible(cabinet.page.getByText(/Договор не найден или недоступен/));
      await cabinet.page.goto("/cabinet/contracts");
      await expectVisible(cabinet.page.getByRole("heading", { name: "Договоров пока нет" }));
      // The two 404s are the wrong try and the page of the unlinked contract: both expected.
      expect(cabinet.consoleErrors.filter((error) => !error.includes("status of 404"))).toEqual([]);
      expect(consolePage.consoleErrors).toEqual([]);
    });
  }
});
