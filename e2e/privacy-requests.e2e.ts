import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  expectNoHorizontalScroll,
  expectNoSeriousA11yViolations,
  expectSound,
  expectVisible,
  setupBrowser,
  viewports,
} from "./support/browser.ts";
import { createSpecStaffMember, signInConsole, signInDemoAdmin } from "./support/staff.ts";

const browser = setupBrowser();
const SHOTS = process.env.E2E_SCREENSHOTS_DIR;

/** The code of the newest registration SMS to a phone, from the dev outbox. */
async function registrationCode(phone: string): Promise<string> {
  for (let attempt = 0; attempt < 40; attempt += 1) {
    const res = await fetch(
      `${browser.baseURL()}/api/dev/outbox?phone=${encodeURIComponent(phone)}`,
    );
    const messages = (await res.json()) as { text: string }[];
    const code = messages[0] ? /\b(\d{6})\b/.exec(messages[0].text)?.[1] : undefined;
    if (code) return code;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no code in the outbox for ${phone}`);
}

/** A fresh account registered through the API, with a surname of its own. */
async function registerFreshAccount(
  lastName: string,
): Promise<{ phone: string; password: string }> {
  const phone = `+79${String(randomInt(100_000_000, 999_999_999))}`;
  const password = "Тихий-вторник-2026";
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
    body: JSON.stringify({ phone, code: await registrationCode(phone) }),
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
      lastName,
      firstName: "Зоя",
      patronymic: "Петровна",
      birthDate: "21.09.1979",
      email: `zoya.${randomInt(1e9)}@example.ru`,
      password,
      acceptedDocuments: documents.documents.map(({ slug, version }) => ({ slug, version })),
    }),
  });
  expect(registered.status).toBe(201);
  return { phone, password };
}

describe("«Запросы по 152-ФЗ» in the browser", () => {
  it("takes a client's request from the cabinet to the console's queue with its deadline, and the answer back", async () => {
    // A surname of letters only (the form's rule), unique to the run.
    const letters = "абвгдежзиклмнопрстуфхцчшэюя";
    const tag = Array.from({ length: 6 }, () => letters[randomInt(letters.length)]).join("");
    const lastName = `Запросова-${tag}`;
    const account = await registerFreshAccount(lastName);
    const { page, consoleErrors } = await browser.open("/cabinet/sign-in", viewports.phone);
    await page.getByLabel("Телефон").fill(account.phone);
    await page.getByLabel("Пароль", { exact: true }).fill(account.password);
    await page.getByRole("button", { name: "Войти" }).click();
    await page.waitForURL(/\/cabinet$/);
    await page.goto("/cabinet/profile/privacy");

    const section = page.getByRole("region", { name: "Запрос по персональным данным" });
    await section.getByRole("button", { name: "Отправить запрос" }).click();
    await expectVisible(section.getByText("Выберите, что вы хотите сделать"));
    await expectVisible(section.getByText("Опишите запрос — не короче 10 символов"));
    expect(await section.getByLabel("Текст запроса").getAttribute("aria-invalid")).toBe("true");
    await expectNoSeriousA11yViolations(page);

    await section.getByRole("radio", { name: "Уточнить данные" }).check();
    const text = "В договоре указано отчество «Петровнa» с латинской буквой — прошу исправить.";
    await section.getByLabel("Текст запроса").fill(text);
    await section.getByRole("button", { name: "Отправить запрос" }).click();
    const sent = section.getByText(/^Запрос отправлен\. Ответ придёт до (\d{2}\.\d{2}\.\d{4})/);
    await expectVisible(sent);
    const due = /(\d{2}\.\d{2}\.\d{4})/.exec((await sent.textContent()) ?? "")?.[1] ?? "";
    await expectVisible(section.getByText("Отправлен", { exact: true }));
    await expectVisible(section.getByText(`Ответ до ${due}`, { exact: false }));
    await expectNoHorizontalScroll(page);
    if (SHOTS) await section.screenshot({ path: `${SHOTS}/privacy-request-360.png` });

    const base = browser.baseURL();
    const operator = await createSpecStaffMember(base, await signInDemoAdmin(base), {
      role: "operator",
      emailPrefix: "privacy-requests",
      fullName: "Ответова Нина",
    });
    const consolePage = (await browser.open("/staff/sign-in", viewports.desktop)).page;
    await signInConsole(consolePage, operator);
    await consolePage.getByRole("link", { name: "Запросы по 152-ФЗ" }).click();
    await consolePage.waitForURL("**/staff/privacy-requests");
    const row = consolePage.getByRole("row").filter({ hasText: lastName });
    await expectVisible(row);
    await expectVisible(row.getByText(due, { exact: true }));
    await expectVisible(row.getByText("Уточнение", { exact: true }));
    await expectSound(consolePage);
    if (SHOTS) await consolePage.screenshot({ path: `${SHOTS}/staff-privacy-1280.png` });

    await row.getByRole("button", { name: new RegExp(`^Открыть — ${lastName}`) }).click();
    const dialog = consolePage.getByRole("dialog");
    await expectVisible(dialog.getByText(text));
    await dialog.getByRole("button", { name: "Взять в работу" }).click();
    await expectVisible(dialog.getByText(/^В работе у:/));
    await dialog.getByRole("button", { name: "Ответить и закрыть" }).click();
    await expectVisible(dialog.getByText("Напишите ответ клиенту — не короче 10 символов"));
    const answer = "Исправили отчество в договоре, новая печатная форма уже в кабинете.";
    await dialog.getByLabel("Ответ клиенту").fill(answer);
    await expectSound(consolePage);
    if (SHOTS) await consolePage.screenshot({ path: `${SHOTS}/staff-privacy-dialog-1280.png` });
    await dialog.getByRole("button", { name: "Ответить и закрыть" }).click();
    await expectVisible(consolePage.getByText("Ответ отправлен, запрос закрыт."));

    await page.reload();
    await expectVisible(section.getByText("Ответ дан", { exact: true }));
    await expectVisible(section.getByText(answer));
    await page.setViewportSize(viewports.desktop);
    await expectNoHorizontalScroll(page);
    await expectNoSeriousA11yViolations(page);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/privacy-1280.png`, fullPage: true });
    // The deletion's steps at the desktop width, then left without deleting.
    const deletion = page.getByRole("region", { name: "Удалить учётную запись" });
    await deletion.getByRole("button", { name: "Удалить учётную запись" }).click();
    await expectVisible(deletion.getByRole("button", { name: "Получить код по SMS" }));
    await expectNoSeriousA11yViolations(page);
    if (SHOTS) await deletion.screenshot({ path: `${SHOTS}/privacy-deletion-1280.png` });
    await deletion.getByRole("button", { name: "Отмена" }).click();
    await expectVisible(deletion.getByRole("button", { name: "Удалить учётную запись" }));
    expect(consoleErrors).toEqual([]);
  }, 120_000);
});
