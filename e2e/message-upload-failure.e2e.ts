import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { expectSound, expectVisible, setupBrowser, viewports } from "./support/browser.ts";

const browser = setupBrowser();
const DEMO_PASSWORD = "rms-demo-2026";
// The DMS policy, as in contact.e2e.ts: a message takes no slot another spec counts on.
const POLICY = "001-ДМС-2026-004512";
const PDF = Buffer.concat([
  Buffer.from("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "latin1"),
  Buffer.alloc(64 * 1024, 0x20),
]);
const UPLOAD = "**/api/contracts/*/messages";
const CONNECTION_LOST =
  "Не удалось отправить сообщение: связь прервалась. Проверьте подключение к интернету и нажмите «Отправить» ещё раз — текст и файлы остались на месте.";

async function openMessageForm(viewport: { width: number; height: number }) {
  const opened = await browser.open("/cabinet/sign-in", viewport);
  const { page } = opened;
  await page.getByLabel("Телефон").fill("+7 926 111-11-11");
  await page.getByLabel("Пароль", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Войти" }).click();
  await page.waitForURL(/\/cabinet$/);
  await page.goto("/cabinet/contracts");
  await page.getByRole("link", { name: new RegExp(POLICY) }).click();
  await page.getByRole("link", { name: "Отправить сообщение" }).click();
  await expectVisible(page.getByRole("heading", { level: 1, name: "Отправить сообщение" }));
  return opened;
}

async function fillForm(page: Page, text: string, fileNames: string[]) {
  const main = page.getByRole("main");
  await main.getByRole("textbox", { name: "Сообщение" }).fill(text);
  const chooser = page.waitForEvent("filechooser");
  await main.getByRole("button", { name: "Добавить файл" }).click();
  await (await chooser).setFiles(
    fileNames.map((name) => ({ name, mimeType: "application/pdf", buffer: PDF })),
  );
  for (const name of fileNames) {
    await expectVisible(main.getByRole("button", { name: `Удалить файл ${name}` }));
  }
}

/** The failure is where the client looks, not scrolled away above the form. */
async function expectOnScreen(page: Page, locator: Locator) {
  const box = await locator.boundingBox();
  const height = page.viewportSize()?.height ?? 0;
  expect(box).not.toBeNull();
  expect(box && box.y >= 0 && box.y + Math.min(box.height, 40) <= height).toBe(true);
}

async function expectFormKept(page: Page, text: string, fileNames: string[]) {
  const main = page.getByRole("main");
  expect(await main.getByRole("textbox", { name: "Сообщение" }).inputValue()).toBe(text);
  for (const name of fileNames) {
    await expectVisible(main.getByRole("button", { name: `Удалить файл ${name}` }));
  }
  // The button is back: the client can send again.
  expect(await main.getByRole("button", { name: "Отправить" }).isEnabled()).toBe(true);
}

// The browser reports the refused request itself; nothing else may reach the console.
const unexpected = (errors: string[]) =>
  errors.filter((error) => !/Failed to load resource|ERR_CONNECTION_RESET|502/.test(error));

describe("a message whose upload is cut off", () => {
  it.each([
    ["360 px", viewports.phone],
    ["1280 px", viewports.desktop],
  ])(
    "at %s says the connection dropped, keeps the text and files, and sends on the next try",
    async (width, viewport) => {
      const { page, consoleErrors } = await openMessageForm(viewport);
      const text = `Прошу посмотреть выписку и анализы (${width}), связь в поезде плохая.`;
      // Enough files that on a phone the form's top is scrolled away when «Отправить» is pressed.
      const files = ["выписка.pdf", "анализ крови.pdf", "УЗИ.pdf", "ЭКГ.pdf", "направление.pdf"];
      await fillForm(page, text, files);

      let refused = 0;
      await page.route(UPLOAD, async (route) => {
        refused += 1;
        await route.abort("connectionreset");
      });
      await page.getByRole("main").getByRole("button", { name: "Отправить" }).click();

      const alert = page.getByRole("alert").filter({ hasText: "связь прервалась" });
      await expectVisible(alert);
      expect(await alert.textContent()).toContain(CONNECTION_LOST);
      expect(await alert.textContent()).toContain("Сообщение не отправлено");
      expect(refused).toBe(1);
      await expectOnScreen(page, alert);
      await expectFormKept(page, text, files);
      await page.screenshot({ path: `/tmp/message-upload-failure-${viewport.width}.png` });
      await expectSound(page);

      await page.unroute(UPLOAD);
      await page.getByRole("main").getByRole("button", { name: "Отправить" }).click();
      await page.waitForURL(/\/cabinet\/messages\?contract=/);
      await expectVisible(
        page.getByText("Сообщение отправлено. Ответ придёт на ivanov@example.ru"),
      );
      await expectVisible(page.getByText(text).first());
      expect(unexpected(consoleErrors)).toEqual([]);
    },
  );

  it("says so too when the server stops answering mid-upload, or a proxy answers 502", async () => {
    const { page, consoleErrors } = await openMessageForm(viewports.phone);
    await page.clock.install();
    const text = "Направление на МРТ во вложении.";
    await fillForm(page, text, ["направление.pdf"]);

    // A server gone without closing the connection: no byte comes back.
    await page.route(UPLOAD, () => {});
    await page.getByRole("main").getByRole("button", { name: "Отправить" }).click();
    await expectVisible(page.getByText("Отправка:", { exact: false }));
    await page.clock.fastForward(61_000);
    const alert = page.getByRole("alert").filter({ hasText: "связь прервалась" });
    await expectVisible(alert);
    await expectFormKept(page, text, ["направление.pdf"]);

    await page.unroute(UPLOAD);
    await page.route(UPLOAD, (route) =>
      route.fulfill({ status: 502, contentType: "text/html", body: "<h1>502 Bad Gateway</h1>" }),
    );
    await page.getByRole("main").getByRole("button", { name: "Отправить" }).click();
    await expectVisible(page.getByRole("alert").filter({ hasText: "сервер не ответил" }));
    await expectFormKept(page, text, ["направление.pdf"]);

    await page.unroute(UPLOAD);
    await page.getByRole("main").getByRole("button", { name: "Отправить" }).click();
    await page.waitForURL(/\/cabinet\/messages\?contract=/);
    await expectVisible(page.getByText(text).first());
    expect(unexpected(consoleErrors)).toEqual([]);
  });
});
