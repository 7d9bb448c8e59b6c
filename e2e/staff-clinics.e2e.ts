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
const DEMO_PASSWORD = "rms-demo-2026";

describe("«Клиники» in the staff console", () => {
  it("an admin adds a clinic and a doctor, sets the doctor's week and sees the times it made", async () => {
    const { page, consoleErrors } = await browser.open("/staff", viewports.desktop);
    await page.waitForURL("**/staff/sign-in");
    await page.getByLabel("E-mail").fill("admin@rms.local");
    await page.getByLabel("Пароль", { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Войти" }).click();
    await page.waitForURL((url) => !url.pathname.endsWith("/sign-in"));

    await page.getByRole("link", { name: "Клиники", exact: true }).click();
    await page.waitForURL("**/staff/clinics");
    await expectVisible(page.getByRole("heading", { level: 1, name: "Клиники" }));
    await page.getByLabel("Поиск по названию или метро").fill("Таганк");
    await expectVisible(page.getByRole("link", { name: "Клиника «Медис» на Таганке" }));
    await expectNoSeriousA11yViolations(page);

    await page.getByRole("link", { name: "Добавить клинику" }).click();
    await page.waitForURL("**/staff/clinics/new");
    const name = `Клиника «Проверка» ${randomInt(1e6)}`;
    await page.getByLabel("Название").fill(name);
    await page.getByLabel("Адрес").fill("Москва, ул. Проверочная, 7");
    await page.getByLabel("Метро").fill("Проверочная");
    await page.getByLabel("Район").fill("Тверской");
    await page.getByLabel("Телефоны").fill("+7 (495) 765-43-21");
    await page.getByLabel("Часы работы").fill("Пн–Пт 9:00–18:00");
    await page.getByLabel("Скидка компании на платные услуги, %").fill("12,5");
    await expectNoSeriousA11yViolations(page);
    await page.getByRole("button", { name: "Добавить клинику" }).click();

    await expectVisible(page.getByRole("heading", { level: 1, name }));
    await expectVisible(page.getByText("Скидка компании: 12,5 %", { exact: false }));
    await expectVisible(page.getByRole("link", { name: "+7 495 765-43-21" }));

    await page.getByRole("button", { name: "Добавить врача" }).click();
    const doctorDialog = page.getByRole("dialog", { name: "Новый врач" });
    await doctorDialog.getByLabel("Фамилия").fill("Проверкина");
    await doctorDialog.getByLabel("Имя").fill("Анна");
    await doctorDialog.getByLabel("Отчество").fill("Петровна");
    await doctorDialog.getByLabel("Специальность").selectOption({ label: "терапевт" });
    await doctorDialog.getByLabel("Практикует с (год)").fill("2012");
    await doctorDialog.getByRole("button", { name: "Сохранить врача" }).click();
    await expectVisible(page.getByText("Проверкина Анна Петровна", { exact: true }));
    await expectVisible(page.getByText("Расписание не задано"));

    await page.getByRole("link", { name: "Расписание — Проверкина Анна Петровна" }).click();
    await expectVisible(
      page.getByRole("heading", { level: 1, name: "Расписание: Проверкина Анна Петровна" }),
    );
    await expectVisible(page.getByText("Время для записи на 30 дней: 0, из них занято: 0"));
    const template = page.getByRole("form", { name: "Недельный шаблон врача" });
    // Monday to Friday, 09:00–18:00 each (a new shift takes the next weekday and the last hours).
    for (let day = 0; day < 5; day += 1) {
      await template.getByRole("button", { name: "Добавить смену" }).click();
    }
    const friday = template.getByRole("group", { name: "Смена 5" });
    await expect(friday.getByLabel("День недели").inputValue()).resolves.toBe("5");
    await template
      .getByRole("group", { name: "Смена 1" })
      .getByRole("button", { name: "Добавить перерыв" })
      .click();
    await expectNoSeriousA11yViolations(page);
    await template.getByRole("button", { name: "Сохранить шаблон" }).click();

    const saved = page.getByText(/^Сохранено\. Время для записи на 30 дней: (\d+)/);
    await expectVisible(saved);
    const added = Number(/: (\d+)/.exec((await saved.textContent()) ?? "")?.[1]);
    // About 21 weekdays in 30 days, 18 half-hours a day (16 on Mondays, with the break).
    expect(added).toBeGreaterThan(300);
    expect(added).toBeLessThanOrEqual(23 * 18);
    await expectVisible(page.getByText(`Время для записи на 30 дней: ${added}, из них занято: 0`));
    await expectNoHorizontalScroll(page);

    await page.getByRole("link", { name: `К клинике «${name}»` }).click();
    await expectVisible(page.getByRole("heading", { level: 1, name }));
    // The card refetches on return: the doctor's «no schedule» badge goes.
    await page.getByText("Расписание не задано").waitFor({ state: "detached", timeout: 10_000 });
    expect(consoleErrors).toEqual([]);
  });
});
