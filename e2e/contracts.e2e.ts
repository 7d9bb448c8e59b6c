import { randomInt } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import { expectSound, expectVisible, setupBrowser, viewports } from "./support/browser.ts";
import { signInDemoClient } from "./support/cabinet.ts";

const browser = setupBrowser();

/** The code in the newest SMS to a phone, read from the dev outbox. */
async function smsCode(phone: string): Promise<string> {
  for (let attempt = 0; attempt < 40; attempt += 1) {
    const res = await fetch(
      `${browser.baseURL()}/api/dev/outbox?phone=${encodeURIComponent(phone)}`,
    );
    const messages = (await res.json()) as { text: string }[];
    const code = messages[0] ? /\b(\d{6})\b/.exec(messages[0].text)?.[1] : undefined;
    if (code) return code;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no SMS code for ${phone}`);
}

async function openContract(page: Page, number: string) {
  await page.goto("/cabinet/contracts");
  const link = page.getByRole("link", { name: new RegExp(number.replace("/", "\\/")) });
  await expectVisible(link);
  await link.click();
  await expectVisible(page.getByRole("heading", { level: 1, name: "Описание сертификата" }));
}

describe("«Мои договоры» in the browser", () => {
  for (const [name, viewport] of Object.entries(viewports)) {
    it(`shows the guide's example certificate 11/22445568 from «Профиль» (${name})`, async () => {
      const { page, consoleErrors } = await browser.open("/cabinet/sign-in", viewport);
      await signInDemoClient(page);
      await page.getByRole("link", { name: "Профиль" }).first().click();
      await page.getByRole("link", { name: "Мои договоры" }).click();
      await page.waitForURL("**/cabinet/contracts");
      await expectVisible(page.getByRole("heading", { level: 1, name: "Мои договоры" }));
      const items = page.getByRole("main").getByRole("listitem");
      await expectVisible(items.first());
      // The four of the guide and issue 4, and the daughter's certificate (decision 0031).
      expect(await items.count()).toBe(5);
      await expectVisible(page.getByText("12.01.2019 - 11.01.2020"));
      await expectSound(page);

      await page.getByRole("link", { name: /11\/22445568/ }).click();
      await page.waitForURL(/\/cabinet\/contracts\/[0-9a-f-]{36}$/);
      const main = page.getByRole("main");
      await expectVisible(main.getByRole("heading", { level: 1, name: "Описание сертификата" }));
      await expectVisible(main.getByRole("link", { name: "Мои договоры" }));
      for (const text of [
        "Номер сертификата",
        "11/22445568",
        "Срок действия",
        "12.01.2019 - 11.01.2020",
        "Программа обслуживания",
        "Позвони Врачу плюс",
        "Список обслуживаемых лиц",
        "Евгений Александрович",
        "Рената Саяровна",
        "Обращения",
        "Обращений еще не было",
      ]) {
        await expectVisible(main.getByText(text, { exact: true }));
      }
      await expectVisible(main.getByRole("link", { name: "Печать" }));
      await expectVisible(main.getByRole("link", { name: "Скачать PDF" }));
      // The certificate has ended: no changes, and the page says why.
      expect(await main.getByRole("link", { name: /Изменить|Добавить/ }).count()).toBe(0);
      await expectVisible(main.getByText(/только до даты начала действия \(12\.01\.2019\)/));
      await expectSound(page);

      await main.getByRole("link", { name: "Порядок получения медицинского обслуживания" }).click();
      await expectVisible(
        page.getByRole("heading", {
          level: 1,
          name: "Порядок получения медицинского обслуживания",
        }),
      );
      await expectVisible(page.getByText("Программа обслуживания: Позвони Врачу плюс"));
      await expectSound(page);
      expect(consoleErrors).toEqual([]);
    });
  }

  it("adds «Пациент 2» to the certificate that starts next month", async () => {
    const { page, consoleErrors } = await browser.open("/cabinet/sign-in", viewports.phone);
    await signInDemoClient(page);
    await openContract(page, "11/30245190");
    await page.getByRole("link", { name: "Добавить: Пациент 2" }).click();
    await expectVisible(page.getByRole("heading", { level: 1, name: "Добавить «Пациента 2»" }));

    await page.getByLabel("Фамилия").fill("Иванова");
    await page.getByLabel("Имя", { exact: true }).fill("Мария");
    await page.getByLabel("Отчество").fill("Петровна");
    await page.getByLabel("Дата рождения").fill("31.02.2015");
    await page.getByLabel("Телефон (необязательно)").fill("9161234567");
    await page.getByRole("button", { name: "Добавить" }).click();
    // A bad date stays on its field; what was typed stays too.
    await expectVisible(page.getByText("Введите дату в формате дд.мм.гггг"));
    expect(await page.getByLabel("Фамилия").inputValue()).toBe("Иванова");
    await expectSound(page);

    await page.getByLabel("Дата рождения").fill("15.06.2015");
    await page.getByRole("button", { name: "Добавить" }).click();
    await page.waitForURL(/\/cabinet\/contracts\/[0-9a-f-]{36}$/);
    await expectVisible(page.getByText("«Пациент 2» добавлен."));
    await expectVisible(page.getByText("Мария Петровна", { exact: true }));
    expect(await page.getByRole("link", { name: "Добавить: Пациент 2" }).count()).toBe(0);
    await expectVisible(page.getByRole("link", { name: "Изменить: Пациент 1" }));
    expect(consoleErrors).toEqual([]);
  });

  it("sends a request to replace «Пациент 1» and shows it as pending", async () => {
    const { page, consoleErrors } = await browser.open("/cabinet/sign-in", viewports.phone);
    await signInDemoClient(page);
    await openContract(page, "11/30245190");
    await page.getByRole("link", { name: "Изменить: Пациент 1" }).click();
    await expectVisible(page.getByRole("heading", { level: 1, name: "Заменить «Пациента 1»" }));
    await page.getByLabel("Фамилия").fill("Петров");
    await page.getByLabel("Имя", { exact: true }).fill("Олег");
    await page.getByRole("checkbox", { name: "Нет отчества" }).check();
    await page.getByLabel("Дата рождения").fill("03.03.1970");
    await page.getByLabel("E-mail (необязательно)").fill("oleg@example.ru");
    await page.getByRole("button", { name: "Отправить заявку" }).click();
    await expectVisible(page.getByText("Укажите причину замены"));
    await page.getByLabel("Причина замены").fill("Сертификат куплен в подарок");
    await expectSound(page);
    await page.getByRole("button", { name: "Отправить заявку" }).click();
    await page.waitForURL(/\/cabinet\/contracts\/[0-9a-f-]{36}$/);
    await expectVisible(page.getByText(/Заявка на замену «Пациента 1» отправлена/));
    await expectVisible(page.getByText("На рассмотрении"));
    await expectVisible(page.getByText("Новый пациент: Петров Олег"));
    expect(await page.getByRole("link", { name: "Изменить: Пациент 1" }).count()).toBe(0);
    await expectSound(page);
    expect(consoleErrors).toEqual([]);
  });

  it("opens the print page and downloads the PDF that holds the number", async () => {
    const { page, consoleErrors } = await browser.open("/cabinet/sign-in", viewports.desktop);
    await signInDemoClient(page);
    await openContract(page, "11/22445568");
    await page.getByRole("link", { name: "Печать" }).click();
    await page.waitForURL(/\/print$/);
    const sheet = page.getByRole("article");
    await expectVisible(sheet.getByRole("heading", { name: "Сертификат № 11/22445568" }));
    await expectVisible(sheet.getByText("Позвони Врачу плюс"));
    await expectVisible(sheet.getByText(/Соколов Евгений Александрович/));
    await expectVisible(sheet.getByText("8 (800) 770-70-94"));
    await expectVisible(sheet.getByRole("img", { name: "QR-код для проверки действия" }));
    await expectVisible(page.getByRole("button", { name: "Печать" }));
    await expectSound(page);

    // In print only the sheet shows: the header and the buttons are hidden.
    await page.emulateMedia({ media: "print" });
    const hidden = await page.evaluate(() => ({
      header: getComputedStyle(document.querySelector("header") as Element).visibility,
      button: getComputedStyle(document.querySelector("main button") as Element).visibility,
      sheet: getComputedStyle(document.querySelector("article") as Element).visibility,
    }));
    expect(hidden).toEqual({ header: "hidden", button: "hidden", sheet: "visible" });
    await page.emulateMedia({ media: "screen" });

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Скачать PDF" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("certificate-11-22445568.pdf");
    const path = await download.path();
    const pdf = await getDocumentProxy(new Uint8Array(await readFile(path)));
    const { text } = await extractText(pdf, { mergePages: true });
    expect(text).toContain("11/22445568");
    expect(text).toContain("Позвони Врачу плюс");
    expect(consoleErrors).toEqual([]);
  });

  it("shows the appeals of the active certificate and the DMS policy's insurer", async () => {
    const { page, consoleErrors } = await browser.open("/cabinet/sign-in", viewports.phone);
    await signInDemoClient(page);
    await openContract(page, "11/30117742");
    const main = page.getByRole("main");
    await expectVisible(main.getByRole("heading", { name: "Обращения" }));
    // The three seeded appeals; specs of the console may have added more to this certificate.
    for (const outcome of [
      "ОРВИ, даны рекомендации по лечению, контроль через 3 дня.",
      "Аллергическая реакция на укус насекомого, назначен антигистаминный препарат.",
      "Общий анализ крови в норме, повторное обследование не требуется.",
    ]) {
      await expectVisible(main.getByText(outcome));
    }
    await expectVisible(main.getByText("Врач: Кузнецов Андрей Викторович").first());
    // A one-person program has no «Пациент 2»; the certificate has started: no change links.
    expect(await main.getByText("Пациент 2").count()).toBe(0);
    await expectSound(page);

    await page.goto("/cabinet/contracts");
    await page.getByRole("link", { name: /001-ДМС-2026-004512/ }).click();
    await expectVisible(main.getByRole("heading", { level: 1, name: "Описание полиса ДМС" }));
    for (const text of ["Страховая компания", "АО «СОГАЗ»", "Номер полиса", "ДМС Оптимум"]) {
      await expectVisible(main.getByText(text, { exact: true }));
    }
    await expectSound(page);
    expect(consoleErrors).toEqual([]);
  });

  it("explains to an account with no contracts when a new certificate appears", async () => {
    const { page, consoleErrors } = await browser.open("/", viewports.phone);
    const phone = `+79${String(randomInt(100_000_000, 999_999_999))}`;
    const headers = { origin: browser.baseURL() };
    await page.request.post("/api/auth/registration/code", { data: { phone }, headers });
    const verified = await page.request.post("/api/auth/registration/verify", {
      data: { phone, code: await smsCode(phone) },
      headers,
    });
    const { ticket } = (await verified.json()) as { ticket: string };
    const documents = (await (await page.request.get("/api/legal/documents")).json()) as {
      documents: { slug: string; version: number }[];
    };
    const registered = await page.request.post("/api/auth/registration", {
      headers,
      data: {
        ticket,
        lastName: "Новенькая",
        firstName: "Ольга",
        patronymic: "Игоревна",
        birthDate: "05.05.1995",
        email: "olga@example.ru",
        password: "Новый-клиент-2026",
        acceptedDocuments: documents.documents.map(({ slug, version }) => ({ slug, version })),
      },
    });
    expect(registered.status()).toBe(201);

    await page.goto("/cabinet/contracts");
    await expectVisible(page.getByRole("heading", { name: "Договоров пока нет" }));
    await expectVisible(page.getByText(/в течение 2 рабочих дней с момента покупки/));
    await expectVisible(page.getByText(/появится здесь не позднее \d{2}\.\d{2}\.\d{4}/));
    await expectSound(page);
    expect(consoleErrors).toEqual([]);
  });

  it("answers on the public verification page without signing in", async () => {
    const { page, consoleErrors } = await browser.open(
      "/verify?number=11%2F30117742",
      viewports.phone,
    );
    await expectVisible(page.getByRole("heading", { level: 1, name: "Проверка сертификата" }));
    expect(await page.getByLabel("Номер сертификата").inputValue()).toBe("11/30117742");
    await page.getByLabel("Дата рождения пациента").fill("12.04.1985");
    await page.getByRole("button", { name: "Проверить" }).click();
    await expectVisible(page.getByText("Сертификат действует сегодня"));
    await expectVisible(page.getByText("Программа обслуживания: Позвони Врачу"));
    expect(await page.getByText(/Иванов/).count()).toBe(0);
    await expectSound(page);

    await page.getByLabel("Дата рождения пациента").fill("13.04.1985");
    await page.getByRole("button", { name: "Проверить" }).click();
    await expectVisible(page.getByText("Сертификат не действует сегодня"));
    await expectSound(page);

    await page.setViewportSize(viewports.desktop);
    await expectSound(page);
    expect(consoleErrors).toEqual([]);
  });
});
