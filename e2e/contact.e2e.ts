import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { expectSound, expectVisible, setupBrowser, viewports } from "./support/browser.ts";

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

/** The demo doctor, signed in to the console in a desktop window of their own. */
async function openConsole() {
  const { page, consoleErrors } = await browser.open("/staff/sign-in", viewports.desktop);
  await page.getByLabel("E-mail").fill("doctor@rms.local");
  await page.getByLabel("Пароль", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Войти" }).click();
  await expectVisible(page.getByRole("button", { name: "Выйти" }));
  return { staff: page, staffErrors: consoleErrors };
}

/** The queue's item that says `text`. */
function queueItem(page: Page, text: string) {
  return page.getByRole("listitem").filter({ hasText: text });
}

async function openPolicy(page: Page) {
  await page.goto("/cabinet/contracts");
  await page.getByRole("link", { name: new RegExp(POLICY) }).click();
  await expectVisible(page.getByRole("heading", { level: 1, name: "Описание полиса ДМС" }));
}

describe("the contact centre, client and console together", () => {
  it("sends a message with a PDF that the doctor answers in the console, then reads the reply in «Переписка»", async () => {
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
    await main
      .getByLabel("Сообщение")
      .fill("Посмотрите, пожалуйста, результаты УЗИ, файл приложен.");
    // Over 25 MB in all: refused in the browser before anything is sent.
    const tooBig = page.waitForEvent("filechooser");
    await main.getByRole("button", { name: "Добавить файл" }).click();
    await (await tooBig).setFiles({
      name: "снимки.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.concat([PDF, Buffer.alloc(26 * 1024 * 1024)]),
    });
    await expectVisible(
      main.getByText("Общий размер файлов не должен превышать 25 МБ. Удалите часть файлов."),
    );
    await main.getByRole("button", { name: "Удалить файл снимки.pdf" }).click();
    expect(await main.getByText("Удалите часть файлов.", { exact: false }).count()).toBe(0);
    const chooser = page.waitForEvent("filechooser");
    await main.getByRole("button", { name: "Добавить файл" }).click();
    await (await chooser).setFiles({
      name: "УЗИ брюшной полости.pdf",
      mimeType: "application/pdf",
      buffer: PDF,
    });
    await expectVisible(main.getByRole("button", { name: "Удалить файл УЗИ брюшной полости.pdf" }));
    await expectSound(page);
    await main.getByRole("button", { name: "Отправить" }).click();

    await page.waitForURL(/\/cabinet\/messages\?contract=/);
    await expectVisible(page.getByText("Сообщение отправлено. Ответ придёт на ivanov@example.ru"));
    await expectVisible(
      page.getByText("Посмотрите, пожалуйста, результаты УЗИ, файл приложен.").first(),
    );

    // The doctor finds it in the console's «Сообщения», opens the file and answers.
    const { staff, staffErrors } = await openConsole();
    await staff.getByRole("link", { name: "Сообщения", exact: true }).click();
    const message = queueItem(staff, "Посмотрите, пожалуйста, результаты УЗИ, файл приложен.");
    await expectVisible(message);
    await expectVisible(message.getByRole("link", { name: /^УЗИ брюшной полости\.pdf/ }));
    await message.getByRole("button", { name: "Ответить" }).click();
    await message
      .getByLabel("Ответ", { exact: true })
      .fill("Показатели в норме, повторять анализ не нужно.");
    await message.getByRole("button", { name: "Отправить ответ" }).click();
    await expectVisible(message.getByText("Показатели в норме, повторять анализ не нужно."));
    expect(staffErrors).toEqual([]);

    await page.goto("/cabinet");
    await expectVisible(page.getByRole("heading", { name: "Новые ответы" }));
    await page.getByRole("link", { name: "Открыть переписку" }).click();
    await expectVisible(page.getByRole("heading", { level: 1, name: "Переписка" }));
    // Other specs may leave replies of their own on the demo account: look at this thread.
    const thread = page.getByRole("button", { name: /Посмотрите, пожалуйста, результаты УЗИ/ });
    await expectVisible(thread.getByText("1 новый ответ"));
    const markedRead = page.waitForResponse(
      (res) => /\/api\/messages\/[^/]+\/read$/.test(res.url()) && res.ok(),
    );
    await thread.click();
    await expectVisible(page.getByText("Показатели в норме, повторять анализ не нужно."));
    await expectVisible(page.getByRole("link", { name: /УЗИ брюшной полости\.pdf/ }));
    // Open, the thread's button no longer carries the message's preview, so look again after a
    // reload: the reply is read on the server, not only hidden on the page.
    await expectSound(page);
    await markedRead;
    await page.reload();
    await expectVisible(thread);
    expect(await thread.getByText("1 новый ответ").count()).toBe(0);
    expect(consoleErrors).toEqual([]);
  });

  it("asks for a call-back, the doctor closes it in the console, and the appeal shows on the contract", async () => {
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
    const mine = page.getByRole("article", { name: `Заявка на звонок по договору ${POLICY}` });
    await expectVisible(mine.getByText("Новая"));

    // The doctor calls back and closes the request in the console's «Обратные звонки».
    const { staff, staffErrors } = await openConsole();
    await staff.getByRole("link", { name: "Обратные звонки", exact: true }).click();
    const request = queueItem(staff, "Болит горло, температура 38");
    await expectVisible(request);
    await request.getByRole("button", { name: "Закрыть" }).click();
    const dialog = staff.getByRole("dialog", { name: "Закрыть обратный звонок" });
    await dialog.getByLabel("Вид услуги").selectOption({ label: "Консультация врача по телефону" });
    await dialog.getByLabel("Результат").fill("ОРВИ, даны рекомендации по лечению");
    await dialog.getByRole("button", { name: "Закрыть заявку" }).click();
    await expect.poll(() => request.count()).toBe(0);
    expect(staffErrors).toEqual([]);

    await openPolicy(page);
    const appeals = page.getByRole("region", { name: "Обращения" });
    await expectVisible(appeals.getByText("ОРВИ, даны рекомендации по лечению"));
    await expectVisible(appeals.getByText("Кузнецов Андрей Викторович"));
    expect(consoleErrors).toEqual([]);
  });
});
