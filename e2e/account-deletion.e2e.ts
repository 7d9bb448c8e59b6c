import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  expectNoHorizontalScroll,
  expectNoSeriousA11yViolations,
  expectVisible,
  setupBrowser,
  viewports,
} from "./support/browser.ts";

const browser = setupBrowser();
const SHOTS = process.env.E2E_SCREENSHOTS_DIR;

function newPhone(): { typed: string; e164: string } {
  const rest = String(randomInt(100_000_000, 999_999_999));
  return {
    typed: `8 (9${rest.slice(0, 2)}) ${rest.slice(2, 5)}-${rest.slice(5, 7)}-${rest.slice(7)}`,
    e164: `+79${rest}`,
  };
}

/** The code of the newest SMS to a phone whose text has `about`, read from the dev outbox. */
async function smsCode(phone: string, about: string): Promise<string> {
  for (let attempt = 0; attempt < 40; attempt += 1) {
    const res = await fetch(
      `${browser.baseURL()}/api/dev/outbox?phone=${encodeURIComponent(phone)}`,
    );
    const messages = (await res.json()) as { text: string }[];
    const wanted = messages.find((message) => message.text.includes(about));
    const code = wanted ? /\b(\d{6})\b/.exec(wanted.text)?.[1] : undefined;
    if (code) return code;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no SMS «${about}» for ${phone}`);
}

describe("«Удалить учётную запись» in the browser", () => {
  it("deletes a freshly registered account with the SMS code, on a phone, and its sign-in fails afterwards", async () => {
    const { page, consoleErrors } = await browser.open("/cabinet/register", viewports.phone);
    const phone = newPhone();
    const password = "Зелёный-кактус-2026";
    await page.getByLabel("Введите номер телефона для регистрации").fill(phone.typed);
    await page.getByRole("button", { name: "Выслать код" }).click();
    await expectVisible(page.getByLabel("Код из SMS"));
    await page.getByLabel("Код из SMS").fill(await smsCode(phone.e164, "регистрации"));
    await page.getByRole("button", { name: "Подтвердить" }).click();
    await page.getByLabel("Фамилия").fill("Удалова");
    await page.getByLabel("Имя", { exact: true }).fill("Лидия");
    await page.getByRole("checkbox", { name: "Нет отчества" }).check();
    await page.getByLabel("Дата рождения").fill("03.07.1991");
    await page.getByLabel("E-mail").fill(`lidia.${randomInt(1e9)}@example.ru`);
    await page.getByLabel("Пароль", { exact: true }).fill(password);
    await page.getByRole("button", { name: "Зарегистрироваться" }).click();
    await page.waitForURL(/\/cabinet$/);

    await page.goto("/cabinet/profile");
    await page.getByRole("link", { name: "Мои данные и согласия" }).click();
    await page.waitForURL("**/cabinet/profile/privacy");
    await expectVisible(page.getByRole("heading", { level: 1, name: "Мои данные и согласия" }));
    const documents = page.getByRole("region", { name: "Принятые документы" });
    for (const title of [
      "Договор оферты",
      "Пользовательское соглашение",
      "Согласие на обработку персональных данных",
    ]) {
      await expectVisible(documents.getByRole("heading", { level: 3, name: title }));
    }
    await expectVisible(documents.getByText(/^Редакция \d+, принята \d{2}\.\d{2}\.\d{4}$/).first());
    await expectVisible(documents.getByText("Обязательный").first());
    await expectVisible(
      documents.getByRole("link", { name: "Открыть текст документа «Договор оферты»" }),
    );
    await expectVisible(page.getByRole("link", { name: "Выгрузить мои данные" }));
    await expectNoHorizontalScroll(page);
    await expectNoSeriousA11yViolations(page);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/privacy-360.png`, fullPage: true });

    // Withdrawing the personal-data consent is closing the account: it leads to the deletion.
    const personal = documents.getByRole("listitem").filter({
      has: page.getByRole("heading", { name: "Согласие на обработку персональных данных" }),
    });
    await personal.getByRole("button", { name: "Отозвать согласие" }).click();
    await expectVisible(personal.getByText(/отозвать его — значит закрыть учётную запись/));
    await expectNoHorizontalScroll(page);
    if (SHOTS) await personal.screenshot({ path: `${SHOTS}/privacy-withdraw-personal-360.png` });
    await personal.getByRole("button", { name: "Перейти к удалению учётной записи" }).click();

    const deletion = page.getByRole("region", { name: "Удалить учётную запись" });
    await expectVisible(deletion.getByRole("heading", { name: "Что компания обязана хранить" }));
    await expectVisible(deletion.getByText(/Договоры \(сертификаты и полисы ДМС\)/));
    await expectVisible(deletion.getByText(/Платежи, возвраты и кассовые чеки/));
    await expectVisible(deletion.getByText(/Медицинские записи/));
    await expectVisible(deletion.getByRole("heading", { name: "Что удаляется" }));
    await expectNoHorizontalScroll(page);
    await expectNoSeriousA11yViolations(page);
    if (SHOTS) {
      await page.screenshot({ path: `${SHOTS}/privacy-deletion-360.png`, fullPage: true });
    }

    await deletion.getByRole("button", { name: "Получить код по SMS" }).click();
    const code = deletion.getByLabel("Код из SMS");
    await expectVisible(code);
    expect(await code.getAttribute("autocomplete")).toBe("one-time-code");
    await expectVisible(deletion.getByText(/Код отправлен на номер \+7 9/));
    if (SHOTS) await deletion.screenshot({ path: `${SHOTS}/privacy-deletion-code-360.png` });
    await code.fill(await smsCode(phone.e164, "удаления учётной записи"));
    await deletion.getByRole("button", { name: "Удалить учётную запись навсегда" }).click();
    await page.waitForURL("**/cabinet/sign-in");

    // Signed out here, and the old phone and password open nothing.
    await page.goto("/cabinet/profile/privacy");
    await page.waitForURL("**/cabinet/sign-in");
    await page.getByLabel("Телефон").fill(phone.typed);
    await page.getByLabel("Пароль", { exact: true }).fill(password);
    await page.getByRole("button", { name: "Войти" }).click();
    // The answer of a wrong password: nothing tells that the account existed.
    await expectVisible(
      page.getByRole("alert").filter({ hasText: "Проверьте номер телефона и пароль" }),
    );
    expect(page.url()).toContain("/cabinet/sign-in");
    expect(consoleErrors.filter((error) => !error.includes("401"))).toEqual([]);
  }, 120_000);
});
