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

const HEADER =
  "Тип;Номер;Страховая компания;Код программы;Начало;Окончание;Пациент;Фамилия;Имя;Отчество;Дата рождения;Телефон;E-mail";

function certificateNumber(): string {
  return `11/${randomInt(10_000_000, 99_999_999)}`;
}

async function signInAdmin(viewport: { width: number; height: number }) {
  const opened = await browser.open("/staff", viewport);
  const { page } = opened;
  await page.waitForURL("**/staff/sign-in");
  await page.getByLabel("E-mail").fill("admin@rms.local");
  await page.getByLabel("Пароль", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Войти" }).click();
  await page.waitForURL((url) => !url.pathname.endsWith("/sign-in"));
  return opened;
}

describe("registry upload in the staff console", () => {
  it("an admin uploads a CSV with one bad row, sees its error, applies only the valid rows and sees the summary", async () => {
    const { page, consoleErrors } = await signInAdmin(viewports.phone);

    await page.getByRole("button", { name: "Открыть меню" }).click();
    await page.getByRole("link", { name: "Загрузка реестра" }).click();
    await page.waitForURL("**/staff/registry");
    await expectVisible(page.getByRole("heading", { level: 1, name: "Загрузка реестра" }));

    const [good, bad] = [certificateNumber(), certificateNumber()];
    const csv = [
      HEADER,
      `Сертификат;${good};;call-doctor-plus;01.03.2026;28.02.2027;1;Орлов;Олег;Олегович;05.05.1990;+7 926 700-00-01;`,
      `Сертификат;${good};;call-doctor-plus;01.03.2026;28.02.2027;2;Орлова;Ольга;;06.06.1992;;`,
      `Сертификат;${bad};;call-doctor;01.03.2026;28.02.2027;1;Белов;Борис;;31.02.1990;;`,
    ].join("\r\n");
    await page.getByLabel("Файл реестра").setInputFiles({
      name: "реестр.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(`\uFEFF${csv}`, "utf8"),
    });
    await page.getByRole("button", { name: "Проверить файл" }).click();

    await expectVisible(page.getByRole("heading", { name: "Проверка файла «реестр.csv»" }));
    await expectVisible(
      page.getByText("Строка 4, столбец «Дата рождения»: Введите дату в формате дд.мм.гггг"),
    );
    await expectNoHorizontalScroll(page);
    await expectNoSeriousA11yViolations(page);

    await page.getByRole("button", { name: "Применить только корректные строки" }).click();
    await expectVisible(page.getByRole("heading", { name: "Реестр применён" }));
    await expectVisible(
      page.getByText("Записано договоров: 1 — новых 1, обновлённых 0, без изменений 0."),
    );
    await expectVisible(page.getByText("Строк применено: 2, пропущено: 1."));
    await expectNoHorizontalScroll(page);
    expect(consoleErrors).toEqual([]);
  });
});

describe("integration tokens in the staff console", () => {
  it("an admin issues a token that the machine API accepts, then revokes it after confirming", async () => {
    const { page, consoleErrors } = await signInAdmin(viewports.desktop);
    await page.getByRole("link", { name: "Интеграция" }).click();
    await page.waitForURL("**/staff/integration");
    const name = `Учётная система ${randomInt(1e6)}`;
    await page.getByLabel("Название токена").fill(name);
    await page.getByRole("button", { name: "Выпустить токен" }).click();
    await expectVisible(page.getByRole("heading", { name: `Токен «${name}» выпущен` }));
    await expectVisible(page.getByText(/показывается только один раз/));
    const token = (await page.getByTestId("issued-token").textContent()) ?? "";
    expect(token).toMatch(/^rms_/);
    await expectNoSeriousA11yViolations(page);

    const call = (bearer: string) =>
      fetch(`${browser.baseURL()}/api/integration/contracts`, {
        method: "POST",
        headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
        body: JSON.stringify({
          contracts: [
            {
              kind: "certificate",
              number: certificateNumber(),
              programCode: "call-doctor",
              startsOn: "2026-03-01",
              endsOn: "2027-02-28",
              persons: [{ slot: 1, lastName: "Орлов", firstName: "Олег", birthDate: "1990-05-05" }],
            },
          ],
        }),
      });
    expect((await call(token)).status).toBe(200);

    await page.getByRole("button", { name: "Я сохранил токен, скрыть" }).click();
    await expect(page.getByTestId("issued-token").count()).resolves.toBe(0);
    await page.getByRole("button", { name: `Отозвать — ${name}` }).click();
    const dialog = page.getByRole("dialog", { name: "Отозвать токен?" });
    await expectVisible(dialog);
    await dialog.getByRole("button", { name: "Отозвать", exact: true }).click();
    await expectVisible(page.getByRole("row", { name: new RegExp(name) }).getByText(/^Отозван/));
    expect((await call(token)).status).toBe(401);
    expect(consoleErrors).toEqual([]);
  });
});

describe("the production calendar in the staff console", () => {
  it("an admin adds a transferred day off to a year, is stopped on a Saturday day off, and saves", async () => {
    const { page, consoleErrors } = await signInAdmin(viewports.phone);
    await page.goto("/staff/calendar");
    await expectVisible(
      page.getByRole("heading", { level: 1, name: "Производственный календарь" }),
    );
    await page.getByLabel("Год", { exact: true }).selectOption("2027");
    await expectVisible(page.getByRole("heading", { name: "Исключения 2027 года" }));

    await page.getByRole("button", { name: "Добавить день" }).click();
    const dates = page.getByLabel("Дата");
    await dates.last().fill("2027-01-02");
    await page.getByRole("button", { name: "Сохранить календарь" }).click();
    await expectVisible(page.getByText(/выходным можно сделать только будний день/));

    await dates.last().fill("2027-01-04");
    await page.getByRole("button", { name: "Сохранить календарь" }).click();
    await expectVisible(page.getByText("Календарь на 2027 год сохранён."));
    await expectNoHorizontalScroll(page);
    await expectNoSeriousA11yViolations(page);
    expect(consoleErrors).toEqual([]);
  });
});
