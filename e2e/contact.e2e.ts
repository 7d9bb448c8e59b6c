import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  expectNoHorizontalScroll,
  expectNoSeriousA11yViolations,
  expectVisible,
  setupBrowser,
  viewports,
} from "./support/browser.ts";

const browser = setupBrowser();
const DEMO_PASSWORD = "rms-demo-2026";
// The DMS policy: other e2e files use the certificates, and one contract takes one open call-back.
const POLICY = "001-ДМС-2026-004512";
const PDF = Buffer.concat([
  Buffer.from("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "latin1"),
  Buffer.alloc(4096, 0x20),
]);

async function signIn(page: Page) {
  await page.goto("/cabinet/sign-in");
  await page.getByLabel("Телефон").fill("+7 926 111-11-11");
  await page.getByLabel("Пароль", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Войти" }).click();
  await page.waitForURL(/\/cabinet$/);
}

async function expectSound(page: Page) {
  await expectNoHorizontalScroll(page);
  await expectNoSeriousA11yViolations(page);
}

/** The operator's session for the staff API: the console's own pages are tested elsewhere. */
async function staffApi() {
  const base = browser.baseURL();
  const signIn = await fetch(`${base}/api/staff/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "doctor@rms.local", password: DEMO_PASSWORD }),
  });
  const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  expect(cookie).toMatch(/^rms_staff_session=/);
  return async (path: string, body?: object) => {
    const res = await fetch(`${base}${path}`, {
      method: body ? "POST" : "GET",
      headers: { cookie, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    expect(res.status, await res.clone().text()).toBe(200);
    return res.json();
  };
}

async function openPolicy(page: Page) {
  await page.goto("/cabinet/contracts");
  await page.getByRole("link", { name: new RegExp(POLICY) }).click();
  await expectVisible(page.getByRole("heading", { level: 1, name: "Описание полиса ДМС" }));
}

describe("the contact centre from the client's side", () => {
  it("sends a message with a PDF, then reads the reply in «Переписка»", async () => {
    const { page, consoleErrors } = await browser.open("/cabinet/sign-in", viewports.phone);
    await signIn(page);
    await openPolicy(page);
    await page.getByRole("link", { name: "Отправить сообщение" }).click();

    const main = page.getByRole("main");
    await expectVisible(main.getByRole("heading", { level: 1, name: "Отправить сообщение" }));
    await expectVisible(main.getByText("Обратите внимание: все поля должны быть заполнены!"));
    await expectVisible(main.getByText("Общий размер файлов не должен превышать 25 МБ."));
    await expectVisible(main.getByRole("link", { name: "Отмена" }));
    expect(await main.getByLabel("E-mail").inputValue()).toBe("ivanov@example.ru");
    await main.getByLabel("Сообщение").fill("Прошу расшифровать анализ крови, файл приложен.");
    const chooser = page.waitForEvent("filechooser");
    await main.getByRole("button", { name: "Добавить файл" }).click();
    await (await chooser).setFiles({
      name: "анализ крови.pdf",
      mimeType: "application/pdf",
      buffer: PDF,
    });
    await expectVisible(main.getByRole("button", { name: "Удалить файл анализ крови.pdf" }));
    await expectSound(page);
    await main.getByRole("button", { name: "Отправить" }).click();

    await page.waitForURL(/\/cabinet\/messages\?contract=/);
    await expectVisible(page.getByText("Сообщение отправлено. Ответ придёт на ivanov@example.ru"));
    await expectVisible(page.getByText("Прошу расшифровать анализ крови, файл приложен.").first());

    // The doctor answers in the console (its screens have their own spec).
    const staff = await staffApi();
    const { messages } = await staff("/api/staff/messages");
    const sent = messages.find((message: { body: string }) =>
      message.body.startsWith("Прошу расшифровать"),
    );
    expect(sent.attachments).toMatchObject([{ name: "анализ крови.pdf" }]);
    await staff(`/api/staff/messages/${sent.id}/replies`, {
      body: "Показатели в норме, повторять анализ не нужно.",
    });

    await page.goto("/cabinet");
    await expectVisible(page.getByRole("heading", { name: "Новые ответы" }));
    await page.getByRole("link", { name: "Открыть переписку" }).click();
    await expectVisible(page.getByRole("heading", { level: 1, name: "Переписка" }));
    await expectVisible(page.getByText("1 новый ответ"));
    await page.getByRole("button", { name: /Прошу расшифровать/ }).click();
    await expectVisible(page.getByText("Показатели в норме, повторять анализ не нужно."));
    await expectVisible(page.getByRole("link", { name: /анализ крови\.pdf/ }));
    await expect.poll(() => page.getByText("1 новый ответ").count()).toBe(0);
    await expectSound(page);
    expect(consoleErrors).toEqual([]);
  });

  it("asks for a call-back and sees the appeal once the contact centre has called", async () => {
    const { page, consoleErrors } = await browser.open("/cabinet/sign-in", viewports.desktop);
    await signIn(page);
    await expectVisible(page.getByRole("heading", { name: "Действующие договоры" }));
    const medpult = page.getByRole("link", { name: /Позвонить в медпульт/ });
    expect(await medpult.getAttribute("href")).toBe("tel:+78007707094");

    await openPolicy(page);
    await page.getByRole("link", { name: "Перезвонить мне" }).click();
    const main = page.getByRole("main");
    await expectVisible(main.getByRole("heading", { level: 1, name: "Перезвонить мне" }));
    await main.getByLabel("Комментарий").fill("Болит горло, температура 38");
    await expectSound(page);
    await main.getByRole("button", { name: "Перезвонить мне" }).click();
    await expectVisible(main.getByText("Заявка принята"));

    await page.goto("/cabinet");
    await expectVisible(page.getByRole("heading", { name: "Заявки на звонок" }));
    await expectVisible(page.getByText("Новая"));

    const staff = await staffApi();
    const { callbacks } = await staff("/api/staff/callbacks");
    const request = callbacks.find(
      (callback: { note: string | null }) => callback.note === "Болит горло, температура 38",
    );
    const { serviceTypes } = await staff("/api/staff/service-types");
    const phoneConsultation = serviceTypes.find(
      (type: { name: string }) => type.name === "Консультация врача по телефону",
    );
    await staff(`/api/staff/callbacks/${request.id}/close`, {
      serviceTypeId: phoneConsultation.id,
      outcome: "ОРВИ, даны рекомендации по лечению",
    });

    await openPolicy(page);
    const appeals = page.getByRole("region", { name: "Обращения" });
    await expectVisible(appeals.getByText("ОРВИ, даны рекомендации по лечению"));
    await expectVisible(appeals.getByText("Кузнецов Андрей Викторович"));
    expect(consoleErrors).toEqual([]);
  });
});
