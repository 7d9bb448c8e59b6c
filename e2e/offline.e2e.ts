import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { expectSound, expectVisible, setupBrowser, viewports } from "./support/browser.ts";
import { signInDemoClient } from "./support/cabinet.ts";

const browser = setupBrowser();

/** A failed network read while offline is the point here, not a fault of the page. */
const NETWORK_FAILURE = /ERR_INTERNET_DISCONNECTED|Failed to load resource|net::ERR_FAILED/;

async function cacheNames(page: Page): Promise<string[]> {
  return page.evaluate(() => caches.keys());
}

/** The API paths the worker keeps for offline use, in this browser, now. */
async function keptReads(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    if (!(await caches.has("rms-offline-data"))) return [];
    const cache = await caches.open("rms-offline-data");
    return (await cache.keys()).map((request) => new URL(request.url).pathname).sort();
  });
}

describe("the cabinet without a network", () => {
  it("opens the last seen certificate card offline with the banner, and forgets it all at «Выйти» (360 px)", async () => {
    const { page, consoleErrors } = await browser.open("/cabinet/sign-in", viewports.phone);
    await signInDemoClient(page);
    await page.goto("/cabinet/contracts");
    await page.getByRole("link", { name: /11\/22445568/ }).click();
    await page.waitForURL(/\/cabinet\/contracts\/[0-9a-f-]{36}$/);
    const contractPath = new URL(page.url()).pathname;
    const main = page.getByRole("main");
    await expectVisible(main.getByText("11/22445568", { exact: true }));

    // The worker takes control and the screen's reads go once more through it to be kept.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    const apiPath = contractPath.replace("/cabinet/", "/api/");
    await expect
      .poll(() => keptReads(page), { timeout: 10_000 })
      .toEqual(expect.arrayContaining(["/api/auth/session", "/api/contracts", apiPath]));
    // Nothing else of the API is kept: not the home's appointments, messages or chats.
    expect((await keptReads(page)).filter((path) => path.startsWith("/api/"))).toEqual(
      ["/api/auth/session", "/api/contracts", apiPath].sort(),
    );
    expect(consoleErrors).toEqual([]);

    await page.context().setOffline(true);
    await page.reload();
    await expectVisible(main.getByRole("heading", { level: 1, name: "Описание сертификата" }));
    for (const text of [
      "11/22445568",
      "12.01.2019 - 11.01.2020",
      "Позвони Врачу плюс",
      "Евгений Александрович",
      "Рената Саяровна",
    ]) {
      await expectVisible(main.getByText(text, { exact: true }));
    }
    const banner = page.getByRole("status").filter({ hasText: "Нет подключения к интернету" });
    await expectVisible(banner);
    await expect
      .poll(() => banner.textContent())
      .toMatch(
        /Нет подключения к интернету\. Показаны данные, сохранённые \d{2}\.\d{2}\.\d{4} \d{2}:\d{2}/,
      );
    const call = banner.getByRole("link", { name: /Позвонить в медпульт/ });
    await expectVisible(call);
    expect(await call.getAttribute("href")).toBe("tel:+78007707094");
    await expectSound(page);
    await page.screenshot({ path: "/tmp/offline-card-360.png", fullPage: true });

    // The installed app starts at /cabinet: offline it opens «Мои договоры».
    await page.goto("/cabinet");
    await page.waitForURL("**/cabinet/contracts");
    await expectVisible(page.getByRole("link", { name: /11\/22445568/ }));
    await expectVisible(page.getByText(/Показаны данные, сохранённые/));
    expect(consoleErrors.filter((error) => !NETWORK_FAILURE.test(error))).toEqual([]);

    // Back online: the banner goes; «Выйти» (in «Профиль» on a phone) empties every cache.
    await page.context().setOffline(false);
    await page.goto("/cabinet/profile");
    expect(await page.getByText("Нет подключения к интернету").count()).toBe(0);
    await page.getByRole("button", { name: "Выйти" }).click();
    await page.waitForURL("**/cabinet/sign-in");
    await expect.poll(() => cacheNames(page)).toEqual([]);

    // Signed out and offline, the card is not there to be seen.
    await page.context().setOffline(true);
    await page.goto(contractPath).catch(() => undefined);
    expect(await page.getByText("11/22445568").count()).toBe(0);
  });
});
