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

async function signInAdmin() {
  const opened = await browser.open("/staff", viewports.desktop);
  const { page } = opened;
  await page.waitForURL("**/staff/sign-in");
  await page.getByLabel("E-mail").fill("admin@rms.local");
  await page.getByLabel("Пароль", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Войти" }).click();
  await page.waitForURL((url) => !url.pathname.endsWith("/sign-in"));
  return opened;
}

describe("«Клиники» in the staff console", () => {
  it("an admin adds a clinic and a doctor, sets the doctor's week and sees the times it made", async () => {
    const { page, consoleErrors } = await signInAdmin();

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

    await page.getByRole("link", { name: `К карточке: ${name}` }).click();
    await expectVisible(page.getByRole("heading", { level: 1, name }));
    // The card refetches on return: the doctor's «no schedule» badge goes.
    await page.getByText("Расписание не задано").waitFor({ state: "detached", timeout: 10_000 });
    expect(consoleErrors).toEqual([]);
  });

  it("an admin prices a service in roubles and puts it in a program's network; the same entry again is refused in Russian", async () => {
    const { page, consoleErrors } = await signInAdmin();
    await page.getByRole("link", { name: "Клиники", exact: true }).click();
    await page.waitForURL("**/staff/clinics");
    await page.getByLabel("Поиск по названию или метро").fill("Таганк");
    await page.getByRole("link", { name: "Клиника «Медис» на Таганке" }).click();
    await expectVisible(
      page.getByRole("heading", { level: 1, name: "Клиника «Медис» на Таганке" }),
    );

    const code = `E2E.${randomInt(1e6)}`;
    await page.getByRole("button", { name: "Добавить услугу" }).click();
    const dialog = page.getByRole("dialog", { name: "Новая услуга" });
    await dialog.getByLabel("Код").fill(code);
    await dialog.getByLabel("Специальность").selectOption({ label: "терапевт" });
    await dialog.getByLabel("Название").fill("Повторный приём терапевта");
    await dialog.getByLabel("Цена клиники, ₽").fill("2500,5");
    await expectNoSeriousA11yViolations(page);
    await dialog.getByRole("button", { name: "Сохранить услугу" }).click();
    await expectVisible(page.getByText(`${code} · терапевт · 2500,50 ₽`));

    // «Программы» leads to a program's network with the program chosen.
    await page.getByRole("link", { name: "Программы", exact: true }).click();
    await page.getByRole("link", { name: "Сеть клиник — Позвони Врачу", exact: true }).click();
    await expectVisible(page.getByRole("heading", { level: 1, name: "Сети программ" }));
    const chosen = page.getByLabel("Программа");
    expect(await chosen.locator("option:checked").textContent()).toBe("Позвони Врачу");
    await expectVisible(page.getByRole("columnheader", { name: "Клиника" }));

    const add = async () => {
      await page.getByRole("button", { name: "Добавить в сеть" }).click();
      const entry = page.getByRole("dialog", { name: "Новая запись сети" });
      const clinic = entry.getByLabel("Клиника");
      const medis = await clinic
        .locator("option", { hasText: "Клиника «Медис» на Таганке" })
        .getAttribute("value");
      await clinic.selectOption(medis ?? "");
      await entry.getByLabel("Специальность").selectOption({ label: "терапевт" });
      await entry
        .getByLabel("Услуга")
        .selectOption({ label: `${code} · Повторный приём терапевта` });
      await entry.getByLabel("Нужно гарантийное письмо").check();
      await entry.getByLabel("Лимит визитов").fill("3");
      await entry.getByLabel("Период лимита").selectOption({ label: "квартал" });
      await entry.getByRole("button", { name: "Сохранить" }).click();
      return entry;
    };
    await add();
    const row = page.getByRole("row", { name: /Повторный приём терапевта/ });
    await expectVisible(row);
    await expectVisible(row.getByText("3 за квартал"));
    const again = await add();
    await expectVisible(
      again.getByText(
        "Для этой программы уже есть запись сети с той же клиникой, специальностью и услугой: измените её.",
      ),
    );
    await expect(again.getByLabel("Клиника").getAttribute("aria-invalid")).resolves.toBe("true");
    await expectNoSeriousA11yViolations(page);
    await again.getByRole("button", { name: "Отмена", exact: true }).click();
    await row.getByRole("button", { name: /^Убрать/ }).click();
    await row.waitFor({ state: "detached" });
    await expectNoHorizontalScroll(page);
    // The browser logs the refused request itself; that 409 is the one this test asked for.
    expect(consoleErrors).toEqual([
      "Failed to load resource: the server responded with a status of 409 (Conflict)",
    ]);
  });
});
