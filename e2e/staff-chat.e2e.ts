import { randomInt, randomUUID } from "node:crypto";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { apiRequest, sessionCookie } from "./support/api.ts";
import { expectSound, expectVisible, setupBrowser, viewports } from "./support/browser.ts";

const browser = setupBrowser();
const DEMO_PASSWORD = "rms-demo-2026";
const DEMO_PHONE = "+79261111111";
// A 1×1 PNG: the photo the client attaches.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==",
  "base64",
);

let client: string;

async function signInClient(): Promise<string> {
  const res = await apiRequest(browser.baseURL(), "/api/auth/sign-in", {
    method: "POST",
    body: { phone: DEMO_PHONE, password: DEMO_PASSWORD },
  });
  return sessionCookie(res, "rms_session");
}

/** «Новый чат» from the demo client through the API, with a photo: it waits in the doctors' queue. */
async function clientStartsChat(text: string): Promise<string> {
  const base = browser.baseURL();
  const options = (await (
    await apiRequest(base, "/api/chat/options", { cookie: client })
  ).json()) as { persons: { personId: string }[] };
  const person = options.persons[0];
  if (!person) throw new Error("the demo client has no contract with chat consultations");
  const form = new FormData();
  form.append("clientConversationId", randomUUID());
  form.append("clientMessageId", randomUUID());
  form.append("personId", person.personId);
  form.append("body", text);
  form.append("files", new Blob([PNG], { type: "image/png" }), "фото.png");
  const res = await fetch(`${base}/api/chat/conversations`, {
    method: "POST",
    headers: { origin: base, cookie: client },
    body: form,
  });
  if (res.status !== 201) throw new Error(`the chat was not started: ${res.status}`);
  return ((await res.json()) as { id: string }).id;
}

