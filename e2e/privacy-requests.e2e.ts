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
import { registerFreshAccount } from "./support/fresh-account.ts";
import { createSpecStaffMember, signInConsole, signInDemoAdmin } from "./support/staff.ts";

const browser = setupBrowser();
const SHOTS = process.env.E2E_SCREENSHOTS_DIR;

describe("«Запросы по 152-ФЗ» in the browser", () => {
  it("takes a client's request from the cabinet to the console's queue with its deadline, and the answer back", async () => {
    // A surname of letters only (the form's rule), unique to the run.
    const letters = "абвгдежзиклмнопрстуфхцчшэюя";
    const tag = Array.from({ length: 6 }, () => letters[randomInt(letters.length)]).join("");
    const lastName = `Запросова-${tag}`;
    const account = await registerFreshAccount(
      browser.baseURL(),
      { lastName, firstName: "Зоя", patronymic: "Петровна", birthDate: "21.09.1979" },
      "Тихий-вторник-2026",
    );
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
