import { readFile, writeFile } from "node:fs/promises";
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { expectSound, expectVisible, setupBrowser, viewports } from "./support/browser.ts";
import { signInDemoClient } from "./support/cabinet.ts";

// «Выгрузить мои данные» (issue 17, decision 0030) as the demo client on a phone: the export is
// prepared by the job while the page waits, then both files are downloaded and read.

const browser = setupBrowser();

/** Clicks a download link and answers the downloaded file's bytes and suggested name. */
async function download(page: Page, link: Locator): Promise<{ bytes: Buffer; name: string }> {
  const [file] = await Promise.all([page.waitForEvent("download"), link.click()]);
  const path = await file.path();
  return { bytes: await readFile(path), name: file.suggestedFilename() };
}

/** «Выгрузить мои данные» from «Профиль» → «Мои данные и согласия». */
async function openExport(page: Page): Promise<void> {
  await page.getByRole("navigation").getByRole("link", { name: "Профиль" }).click();
  await page.waitForURL("**/cabinet/profile");
  await page.getByRole("main").getByRole("link", { name: "Мои данные и согласия" }).click();
  await page.waitForURL("**/cabinet/profile/privacy");
  await page.getByRole("main").getByRole("link", { name: "Выгрузить мои данные" }).click();
  await page.waitForURL("**/cabinet/profile/export");
}

describe("«Выгрузить мои данные»", () => {
  it("prepares the export while the page waits, and downloads the PDF and the JSON with the demo client's contract and visits", async () => {
    const { page, consoleErrors } = await browser.open("/cabinet/sign-in", viewports.phone);
    await signInDemoClient(page);
    await openExport(page);
    const main = page.getByRole("main");
    await expectVisible(main.getByRole("heading", { level: 1, name: "Выгрузить мои данные" }));
    await expectSound(page);
    await page.screenshot({ path: "/tmp/data-export-1-start-360.png", fullPage: true });

    await main.getByRole("button", { name: "Подготовить выгрузку" }).click();
    const pdfLink = main.getByRole("link", { name: /^Скачать PDF/ });
    const jsonLink = main.getByRole("link", { name: /^Скачать JSON/ });
    // The job runs in the server; the page asks again every two seconds until it is ready.
    await pdfLink.waitFor({ state: "visible", timeout: 30_000 });
    await expectVisible(main.getByText("Готова", { exact: true }));
    await expectVisible(main.getByText(/Файлы можно скачать до \d{2}\.\d{2}\.\d{4} \d{2}:\d{2}/));
    await expectSound(page);
    await page.screenshot({ path: "/tmp/data-export-2-ready-360.png", fullPage: true });

    const pdf = await download(page, pdfLink);
    expect(pdf.name).toMatch(/\.pdf$/);
    expect(pdf.bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdf.bytes.length).toBeGreaterThan(10_000);
    // Kept beside the screenshots, to be looked at (pdftoppm).
    await writeFile("/tmp/data-export-demo.pdf", pdf.bytes);

    const json = await download(page, jsonLink);
    expect(json.name).toMatch(/\.json$/);
    const data = JSON.parse(json.bytes.toString("utf8"));
    expect(data).toMatchObject({ format: "rms-account-data", version: 1 });
    expect(data.account.phone).toBe("+79261111111");
    expect(data.contracts.map((contract: { number: string }) => contract.number)).toContain(
      "11/30117742",
    );
    expect(data.appointments.length).toBeGreaterThan(0);
    expect(data.appointments[0]).toMatchObject({
      clinicName: expect.any(String),
      status: expect.any(String),
    });
    expect(consoleErrors).toEqual([]);
  });

  it("shows the ready export on a desktop too", async () => {
    const { page } = await browser.open("/cabinet/sign-in", viewports.desktop);
    await signInDemoClient(page);
    await page.goto("/cabinet/profile/export");
    const main = page.getByRole("main");
    await expectVisible(main.getByRole("link", { name: /^Скачать PDF/ }));
    await expectSound(page);
    await page.screenshot({ path: "/tmp/data-export-3-ready-1280.png", fullPage: true });
  });
});
