import { randomInt } from "node:crypto";
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { apiRequest, sessionCookie } from "./support/api.ts";
import { expectSound, expectVisible, setupBrowser, viewports } from "./support/browser.ts";
import { signInDemoClient } from "./support/cabinet.ts";
import { DEMO_STAFF_PASSWORD } from "./support/staff.ts";

const browser = setupBrowser();
const PDF = Buffer.concat([
  Buffer.from("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "latin1"),
  Buffer.alloc(4096, 0x20),
  Buffer.from("\n%%EOF\n", "latin1"),
]);

// A 24×24 PNG (a blue square), small enough to keep here.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAABgAAAAYCAIAAABvFaqvAAAAH0lEQVR4nGOQSzlBFcQwatCoQaMGjRo0atCoQQNvEADbHeafR8J1TwAAAABJRU5ErkJggg==",
  "base64",
);

/** «Медкарта» from the bottom navigation; the consent to health data is given if it is asked. */
async function openMedcard(page: Page): Promise<void> {
  await page.getByRole("navigation").getByRole("link", { name: "Медкарта" }).click();
  await page.waitForURL("**/cabinet/medcard");
  const main = page.getByRole("main");
  const consent = main.getByRole("button", { name: "Дать согласие" });
  const card = main.getByRole("tab", { name: "Сводка" });
  await expectVisible(consent.or(card));
  if (await consent.isVisible()) {
    const document = main.getByRole("link", {
      name: /^Согласие на обработку сведений о состоянии здоровья/,
    });
    await expectVisible(document);
    expect((await page.request.get((await document.getAttribute("href")) ?? "")).status()).toBe(
      200,
    );
    await expectSound(page);
    await page.screenshot({ path: "/tmp/medcard-0-consent-360.png", fullPage: true });
    await consent.click();
  }
  await expectVisible(card);
}

/** The demo doctor's console session, signed in through the staff API. */
async function signInDemoDoctor(base: string): Promise<string> {
  const res = await apiRequest(base, "/api/staff/auth/sign-in", {
    method: "POST",
    body: { email: "doctor@rms.local", password: DEMO_STAFF_PASSWORD },
  });
  return sessionCookie(res, "rms_staff_session");
}

