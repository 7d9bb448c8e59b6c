import { randomInt, randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { apiRequest, sessionCookie } from "./support/api.ts";
import { expectSound, expectVisible, setupBrowser, viewports } from "./support/browser.ts";
import { signInDemoClient } from "./support/cabinet.ts";
import { DEMO_STAFF_PASSWORD } from "./support/staff.ts";

const browser = setupBrowser();
const DEMO_PHONE = "+79261111111";
const DEMO_CLIENT_PASSWORD = "rms-demo-2026";
const PDF = Buffer.concat([Buffer.from("%PDF-1.4\n", "latin1"), Buffer.alloc(2048, 0x20)]);

/** The demo client starts a chat through the API: it waits in the doctors' queue. */
async function clientStartsChat(text: string): Promise<string> {
  const base = browser.baseURL();
  const signIn = await apiRequest(base, "/api/auth/sign-in", {
    method: "POST",
    body: { phone: DEMO_PHONE, password: DEMO_CLIENT_PASSWORD },
  });
  const client = sessionCookie(signIn, "rms_session");
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
  const res = await fetch(`${base}/api/chat/conversations`, {
    method: "POST",
    headers: { origin: base, cookie: client },
    body: form,
  });
  if (res.status !== 201) throw new Error(`the chat was not started: ${res.status}`);
  return ((await res.json()) as { id: string }).id;
}

describe("«Медкарта пациента» in the console", () => {
  it("a doctor opens the chat patient's card with a reason, adds an allergy and a PDF at 1280 px, and the client sees each of it in «Кто смотрел мои данные» at 360 px", async () => {
    const n = randomInt(1e6);
    const chatId = await clientStartsChat(`Можно ли мне ибупрофен? ${n}`);
    const reason = `Проверить аллергии перед назначением ${n}`;
    const allergy = `Ацетилсалициловая кислота ${n}`;
    const title = `Заключение аллерголога ${n}`;

    const { page, consoleErrors } = await browser.open("/staff/sign-in", viewports.desktop);
    await page.getByLabel("E-mail").fill("doctor@rms.local");
    await page.getByLabel("Пароль", { exact: true }).fill(DEMO_STAFF_PASSWORD);
    await page.getByRole("button", { name: "Войти" }).click();
    await expectVisible(page.getByRole("button", { name: "Выйти" }));
    await page.goto(`/staff/chats/${chatId}`);

    await page.getByRole("button", { name: "Медкарта пациента" }).click();
    const asking = page.getByRole("dialog", { name: "Причина доступа" });
    await expectVisible(asking);
    await asking.getByRole("textbox", { name: /^Причина доступа/ }).fill(reason);
    await expectSound(page);
    await asking.getByRole("button", { name: "Открыть медкарту" }).click();

    const card = page.getByRole("dialog", { name: "Медкарта пациента" });
    await expectVisible(card.getByRole("tab", { name: "Сводка" }));
    await card.getByRole("button", { name: "Добавить запись" }).click();
    await card.getByRole("combobox", { name: "Раздел" }).selectOption("allergy");
    await card.getByRole("textbox", { name: /^Запись/ }).fill(allergy);
    await card.getByRole("textbox", { name: /^Примечание/ }).fill("Бронхоспазм");
    await card.getByRole("button", { name: "Сохранить запись" }).click();
    await expectVisible(card.getByText(`Запись «${allergy}» добавлена в сводку.`));
    const allergies = card.getByRole("region", { name: "Аллергии" });
    await expectVisible(allergies.getByText(allergy));
    await expectVisible(allergies.getByText(/^Врач: /).first());
    await expectSound(page);
    await page.screenshot({ path: "/tmp/staff-medcard-1-summary-1280.png", fullPage: true });

    await card.getByRole("tab", { name: "Документы" }).click();
    await card.getByRole("button", { name: "Добавить документ" }).click();
    await card.getByRole("combobox", { name: "Тип документа" }).selectOption("conclusion");
    await card.getByRole("textbox", { name: /^Название/ }).fill(title);
    await card.getByRole("textbox", { name: /^Дата документа/ }).fill("01.12.2026");
    const file = join(mkdtempSync(join(tmpdir(), "rms-staff-medcard-")), "заключение.pdf");
    writeFileSync(file, PDF);
    await card.getByLabel(/^Файл/).setInputFiles(file);
    await card.getByRole("button", { name: "Сохранить документ" }).click();
    await expectVisible(card.getByText(`Документ «${title}» добавлен в медкарту.`));
    const open = card.getByRole("link", { name: new RegExp(`^Открыть документ «${title}»`) });
    await expectVisible(open);
    const href = (await open.getAttribute("href")) ?? "";
    const fileAnswer = await page.request.get(href);
    expect(fileAnswer.status()).toBe(200);
    expect(fileAnswer.headers()["content-type"]).toBe("application/pdf");
    await expectSound(page);
    await page.screenshot({ path: "/tmp/staff-medcard-2-documents-1280.png", fullPage: true });
    expect(consoleErrors).toEqual([]);

    // The client reads every one of it in «Кто смотрел мои данные».
    const client = await browser.open("/cabinet/sign-in", viewports.phone);
    await signInDemoClient(client.page);
    await client.page.goto("/cabinet/profile");
    await client.page.getByRole("link", { name: "Кто смотрел мои данные" }).click();
    await client.page.waitForURL("**/cabinet/profile/data-reads");
    const reads = client.page.getByRole("main").getByRole("listitem");
    await expectVisible(reads.filter({ hasText: `Открыл(а) медкарту: ${reason}` }).first());
    await expectVisible(reads.filter({ hasText: "Добавил(а) запись в сводку медкарты" }).first());
    await expectVisible(reads.filter({ hasText: "Добавил(а) документ в медкарту" }).first());
    await expectVisible(reads.filter({ hasText: "Открыл(а) документ из медкарты" }).first());
    await expectVisible(reads.first().getByText(/Врач [А-ЯЁ]/));
    await expectSound(client.page);
    await client.page.screenshot({
      path: "/tmp/staff-medcard-3-data-reads-360.png",
      fullPage: true,
    });
    expect(client.consoleErrors).toEqual([]);
  }, 180_000);

  it("is not offered to an administrator in the same chat", async () => {
    const chatId = await clientStartsChat(`Вопрос по анализам ${randomInt(1e6)}`);
    const { page } = await browser.open("/staff/sign-in", viewports.desktop);
    await page.getByLabel("E-mail").fill("admin@rms.local");
    await page.getByLabel("Пароль", { exact: true }).fill(DEMO_STAFF_PASSWORD);
    await page.getByRole("button", { name: "Войти" }).click();
    await expectVisible(page.getByRole("button", { name: "Выйти" }));
    await page.goto(`/staff/chats/${chatId}`);
    await expectVisible(page.getByRole("heading", { name: "Переписка" }));
    expect(await page.getByRole("button", { name: "Медкарта пациента" }).count()).toBe(0);
  }, 60_000);
});
