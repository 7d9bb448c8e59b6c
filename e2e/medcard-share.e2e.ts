import { randomInt } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { apiRequest, sessionCookie } from "./support/api.ts";
import { expectSound, expectVisible, setupBrowser, viewports } from "./support/browser.ts";
import { DEMO_CLIENT } from "./support/cabinet.ts";

// The shared card's own page (/medcard-share/<token>) at 360 and 1280 px: the code, a wrong one,
// the card with an image previewed and a PDF to open, a documents-only link, a revoked one.
// The client's side is arranged over the API; e2e/medcard.e2e.ts walks it in the cabinet.

const browser = setupBrowser();
const PDF = Buffer.concat([
  Buffer.from("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "latin1"),
  Buffer.alloc(4096, 0x20),
  Buffer.from("\n%%EOF\n", "latin1"),
]);
const PNG = readFileSync(join(import.meta.dirname, "../web/public/icons/icon-192.png"));

async function signInClientApi(base: string): Promise<string> {
  const res = await apiRequest(base, "/api/auth/sign-in", {
    method: "POST",
    body: { phone: "+79261111111", password: DEMO_CLIENT.password },
  });
  expect(res.status).toBe(200);
  return sessionCookie(res, "rms_session");
}

async function ownCard(base: string, cookie: string): Promise<string> {
  const home = await (await apiRequest(base, "/api/medcard", { cookie })).json();
  if (home.consentRequired) {
    const consent = await apiRequest(base, "/api/medcard/consent", {
      method: "POST",
      cookie,
      body: { version: home.consentRequired.version },
    });
    expect(consent.status).toBe(204);
  }
  const cards = (await (await apiRequest(base, "/api/medcard", { cookie })).json()).cards;
  return cards[0].id;
}

async function upload(
  base: string,
  cookie: string,
  cardId: string,
  file: { title: string; name: string; type: string; bytes: Buffer; kind: string },
): Promise<string> {
  const form = new FormData();
  form.append("type", file.kind);
  form.append("title", file.title);
  form.append("documentDate", "2026-11-20");
  form.append("file", new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  const res = await fetch(`${base}/api/medcard/cards/${cardId}/documents`, {
    method: "POST",
    headers: { origin: base, cookie },
    body: form,
  });
  expect(res.status).toBe(201);
  return (await res.json()).id;
}

async function share(
  base: string,
  cookie: string,
  cardId: string,
  body: { hours: number; scope: "card" | "documents"; documentIds?: string[] },
): Promise<{ id: string; path: string; code: string }> {
  const res = await apiRequest(base, `/api/medcard/cards/${cardId}/shares`, {
    method: "POST",
    cookie,
    body,
  });
  expect(res.status).toBe(201);
  const created = await res.json();
  return { id: created.id, path: new URL(created.url).pathname, code: created.code };
}

describe("the shared card a doctor opens with a link and a code", () => {
  it("opens at 360 px after a wrong code, previews the image, opens the PDF, and is refused once revoked", async () => {
    const base = inject("baseURL");
    const cookie = await signInClientApi(base);
    const cardId = await ownCard(base, cookie);
    const n = randomInt(1e6);
    const allergy = `Амоксициллин ${n}`;
    const entry = await apiRequest(base, `/api/medcard/cards/${cardId}/entries`, {
      method: "POST",
      cookie,
      body: { kind: "allergy", text: allergy, note: "Отёк Квинке" },
    });
    expect(entry.status).toBe(201);
    const pdfTitle = `Биохимия крови ${n}`;
    const pngTitle = `Снимок ${n}`;
    await upload(base, cookie, cardId, {
      title: pdfTitle,
      name: "биохимия.pdf",
      type: "application/pdf",
      bytes: PDF,
      kind: "test_result",
    });
    await upload(base, cookie, cardId, {
      title: pngTitle,
      name: "снимок.png",
      type: "image/png",
      bytes: PNG,
      kind: "conclusion",
    });
    const link = await share(base, cookie, cardId, { hours: 1, scope: "card" });

    const { page, consoleErrors } = await browser.open(link.path, viewports.phone);
    const main = page.getByRole("main");
    await expectVisible(main.getByRole("heading", { level: 1, name: "Медкарта пациента" }));
    expect(await page.locator('meta[name="robots"]').getAttribute("content")).toBe("noindex");
    const code = main.getByRole("textbox", { name: /Код доступа/ });
    await expectSound(page);
    await page.screenshot({ path: "/tmp/medcard-share-1-code-360.png", fullPage: true });

    const wrong = String((Number(link.code) + 1) % 1_000_000).padStart(6, "0");
    await code.fill(wrong);
    await main.getByRole("button", { name: "Открыть" }).click();
    await expectVisible(main.getByText("Неверный код. Осталось попыток: 4."));
    await expectSound(page);
    await page.screenshot({ path: "/tmp/medcard-share-2-wrong-360.png", fullPage: true });

    await code.fill(link.code);
    await main.getByRole("button", { name: "Открыть" }).click();
    await expectVisible(main.getByText(/^Доступ открыт до \d\d\.\d\d\.\d{4} \d\d:\d\d$/));
    await expectVisible(main.getByRole("region", { name: "Сводка" }).getByText(allergy));
    await expectVisible(main.getByRole("region", { name: "Приёмы и консультации" }));
    const documents = main.getByRole("region", { name: "Документы" });
    const preview = documents.getByRole("img", { name: `${pngTitle}, изображение` });
    await expectVisible(preview);
    await page.waitForFunction(
      (name) =>
        Array.from(document.querySelectorAll("img")).some(
          (img) => img.alt === name && img.complete && img.naturalWidth > 0,
        ),
      `${pngTitle}, изображение`,
    );
    const pdfLink = documents.getByRole("link", { name: new RegExp(`^Открыть PDF «${pdfTitle}»`) });
    expect(await pdfLink.getAttribute("target")).toBe("_blank");
    // The grant cookie goes with the browser's own requests for the file.
    const pdfAnswer = await page.request.get((await pdfLink.getAttribute("href")) ?? "");
    expect(pdfAnswer.status()).toBe(200);
    expect(pdfAnswer.headers()["content-type"]).toContain("application/pdf");
    expect(pdfAnswer.headers()["content-disposition"]).toMatch(/^inline;/);
    const download = documents.getByRole("link", { name: `Скачать «${pdfTitle}»` });
    const downloadAnswer = await page.request.get((await download.getAttribute("href")) ?? "");
    expect(downloadAnswer.headers()["content-disposition"]).toMatch(/^attachment;/);
    await expectSound(page);
    await page.screenshot({ path: "/tmp/medcard-share-3-open-360.png", fullPage: true });

    const revoked = await apiRequest(
      base,
      `/api/medcard/cards/${cardId}/shares/${link.id}/revoke`,
      { method: "POST", cookie },
    );
    expect(revoked.status).toBe(200);
    const refused = await page.request.get((await pdfLink.getAttribute("href")) ?? "");
    expect(refused.status()).toBe(404);
    await page.reload();
    await expectVisible(main.getByText("Доступ по ссылке отозван"));
    await expect(main.getByRole("textbox", { name: /Код доступа/ }).count()).resolves.toBe(0);
    await expectSound(page);
    await page.screenshot({ path: "/tmp/medcard-share-4-revoked-360.png", fullPage: true });
    expect(consoleErrors.filter((error) => !error.includes("403"))).toEqual([]);
  }, 120_000);

  it("shows a documents-only link at 1280 px, and an unknown link says so", async () => {
    const base = inject("baseURL");
    const cookie = await signInClientApi(base);
    const cardId = await ownCard(base, cookie);
    const n = randomInt(1e6);
    const chosenTitle = `Выписка ${n}`;
    const chosen = await upload(base, cookie, cardId, {
      title: chosenTitle,
      name: "выписка.pdf",
      type: "application/pdf",
      bytes: PDF,
      kind: "discharge",
    });
    const link = await share(base, cookie, cardId, {
      hours: 24,
      scope: "documents",
      documentIds: [chosen],
    });

    const { page, consoleErrors } = await browser.open(link.path, viewports.desktop);
    const main = page.getByRole("main");
    await main.getByRole("textbox", { name: /Код доступа/ }).fill(link.code);
    await main.getByRole("button", { name: "Открыть" }).click();
    const documents = main.getByRole("region", { name: "Документы" });
    await expectVisible(documents.getByText(chosenTitle));
    expect(await documents.getByRole("listitem").count()).toBe(1);
    expect(await main.getByRole("region", { name: "Сводка" }).count()).toBe(0);
    await expectSound(page);
    await page.screenshot({ path: "/tmp/medcard-share-5-documents-1280.png", fullPage: true });

    await page.goto(`/medcard-share/${"x".repeat(43)}`);
    await expectVisible(main.getByText("Ссылка не найдена"));
    await expectSound(page);
    await page.screenshot({ path: "/tmp/medcard-share-6-unknown-1280.png", fullPage: true });
    expect(consoleErrors.filter((error) => !error.includes("404"))).toEqual([]);
  }, 120_000);
});