async function doctorSignsIn(page: Page) {
  await page.goto("/staff/sign-in");
  await page.getByLabel("E-mail").fill("doctor@rms.local");
  await page.getByLabel("Пароль", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Войти" }).click();
  await expectVisible(page.getByRole("button", { name: "Выйти" }));
}

beforeAll(async () => {
  client = await signInClient();
});

describe("the console's «Чаты»", () => {
  it("takes a waiting chat, answers it, closes it with a conclusion and opens it again only with a reason (1280 px)", async () => {
    const n = randomInt(1e6);
    const question = `Сыпь на руке второй день, фото приложил ${n}`;
    const chatId = await clientStartsChat(question);

    const { page, consoleErrors } = await browser.open("/staff/sign-in", viewports.desktop);
    await doctorSignsIn(page);
    // A doctor starts on «Чаты», in the queue.
    await page.waitForURL(/\/staff\/chats$/);
    const item = page.getByRole("listitem").filter({ hasText: question });
    await expectVisible(item);
    await expectVisible(page.getByRole("tab", { name: /^Очередь \(\d+\)$/ }));
    await expectSound(page);

    await item.getByRole("button", { name: /^Взять в работу/ }).click();
    await page.waitForURL(new RegExp(`/staff/chats/${chatId}$`));
    await expectVisible(page.getByText(question));
    await expectVisible(page.getByText("В работе у вас", { exact: true }));
    await expectVisible(page.getByRole("link", { name: "фото.png (70 Б)" }));
    await expectVisible(page.getByRole("heading", { name: "Договор и программа" }));
    // The photo shows as a preview through the checked download.
    const preview = page.getByRole("img", { name: "Изображение фото.png" });
    await expectVisible(preview);
    // Visible as soon as the <img> is laid out; its 1 px picture may still be on its way.
    await expect
      .poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth), {
        timeout: 10_000,
      })
      .toBe(1);

    const answer = `Не расчёсывайте, покажите сыпь дерматологу ${n}`;
    await page.getByLabel("Сообщение").fill(answer);
    await page.getByRole("button", { name: "Отправить" }).click();
    await expectVisible(page.getByRole("list", { name: "Сообщения чата" }).getByText(answer));

    // The client answers: it arrives without a reload.
    const reply = `Спасибо, а мазь можно? ${n}`;
    const form = new FormData();
    form.append("clientMessageId", randomUUID());
    form.append("body", reply);
    await fetch(`${browser.baseURL()}/api/chat/conversations/${chatId}/messages`, {
      method: "POST",
      headers: { origin: browser.baseURL(), cookie: client },
      body: form,
    });
    await expectVisible(page.getByText(reply));
    await expectSound(page);

    await page.getByRole("button", { name: "Завершить консультацию" }).click();
    const dialog = page.getByRole("dialog", { name: "Завершить консультацию" });
    await dialog.getByRole("radio", { name: "Нужна очная консультация" }).check();
    await dialog.getByLabel("Заключение").fill("Нужен очный осмотр, мазь до осмотра не нужна.");
    await dialog.getByRole("button", { name: "Завершить консультацию" }).click();
    await expectVisible(dialog.getByText("Выберите специальность врача для очной консультации"));
    // A searchable list of the network's specialties: typing narrows it, a choice is one of them.
    await dialog
      .getByRole("combobox", { name: "Специальность врача для очной консультации" })
      .fill("дерма");
    await page.getByRole("option", { name: "дерматолог", exact: true }).click();
    await dialog.getByRole("button", { name: "Завершить консультацию" }).click();
    await expectVisible(page.getByText("Консультация завершена, обращение записано в договор."));
    await expectVisible(page.getByText("Нужна очная консультация: дерматолог"));
    await expectVisible(page.getByText("Консультация завершена: писать в этот чат больше нельзя."));

    // Closed, it opens from «Все» (in a fresh page, nothing of it kept in memory) only with the
    // reason, which goes to the access log.
    await page.getByRole("link", { name: "Все чаты" }).click();
    await page.getByRole("tab", { name: "Все" }).click();
    await page.waitForURL(/view=all/);
    await page.reload();
    await page.locator(`a[href="/staff/chats/${chatId}"]`).filter({ hasText: "Открыть" }).click();
    const reason = page.getByRole("dialog", { name: "Причина просмотра" });
    await expectVisible(reason);
    await reason.getByRole("button", { name: "Открыть чат" }).click();
    await expectVisible(reason.getByText("Напишите причину просмотра"));
    await expectSound(page);
    await reason.getByRole("textbox", { name: "Причина" }).fill("Проверка заключения");
    await reason.getByRole("button", { name: "Открыть чат" }).click();
    await expectVisible(page.getByRole("heading", { name: "Заключение" }));
    expect(consoleErrors).toEqual([]);
  });

  it("works the queue and a chat on a 360 px screen", async () => {
    const n = randomInt(1e6);
    const question = `Температура 39 второй день ${n}`;
    await clientStartsChat(question);
    const { page, consoleErrors } = await browser.open("/staff/sign-in", viewports.phone);
    await doctorSignsIn(page);
    const item = page.getByRole("listitem").filter({ hasText: question });
    await expectVisible(item);
    await expectSound(page);
    await item.getByRole("button", { name: /^Взять в работу/ }).click();
    await expectVisible(page.getByRole("heading", { name: "Переписка" }));
    await expectVisible(page.getByRole("heading", { name: "Договор и программа" }));
    await expectSound(page);

    await page.getByRole("button", { name: "Шаблоны ответов" }).click();
    const templates = page.getByRole("dialog", { name: "Шаблоны ответов" });
    await templates.getByRole("button", { name: "Новый шаблон" }).click();
    const title = `Жаропонижающее ${n}`;
    await templates.getByLabel("Название").fill(title);
    await templates.getByLabel("Текст шаблона").fill("Примите парацетамол, пейте больше воды.");
    await templates.getByRole("button", { name: "Сохранить" }).click();
    await expectVisible(templates.getByText(`Шаблон «${title}» сохранён.`));
    await expectSound(page);
    await templates.getByRole("button", { name: `Вставить «${title}»` }).click();
    expect(await page.getByLabel("Сообщение").inputValue()).toBe(
      "Примите парацетамол, пейте больше воды.",
    );
    expect(consoleErrors).toEqual([]);
  });
});