describe("«Медкарта»", () => {
  it("the demo client adds an allergy and a PDF at 360 px, shows them to a doctor by a one-hour link and code, revokes it, and sees a doctor's read in «Кто смотрел мои данные»", async () => {
    const n = randomInt(1e6);
    const allergy = `Пенициллин ${n}`;
    const title = `Общий анализ крови ${n}`;
    const { page, consoleErrors } = await browser.open("/cabinet/sign-in", viewports.phone);
    await signInDemoClient(page);
    await openMedcard(page);
    const main = page.getByRole("main");
    await expectVisible(main.getByRole("heading", { level: 2, name: "Иванов Иван Иванович" }));
    await expectSound(page);
    await page.screenshot({ path: "/tmp/medcard-1-summary-360.png", fullPage: true });

    // «Сводка»: an allergy with its reaction, marked as the patient's own words.
    const allergies = main.getByRole("region", { name: "Аллергии" });
    await allergies.getByRole("button", { name: "Добавить", exact: true }).click();
    const entryDialog = page.getByRole("dialog", { name: "Новая аллергия" });
    await entryDialog.getByLabel("Аллерген").fill(allergy);
    await entryDialog.getByLabel("Реакция").fill("Крапивница, отёк губ");
    await expectSound(page);
    await page.screenshot({ path: "/tmp/medcard-2-allergy-360.png", fullPage: true });
    await entryDialog.getByRole("button", { name: "Сохранить" }).click();
    await entryDialog.waitFor({ state: "hidden" });
    const entry = allergies.getByRole("listitem").filter({ hasText: allergy });
    await expectVisible(entry.getByText("Крапивница, отёк губ"));
    await expectVisible(entry.getByText("со слов пациента"));

    // «Документы»: a PDF, with its type and date.
    await main.getByRole("tab", { name: "Документы" }).click();
    await main.getByRole("button", { name: "Добавить документ" }).click();
    const documentDialog = page.getByRole("dialog", { name: "Новый документ" });
    await documentDialog.getByLabel("Тип документа").selectOption({ label: "Результаты анализов" });
    await documentDialog.getByLabel("Название").fill(title);
    await documentDialog.getByLabel("Дата документа").fill("19.10.2026");
    const chooser = page.waitForEvent("filechooser");
    await documentDialog.getByRole("button", { name: "Выбрать файл" }).click();
    await (await chooser).setFiles({
      name: "analiz.pdf",
      mimeType: "application/pdf",
      buffer: PDF,
    });
    await expectVisible(documentDialog.getByText("analiz.pdf"));
    await expectSound(page);
    await page.screenshot({ path: "/tmp/medcard-3-document-form-360.png", fullPage: true });
    await documentDialog.getByRole("button", { name: "Добавить документ" }).click();
    await documentDialog.waitFor({ state: "hidden" });
    const documents = main.getByRole("tabpanel", { name: "Документы" });
    const document = documents.getByRole("listitem").filter({ hasText: title });
    await expectVisible(document.getByText("Результаты анализов"));
    await expectVisible(document.getByText("Дата документа: 19.10.2026"));
    await expectVisible(document.getByText("Добавлен вами"));
    const open = document.getByRole("link", { name: /^Открыть/ });
    expect(await open.getAttribute("target")).toBe("_blank");
    const fileAnswer = await page.request.get((await open.getAttribute("href")) ?? "");
    expect(fileAnswer.status()).toBe(200);
    expect(fileAnswer.headers()["content-type"]).toContain("application/pdf");
    await expectSound(page);
    await page.screenshot({ path: "/tmp/medcard-4-documents-360.png", fullPage: true });

    // «Выписка» opens the card's PDF in a new tab; «Скачать в формате FHIR» downloads the Bundle.
    const extract = main.getByRole("link", { name: /^Выписка/ });
    expect(await extract.getAttribute("target")).toBe("_blank");
    const extractAnswer = await page.request.get((await extract.getAttribute("href")) ?? "");
    expect(extractAnswer.status()).toBe(200);
    expect(extractAnswer.headers()["content-type"]).toContain("application/pdf");
    const fhir = main.getByRole("link", { name: "Скачать в формате FHIR" });
    const fhirAnswer = await page.request.get((await fhir.getAttribute("href")) ?? "");
    expect(fhirAnswer.status()).toBe(200);
    expect(fhirAnswer.headers()["content-disposition"]).toMatch(/^attachment/);
    const bundle = (await fhirAnswer.json()) as {
      resourceType: string;
      entry: { resource: { resourceType: string; code?: { text?: string } } }[];
    };
    expect(bundle.resourceType).toBe("Bundle");
    expect(
      bundle.entry.some(
        ({ resource }) =>
          resource.resourceType === "AllergyIntolerance" && resource.code?.text === allergy,
      ),
    ).toBe(true);

    // «Показать врачу» for one hour: the link and the code, shown once.
    await main.getByRole("button", { name: "Показать врачу" }).click();
    const shareDialog = page.getByRole("dialog", { name: "Показать врачу" });
    await shareDialog.getByRole("radio", { name: "1 час" }).check();
    await expectSound(page);
    await page.screenshot({ path: "/tmp/medcard-5-share-form-360.png", fullPage: true });
    await shareDialog.getByRole("button", { name: "Создать ссылку" }).click();
    const link = shareDialog.getByRole("textbox", { name: "Ссылка" });
    await expectVisible(link);
    const url = await link.inputValue();
    expect(url).toMatch(/\/medcard-share\/[^/]+$/);
    const code = (await shareDialog.getByText(/^\d{6}$/).textContent()) ?? "";
    expect(code).toMatch(/^\d{6}$/);
    await expectVisible(shareDialog.getByText(/^Действует до \d\d\.\d\d\.\d{4} в \d\d:\d\d$/));
    await expectVisible(shareDialog.getByText(/он показан один раз/));
    await expectVisible(shareDialog.getByRole("button", { name: "Скопировать ссылку" }));
    await expectSound(page);
    await page.screenshot({ path: "/tmp/medcard-6-share-created-360.png", fullPage: true });
    await shareDialog.getByRole("button", { name: "Готово" }).click();
    await shareDialog.waitFor({ state: "hidden" });
    expect(await page.getByText(code, { exact: true }).count()).toBe(0);

    // A doctor with no account opens the link in another browser and enters the code.
    const sharePath = new URL(url).pathname;
    const doctorView = await browser.open(sharePath, viewports.phone);
    const shared = doctorView.page;
    await shared.getByRole("textbox", { name: /Код доступа/ }).fill(code);
    await shared.getByRole("button", { name: "Открыть" }).click();
    const sharedDocuments = shared.getByRole("region", { name: "Документы" });
    await expectVisible(sharedDocuments.getByText(title));
    await expectVisible(shared.getByText(allergy));
    await expectSound(shared);
    await shared.screenshot({ path: "/tmp/medcard-7-shared-360.png", fullPage: true });

    // The client sees the opening and revokes the link.
    await page.reload();
    const shares = main.getByRole("region", { name: "Открытые доступы" });
    const share = shares.getByRole("listitem").first();
    await expectVisible(share.getByText(/^Открыта \d\d\.\d\d\.\d{4} в \d\d:\d\d$/).first());
    await share.getByRole("button", { name: /^Отозвать/ }).click();
    const revokeDialog = page.getByRole("dialog", { name: "Отозвать доступ?" });
    await revokeDialog.getByRole("button", { name: "Отозвать доступ" }).click();
    await expectVisible(share.getByText("Отозван", { exact: true }));
    await expectSound(page);
    await page.screenshot({ path: "/tmp/medcard-8-revoked-360.png", fullPage: true });

    // The other browser is refused from now on.
    await shared.reload();
    await expectVisible(shared.getByText("Доступ по ссылке отозван"));
    await expectSound(shared);
    await shared.screenshot({ path: "/tmp/medcard-9-shared-revoked-360.png", fullPage: true });

    // A doctor of the company opens the card from the client's chat, with a reason.
    const base = inject("baseURL");
    const chats = (await (await page.request.get("/api/chat/conversations")).json()) as {
      conversations: { id: string }[];
    };
    const chatId = chats.conversations[0]?.id ?? "";
    expect(chatId).not.toBe("");
    const doctor = await signInDemoDoctor(base);
    const reason = `Уточнить аллергии перед назначением ${n}`;
    const opened = await apiRequest(base, "/api/staff/medcard/open", {
      method: "POST",
      cookie: doctor,
      body: { chatId, reason },
    });
    expect(opened.status).toBe(200);
    const { view } = (await opened.json()) as { view: { summary: { text: string }[] } };
    expect(view.summary.map((item) => item.text)).toContain(allergy);

    // …and the client sees that read in «Кто смотрел мои данные».
    await page.goto("/cabinet/medcard");
    await main.getByRole("link", { name: "Кто смотрел мои данные" }).click();
    await page.waitForURL("**/cabinet/profile/data-reads");
    const read = main
      .getByRole("listitem")
      .filter({ hasText: `Открыл(а) медкарту: ${reason}` })
      .first();
    await expectVisible(read);
    // Who: the role and the doctor's name.
    await expectVisible(read.getByText(/Врач [А-ЯЁ]/));
    await expectSound(page);
    await page.screenshot({ path: "/tmp/medcard-10-data-reads-360.png", fullPage: true });

    expect(consoleErrors).toEqual([]);
    expect(doctorView.consoleErrors.filter((error) => !error.includes("404"))).toEqual([]);
  }, 180_000);

  it("shows the card, its tabs and «Показать врачу» at 1280 px", async () => {
    const { page, consoleErrors } = await browser.open("/cabinet/sign-in", viewports.desktop);
    await signInDemoClient(page);
    await openMedcard(page);
    const main = page.getByRole("main");
    await main.getByRole("tab", { name: "Приёмы и консультации" }).click();
    const timeline = main.getByRole("tabpanel", { name: "Приёмы и консультации" });
    await expectVisible(timeline.getByRole("listitem").first());
    await expectSound(page);
    await page.screenshot({ path: "/tmp/medcard-timeline-1280.png", fullPage: true });
    await main.getByRole("button", { name: "Показать врачу" }).click();
    const shareDialog = page.getByRole("dialog", { name: "Показать врачу" });
    await expectVisible(shareDialog);
    await expectSound(page);
    await page.screenshot({ path: "/tmp/medcard-share-1280.png", fullPage: true });
    await shareDialog.getByRole("button", { name: "Отмена" }).click();
    await shareDialog.waitFor({ state: "hidden" });

    // An image previews in the page and enlarges on a click.
    const title = `Снимок ${randomInt(1e6)}`;
    await main.getByRole("tab", { name: "Документы" }).click();
    await main.getByRole("button", { name: "Добавить документ" }).click();
    const documentDialog = page.getByRole("dialog", { name: "Новый документ" });
    await documentDialog.getByLabel("Тип документа").selectOption({ label: "Другое" });
    await documentDialog.getByLabel("Название").fill(title);
    const chooser = page.waitForEvent("filechooser");
    await documentDialog.getByRole("button", { name: "Выбрать файл" }).click();
    await (await chooser).setFiles({ name: "snimok.png", mimeType: "image/png", buffer: PNG });
    await documentDialog.getByRole("button", { name: "Добавить документ" }).click();
    await documentDialog.waitFor({ state: "hidden" });
    const thumbnail = main.getByRole("button", { name: `Увеличить: ${title}` });
    await expectVisible(thumbnail);
    await thumbnail.click();
    const enlarged = page.getByRole("dialog", { name: title });
    const image = enlarged.getByRole("img", { name: `${title} — изображение` });
    await expectVisible(image);
    await page.waitForFunction((alt) => {
      const shown = Array.from(document.images).find((img) => img.alt === alt);
      return (shown?.complete ?? false) && (shown?.naturalWidth ?? 0) > 0;
    }, `${title} — изображение`);
    await expectSound(page);
    await page.screenshot({ path: "/tmp/medcard-image-1280.png", fullPage: true });
    expect(consoleErrors).toEqual([]);
  });
});
