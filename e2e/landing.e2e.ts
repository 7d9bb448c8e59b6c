import { describe, expect, it } from "vitest";
import {
  expectNoHorizontalScroll,
  expectNoSeriousA11yViolations,
  expectVisible,
  setupBrowser,
  viewports,
} from "./support/browser.ts";

const browser = setupBrowser();

describe("the landing page", () => {
  for (const [name, viewport] of Object.entries(viewports)) {
    it(`leads from «Личный кабинет» to the sign-in page on a ${name}`, async () => {
      const { page, consoleErrors } = await browser.open("/", viewport);

      for (const heading of [
        "Обслуживание по ДМС",
        "Медосмотры",
        "Юридическим лицам",
        "Физическим лицам",
      ]) {
        await expectVisible(page.getByRole("heading", { name: heading }));
      }
      await expectVisible(page.getByText("По вопросам сотрудничества"));
      await expectVisible(page.getByText("Для застрахованных по ДМС"));
      await expectVisible(page.locator('a[href="tel:+78007707094"]').first());
      await expectVisible(page.locator('a[href="tel:+74999224909"]').first());
      await expectVisible(page.getByRole("heading", { name: "Круглосуточный врачебный пункт" }));
      await expectNoHorizontalScroll(page);
      await expectNoSeriousA11yViolations(page);

      await page.getByRole("link", { name: "Личный кабинет", exact: true }).click();
      await page.waitForURL("**/cabinet/sign-in");
      await expectVisible(page.getByRole("heading", { name: "Вход" }));
      await expectVisible(page.getByLabel("Телефон"));
      await expectVisible(page.getByLabel("Пароль", { exact: true }));
      await expectVisible(page.getByRole("checkbox", { name: "Запомнить пароль" }));
      await expectVisible(page.getByRole("button", { name: "Войти" }));
      await expectVisible(page.getByRole("link", { name: "Забыли пароль?" }));
      await expectVisible(page.getByRole("link", { name: "Регистрация" }));
      await expectVisible(page.getByText("Личный кабинет позволяет:"));
      await expectNoHorizontalScroll(page);
      await expectNoSeriousA11yViolations(page);

      expect(consoleErrors).toEqual([]);
    });
  }

  it("shows Russian field errors when «Войти» is pressed with empty fields", async () => {
    const { page, consoleErrors } = await browser.open("/cabinet/sign-in");
    await page.getByRole("button", { name: "Войти" }).click();
    await expectVisible(page.getByText("Введите номер телефона"));
    await expectVisible(page.getByText("Введите пароль"));
    // Focus moves to the first field in error.
    expect(
      await page.getByLabel("Телефон").evaluate((input) => input === document.activeElement),
    ).toBe(true);
    expect(consoleErrors).toEqual([]);
  });

  it("can be installed on a phone: its manifest and icons load", async () => {
    const { page, consoleErrors } = await browser.open("/");
    const href = await page.locator('link[rel="manifest"]').getAttribute("href");
    expect(href).toBe("/manifest.webmanifest");
    const manifest = (await (await fetch(new URL(href ?? "", browser.baseURL()))).json()) as {
      lang: string;
      display: string;
      icons: { src: string; sizes: string }[];
    };
    expect(manifest.lang).toBe("ru");
    expect(manifest.display).toBe("standalone");
    expect(manifest.icons.map((icon) => icon.sizes)).toEqual(
      expect.arrayContaining(["192x192", "512x512"]),
    );
    for (const icon of manifest.icons) {
      const res = await fetch(new URL(icon.src, browser.baseURL()));
      expect(res.status, icon.src).toBe(200);
      expect(res.headers.get("content-type"), icon.src).toMatch(/^image\//);
    }
    expect(consoleErrors).toEqual([]);
  });
});

describe("the signed-in shell and the staff console", () => {
  it("sends a signed-out visitor of the cabinet to the sign-in page", async () => {
    const { page, consoleErrors } = await browser.open("/cabinet/profile", viewports.phone);
    await page.waitForURL("**/cabinet/sign-in");
    await expectVisible(page.getByRole("heading", { name: "Вход" }));
    expect(consoleErrors).toEqual([]);
  });

  it("offers the bottom navigation and the contact centre phone on a phone", async () => {
    const { page, consoleErrors } = await browser.open("/cabinet/sign-in", viewports.phone);
    await page.getByLabel("Телефон").fill("+7 926 111-11-11");
    await page.getByLabel("Пароль", { exact: true }).fill("rms-demo-2026");
    await page.getByRole("button", { name: "Войти" }).click();
    await page.waitForURL(/\/cabinet$/);
    const nav = page
      .getByRole("navigation")
      .filter({ has: page.getByRole("link", { name: "Медкарта" }) });
    for (const item of ["Главная", "Медкарта", "Чат с врачом", "Профиль"]) {
      await expectVisible(nav.getByRole("link", { name: item }));
    }
    await expectVisible(page.locator('a[href="tel:+78007707094"]').first());
    await nav.getByRole("link", { name: "Профиль" }).click();
    await page.waitForURL("**/cabinet/profile");
    await expectVisible(page.getByRole("heading", { level: 1, name: "Профиль" }));
    expect(await nav.getByRole("link", { name: "Профиль" }).getAttribute("aria-current")).toBe(
      "page",
    );
    await expectNoHorizontalScroll(page);
    await expectNoSeriousA11yViolations(page);
    expect(consoleErrors).toEqual([]);
  });

  it("opens the staff console with its side menu after an admin signs in", async () => {
    const { page, consoleErrors } = await browser.open("/staff", viewports.desktop);
    await page.waitForURL("**/staff/sign-in");
    await expectVisible(page.getByRole("heading", { level: 1, name: "Вход для сотрудников" }));
    await expectNoSeriousA11yViolations(page);
    await page.getByLabel("E-mail").fill("admin@rms.local");
    await page.getByLabel("Пароль", { exact: true }).fill("rms-demo-2026");
    await page.getByRole("button", { name: "Войти" }).click();
    for (const item of ["Обзор", "Мой профиль", "Сотрудники"]) {
      await expectVisible(page.getByRole("link", { name: item }));
    }
    await page.getByRole("link", { name: "Сотрудники" }).click();
    await expectVisible(page.getByRole("cell", { name: "operator@rms.local" }));
    await expectNoSeriousA11yViolations(page);
    expect(consoleErrors).toEqual([]);
  });

  it("shows its own page for an unknown address", async () => {
    const { page } = await browser.open("/no-such-page");
    await expectVisible(page.getByRole("heading", { level: 1 }));
    await expectVisible(page.getByRole("link", { name: "На главную", exact: true }));
  });
});
