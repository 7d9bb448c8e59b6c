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
const DAY = 86_400_000;

function csv(rows: string[]): { name: string; mimeType: string; buffer: Buffer } {
  return {
    name: "файл.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(`\uFEFF${rows.join("\r\n")}\r\n`, "utf8"),
  };
}

/** A time on the hour `days` days from now, beyond the client's 14 days of booking. */
function daysAhead(days: number, hour: number): Date {
  const date = new Date(Date.now() + days * DAY);
  date.setUTCHours(hour, 0, 0, 0);
  return date;
}

describe("a clinic's price list, doctors and integration token in the staff console", () => {
  it("an admin loads a price list and doctors with a preview, then issues a clinic token whose slots the clinic API takes", async () => {
    const { page, consoleErrors } = await browser.open("/staff", viewports.desktop);
    await page.waitForURL("**/staff/sign-in");
    await page.getByLabel("E-mail").fill("admin@rms.local");
    await page.getByLabel("Пароль", { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Войти" }).click();
    await page.waitForURL((url) => !url.pathname.endsWith("/sign-in"));

    await page.getByRole("link", { name: "Клиники", exact: true }).click();
    await page.getByRole("link", { name: "Загрузить прайс-лист или врачей" }).click();
    await page.waitForURL("**/staff/clinics/import");
    await expectVisible(
      page.getByRole("heading", { level: 1, name: "Загрузка прайс-листа или врачей" }),
    );
    // The last demo clinic: the other specs book at the first ones.
    const clinic = page.getByLabel("Клиника", { exact: true });
    // Chosen by its id: the option's text and its label can differ in whitespace, and a label
    // read while the list re-renders once failed to match for 30 s in CI.
    const last = clinic.locator("option").last();
    const clinicValue = (await last.getAttribute("value")) ?? "";
    const clinicLabel = ((await last.textContent()) ?? "").trim();
    expect(clinicValue).not.toBe("");
    await clinic.selectOption(clinicValue);

    const code = `E2E-${randomInt(1e6)}`;
    await page
      .getByLabel("Файл CSV или XLSX")
      .setInputFiles(
        csv(["Код;Наименование;Специальность;Цена, ₽", `${code};Проверочная услуга;терапевт;1000`]),
      );
    await page.getByRole("button", { name: "Проверить файл" }).click();
    await expectVisible(page.getByRole("heading", { name: "Проверка файла «файл.csv»" }));
    await page.getByRole("button", { name: "Загрузить", exact: true }).click();
    await expectVisible(page.getByText("Добавлено: 1, изменено: 0."));

    // The same code at a new price, and a row with an unknown specialty.
    await page.getByRole("button", { name: "Загрузить ещё файл" }).click();
    await page.getByLabel("Клиника", { exact: true }).selectOption(clinicValue);
    await page
      .getByLabel("Файл CSV или XLSX")
      .setInputFiles(
        csv([
          "Код;Наименование;Специальность;Цена, ₽",
          `${code};Проверочная услуга;терапевт;1 500,50`,
          `${code}-2;Массаж;массажист;900`,
        ]),
      );
    await page.getByRole("button", { name: "Проверить файл" }).click();
    const rows = page.getByRole("table", { name: "Строки файла" });
    await expectVisible(rows.getByText("Цена, ₽: 1 000,00 ₽ → 1 500,50 ₽"));
    await expectVisible(rows.getByText(/^Специальность: Неизвестная специальность «массажист»/));
    await expectNoHorizontalScroll(page);
    await expectNoSeriousA11yViolations(page);
    await page.getByRole("button", { name: "Загрузить", exact: true }).click();
    await expectVisible(page.getByText("Добавлено: 0, изменено: 1."));

    // A doctor with the clinic's own code, for the integration API.
    const doctorCode = `E2E-DOC-${randomInt(1e6)}`;
    await page.getByRole("button", { name: "Загрузить ещё файл" }).click();
    await page.getByLabel("Клиника", { exact: true }).selectOption(clinicValue);
    await page.getByRole("radio", { name: "Врачи" }).check();
    await page
      .getByLabel("Файл CSV или XLSX")
      .setInputFiles(
        csv([
          "Фамилия;Имя;Отчество;Специальность;Практика с (год);Код врача",
          `Проверкина;Вера;Игоревна;терапевт;2012;${doctorCode}`,
        ]),
      );
    await page.getByRole("button", { name: "Проверить файл" }).click();
    await expectVisible(page.getByRole("table", { name: "Строки файла" }).getByText("Новая"));
    await page.getByRole("button", { name: "Загрузить", exact: true }).click();
    await expectVisible(page.getByText("Добавлено: 1, изменено: 0."));

    await page.getByRole("link", { name: "Интеграция" }).click();
    await page.waitForURL("**/staff/integration");
    const name = `МИС клиники ${randomInt(1e6)}`;
    await page.getByLabel("Название токена").fill(name);
    await page.getByLabel("Клиника").selectOption(clinicValue);
    await page.getByRole("button", { name: "Выпустить токен" }).click();
    await expectVisible(page.getByRole("heading", { name: `Токен «${name}» выпущен` }));
    const token = (await page.getByTestId("issued-token").textContent()) ?? "";
    const clinicName = clinicLabel.split(" — ")[0] ?? "";
    await expectVisible(
      page
        .getByRole("row", { name: new RegExp(name) })
        .getByText(`Расписание клиники «${clinicName}»`),
    );

    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${browser.baseURL()}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      });
    const from = daysAhead(20, 6);
    const slots = [0, 1].map((index) => ({
      externalId: `${doctorCode}-${index}`,
      startsAt: new Date(from.getTime() + index * 30 * 60_000).toISOString(),
      endsAt: new Date(from.getTime() + (index + 1) * 30 * 60_000).toISOString(),
    }));
    const put = await api("/api/integration/clinic/slots", {
      method: "PUT",
      body: JSON.stringify({
        doctorExternalId: doctorCode,
        from: from.toISOString(),
        to: new Date(from.getTime() + DAY).toISOString(),
        slots,
      }),
    });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ inserted: 2, deleted: 0, kept: [] });
    const contracts = await api("/api/integration/contracts", {
      method: "POST",
      body: JSON.stringify({ contracts: [] }),
    });
    expect(contracts.status).toBe(403);
    expect(consoleErrors).toEqual([]);
  });
});
