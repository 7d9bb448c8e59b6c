import { randomInt } from "node:crypto";
import type { Locator, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import {
  expectNoHorizontalScroll,
  expectNoSeriousA11yViolations,
  expectVisible,
  setupBrowser,
  viewports,
} from "./support/browser.ts";
import {
  createSpecStaffMember,
  type SpecStaffMember,
  signInConsole,
  signInDemoAdmin,
} from "./support/staff.ts";

const browser = setupBrowser();
/** Where the spec saves what it saw (for a person to look at); unset, nothing is saved. */
const SHOTS = process.env.E2E_SCREENSHOTS;

async function shot(page: Page, name: string): Promise<void> {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

/** A mobile number of this run's own: «+7 9xx …» as typed, E.164 for the outbox. */
function uniquePhone() {
  const digits = `9${String(randomInt(10, 99))}${String(randomInt(1e6, 1e7 - 1))}`;
  return { e164: `+7${digits}`, typed: `8${digits}` };
}

/** The code in the newest SMS to a phone, once the outbox has it. */
async function smsCode(phone: string, not?: string): Promise<string> {
  for (let attempt = 0; attempt < 40; attempt += 1) {
    const res = await fetch(
      `${browser.baseURL()}/api/dev/outbox?phone=${encodeURIComponent(phone)}`,
    );
    const messages = (await res.json()) as { text: string }[];
    const code = messages[0] ? /\b(\d{6})\b/.exec(messages[0].text)?.[1] : undefined;
    if (code && code !== not) return code;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no SMS code for ${phone}`);
}

function queueItem(page: Page, text: string): Locator {
  return page.getByRole("listitem").filter({ hasText: text });
}

let operator: SpecStaffMember;

beforeAll(async () => {
  const admin = await signInDemoAdmin(browser.baseURL());
  operator = await createSpecStaffMember(browser.baseURL(), admin, {
    role: "operator",
    emailPrefix: "operator.visitor",
    fullName: "Белова Ирина",
  });
});

/** Enters the code from the SMS and sends the request; a wrong code first, when asked. */
async function confirmAndSend(scope: Locator, phone: string, { wrongFirst = false } = {}) {
  await expectVisible(scope.getByLabel("Код из SMS"));
  const code = await smsCode(phone);
  if (wrongFirst) {
    const wrong = code === "000000" ? "111111" : "000000";
    await scope.getByLabel("Код из SMS").fill(wrong);
    await scope.getByRole("button", { name: "Отправить" }).click();
    await expectVisible(scope.getByText("Неверный код. Осталось попыток: 4."));
  }
  await scope.getByLabel("Код из SMS").fill(code);
  await scope.getByRole("button", { name: "Отправить" }).click();
  await expectVisible(scope.getByText("Заявка принята"));
}

describe("«Заказать звонок» on the site", () => {
  it("takes a visitor's request confirmed by an SMS code into the console's queue, at 360 px", async () => {
    const n = randomInt(1e6);
    const name = `Мария ${n}`;
    const phone = uniquePhone();
    const { page, consoleErrors } = await browser.open("/", viewports.phone);

    // The cards lead somewhere, and «Купить сертификат» to the shop.
    expect(await page.getByRole("link", { name: "Физическим лицам" }).getAttribute("href")).toBe(
      "/shop",
    );
    expect(await page.getByRole("link", { name: "Купить сертификат" }).getAttribute("href")).toBe(
      "/shop",
    );
    expect(await page.getByRole("link", { name: "Обслуживание по ДМС" }).getAttribute("href")).toBe(
      "/dms",
    );
    expect(await page.getByRole("link", { name: "Медосмотры" }).getAttribute("href")).toBe(
      "/companies?topic=checkups",
    );
    await expectNoHorizontalScroll(page);
    await shot(page, "landing-360");

    await page.getByRole("button", { name: "Заказать звонок" }).click();
    const dialog = page.getByRole("dialog", { name: "Заказать звонок" });
    await expectVisible(dialog.getByLabel("Имя"));
    await dialog.getByRole("button", { name: "Получить код" }).click();
    for (const message of [
      "Введите имя",
      "Введите номер телефона",
      "Выберите тему",
      "Дайте согласие на обработку персональных данных",
    ]) {
      await expectVisible(dialog.getByText(message));
    }
    expect(await dialog.getByLabel("Имя").evaluate((el) => el === document.activeElement)).toBe(
      true,
    );
    await expectNoSeriousA11yViolations(page);
    await shot(page, "dialog-errors-360");

    await dialog.getByLabel("Имя").fill(name);
    await dialog.getByLabel("Телефон").fill(phone.typed);
    await dialog.getByRole("radio", { name: "Покупка сертификата" }).check();
    const consent = dialog.getByRole("checkbox", {
      name: /согласие на обработку персональных данных/,
    });
    await consent.check();
    expect(
      await dialog
        .getByRole("link", { name: /согласие на обработку персональных данных/ })
        .getAttribute("href"),
    ).toBe("/legal/personal-data");
    await dialog.getByRole("button", { name: "Получить код" }).click();
    await expectVisible(dialog.getByText("Код отправлен на номер"));
    await expectNoSeriousA11yViolations(page);
    await shot(page, "dialog-code-360");
    await confirmAndSend(dialog, phone.e164, { wrongFirst: true });
    await expectVisible(dialog.getByText(`Спасибо, ${name}!`));
    await expectNoHorizontalScroll(page);
    await expectNoSeriousA11yViolations(page);
    await shot(page, "dialog-done-360");
    // The browser logs the wrong code's 400 itself; nothing else may be logged.
    expect(consoleErrors.filter((error) => !error.includes("status of 400"))).toEqual([]);

    // An operator sees it in «Обратные звонки» as a visitor's, and closes it without an appeal.
    const console = await browser.open("/staff/sign-in", viewports.phone);
    await signInConsole(console.page, operator);
    await console.page.goto("/staff/callbacks");
    await expectVisible(console.page.getByRole("heading", { level: 1, name: "Обратные звонки" }));
    const item = queueItem(console.page, name);
    await expectVisible(item.getByText("Посетитель сайта"));
    await expectVisible(item.getByText("Покупка сертификата"));
    await expectVisible(item.getByText("Как можно скорее"));
    expect(await item.getByRole("link", { name: /^\+7 9/ }).getAttribute("href")).toBe(
      `tel:${phone.e164}`,
    );
    await expectNoHorizontalScroll(console.page);
    await expectNoSeriousA11yViolations(console.page);
    await shot(console.page, "console-queue-360");

    await item.getByRole("button", { name: "Взять в работу" }).click();
    await expectVisible(item.getByText("В работе у вас"));
    await item.getByRole("button", { name: "Закрыть" }).click();
    const close = console.page.getByRole("dialog", { name: "Закрыть обратный звонок" });
    await close.getByRole("button", { name: "Закрыть заявку" }).click();
    await expectVisible(close.getByText("Опишите результат"));
    await close.getByLabel("Результат").fill(`Рассказали о сертификатах ${n}`);
    await close.getByRole("button", { name: "Закрыть заявку" }).click();
    await expectVisible(console.page.getByText("Заявка посетителя закрыта"));
    await item.waitFor({ state: "detached" });
    expect(console.consoleErrors).toEqual([]);
  });

  it("takes a company's request for the sales team at 360 px, and holds another code to that phone back for 60 s", async () => {
    const phone = uniquePhone();
    const { page, consoleErrors } = await browser.open(
      "/companies?topic=checkups",
      viewports.phone,
    );
    await expectVisible(page.getByRole("heading", { level: 1, name: "Юридическим лицам" }));
    const form = page.getByRole("region", { name: "Заявка для отдела продаж" });
    await form.getByLabel("Имя").fill(`Олег ${randomInt(1e6)}`);
    await form.getByLabel("Название компании").fill("ООО «Ромашка»");
    await form.getByLabel("Телефон").fill(phone.typed);
    expect(await form.getByRole("radio", { name: "Медосмотры сотрудников" }).isChecked()).toBe(
      true,
    );
    await form.getByRole("checkbox", { name: /согласие/ }).check();
    await form.getByRole("button", { name: "Получить код" }).click();
    await confirmAndSend(form, phone.e164);
    await expectNoHorizontalScroll(page);
    await expectNoSeriousA11yViolations(page);
    await shot(page, "sales-done-360");

    // The same phone again from the landing's dialog, within the 60 s between codes.
    const again = await browser.open("/", viewports.desktop);
    await again.page.getByRole("button", { name: "Заказать звонок" }).click();
    const dialog = again.page.getByRole("dialog", { name: "Заказать звонок" });
    await dialog.getByLabel("Имя").fill("Олег");
    await dialog.getByLabel("Телефон").fill(phone.typed);
    await dialog.getByRole("radio", { name: "ДМС для компании" }).check();
    await dialog.getByRole("checkbox", { name: /согласие/ }).check();
    await dialog.getByRole("button", { name: "Получить код" }).click();
    await expectVisible(dialog.getByText(/Новый код можно запросить через \d+ сек\./));
    await shot(again.page, "dialog-throttled-1280");
    expect(again.consoleErrors.filter((error) => !error.includes("status of 429"))).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it("explains at /dms how DMS clients get care", async () => {
    const { page, consoleErrors } = await browser.open("/", viewports.desktop);
    await page.getByRole("link", { name: "Обслуживание по ДМС" }).click();
    await page.waitForURL("**/dms");
    await expectVisible(page.getByRole("heading", { level: 1, name: "Обслуживание по ДМС" }));
    await expectVisible(page.getByRole("heading", { name: "Найдите полис в «Мои договоры»" }));
    await expectVisible(page.getByRole("heading", { name: "Гарантийные письма" }));
    await expectVisible(page.locator('a[href="tel:+74999224909"]').first());
    await expectNoHorizontalScroll(page);
    await expectNoSeriousA11yViolations(page);
    await shot(page, "dms-1280");
    await page.setViewportSize(viewports.phone);
    await expectNoHorizontalScroll(page);
    await shot(page, "dms-360");
    await page.getByRole("link", { name: "Регистрация" }).first().click();
    await page.waitForURL("**/cabinet/register");
    expect(consoleErrors).toEqual([]);
  });
});
