import { randomInt } from "node:crypto";
import { chromium, type Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  chromiumArgs,
  expectSound,
  expectVisible,
  setupBrowser,
  viewports,
} from "./support/browser.ts";
import { DEMO_CLIENT, signInDemoClient } from "./support/cabinet.ts";
import { createLanDevice, lanDeviceUnavailable } from "./support/lan-device.ts";
import { startServer } from "./support/server.ts";

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
    return (await cache.keys())
      .map((request) => new URL(request.url).pathname)
      .filter((path) => path.startsWith("/api/"))
      .sort();
  });
}

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

/** Registers a new account through the API in the page's context: its session replaces the one there. */
async function registerInContext(page: Page): Promise<void> {
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
      lastName: "Другая",
      firstName: "Анна",
      patronymic: "Сергеевна",
      birthDate: "07.07.1997",
      email: "anna@example.ru",
      password: "Другой-клиент-2026",
      acceptedDocuments: documents.documents.map(({ slug, version }) => ({ slug, version })),
    },
  });
  expect(registered.status()).toBe(201);
}

/** Signs in, opens the example certificate and waits until the worker keeps it; its API path. */
async function keepExampleCertificate(page: Page): Promise<{ path: string; api: string }> {
  await signInDemoClient(page);
  await page.goto("/cabinet/contracts");
  await page.getByRole("link", { name: /11\/22445568/ }).click();
  await page.waitForURL(/\/cabinet\/contracts\/[0-9a-f-]{36}$/);
  await expectVisible(page.getByRole("main").getByText("11/22445568", { exact: true }));
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const path = new URL(page.url()).pathname;
  const api = path.replace("/cabinet/", "/api/");
  await expect
    .poll(() => keptReads(page), { timeout: 30_000 })
    .toEqual(expect.arrayContaining(["/api/auth/session", "/api/contracts", api]));
  return { path, api };
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
      .poll(() => keptReads(page), { timeout: 30_000 })
      .toEqual(expect.arrayContaining(["/api/auth/session", "/api/contracts", apiPath]));
    // Nothing else of the API is kept: not the home's appointments, messages or chats.
    expect(await keptReads(page)).toEqual(["/api/auth/session", "/api/contracts", apiPath].sort());
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
    // On the card itself: the call works offline; what needs the network is disabled, with why.
    const actions = main.getByRole("group", { name: "Действия по договору" });
    const cardCall = actions.getByRole("link", { name: "Позвонить в медпульт" });
    expect(await cardCall.getAttribute("href")).toBe("tel:+78007707094");
    // (11/22445568 has ended: no «Перезвонить мне», no booking.)
    for (const name of ["Отправить сообщение", "Печать", "Скачать PDF"]) {
      expect(await actions.getByRole("button", { name }).isDisabled()).toBe(true);
    }
    await expectVisible(main.getByText(/можно, когда связь вернётся/));
    await expectSound(page);
    await page.screenshot({ path: "/tmp/offline-card-360.png", fullPage: true });

    // «Выйти» offline says at once that it needs the network, instead of waiting for ever.
    await page.goto("/cabinet/profile");
    await page.getByRole("button", { name: "Выйти" }).click();
    await expectVisible(page.getByText("Не удалось выйти"));
    await expectVisible(page.getByText(/Не удалось связаться с сервером/));

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

  it("is installable: Chromium finds no fault in its manifest, icons or worker (360 px)", async () => {
    const { page, consoleErrors } = await browser.open("/cabinet/sign-in", viewports.phone);
    await signInDemoClient(page);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    const devtools = await page.context().newCDPSession(page);
    const { installabilityErrors } = (await devtools.send("Page.getInstallabilityErrors")) as {
      installabilityErrors: { errorId: string }[];
    };
    // A Playwright context is an incognito profile, which never installs apps: that one reason is
    // the browser's, not the cabinet's; nothing else may be named.
    const faults = installabilityErrors.map((error) => error.errorId);
    expect(faults.filter((fault) => fault !== "in-incognito")).toEqual([]);
    const manifest = (await devtools.send("Page.getAppManifest")) as { errors: unknown[] };
    expect(manifest.errors).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it("forgets the kept contracts once the session is gone without «Выйти» (expired, revoked elsewhere)", async () => {
    const { page, consoleErrors } = await browser.open("/cabinet/sign-in", viewports.phone);
    const demo = await keepExampleCertificate(page);
    await page.context().clearCookies();
    await page.goto("/cabinet/contracts");
    await page.waitForURL("**/cabinet/sign-in");
    await expect.poll(() => keptReads(page)).toEqual([]);

    await page.context().setOffline(true);
    await page.goto(demo.path).catch(() => undefined);
    expect(await page.getByText("11/22445568").count()).toBe(0);
    expect(consoleErrors.filter((error) => !NETWORK_FAILURE.test(error))).toEqual([]);
  });

  it("never shows one account's kept contracts to the next account signed in on the device", async () => {
    const { page, consoleErrors } = await browser.open("/cabinet/sign-in", viewports.phone);
    const demo = await keepExampleCertificate(page);

    // The demo session ends without «Выйти» (expired, say) and another person signs in here.
    await registerInContext(page);
    await page.goto("/cabinet/contracts");
    await expectVisible(page.getByRole("heading", { name: "Договоров пока нет" }));
    await expect.poll(() => keptReads(page)).not.toContain(demo.api);

    await page.context().setOffline(true);
    await page.goto(demo.path);
    await expectVisible(page.getByText(/Не удалось/).first());
    expect(await page.getByText("11/22445568").count()).toBe(0);
    expect(await page.getByText("Рената Саяровна").count()).toBe(0);
    expect(consoleErrors.filter((error) => !NETWORK_FAILURE.test(error))).toEqual([]);
  });
});

// In CI a missing namespace is a failure, not a skip (as in e2e/origin.e2e.ts).
const noLan = process.env.CI === "true" ? undefined : lanDeviceUnavailable();

describe("the cabinet at the machine's address over plain http", () => {
  it.skipIf(noLan !== undefined)(
    `works with no service worker there, and says when it has no network${noLan ? ` (skipped: ${noLan})` : ""}`,
    async () => {
      const device = createLanDevice();
      const server = await startServer({ HOST: "0.0.0.0" });
      const phone = await chromium.launch({
        executablePath: device.chromiumPath,
        args: chromiumArgs,
      });
      try {
        const context = await phone.newContext({
          viewport: viewports.phone,
          locale: "ru-RU",
          timezoneId: "Europe/Moscow",
        });
        const page = await context.newPage();
        const consoleErrors: string[] = [];
        page.on("console", (message) => {
          if (message.type() === "error") consoleErrors.push(message.text());
        });
        const origin = `http://${device.hostAddress}:${server.port}`;
        await page.goto(`${origin}/cabinet/sign-in`);
        await page.getByLabel("Телефон").fill(DEMO_CLIENT.phone);
        await page.getByLabel("Пароль", { exact: true }).fill(DEMO_CLIENT.password);
        await page.getByRole("button", { name: "Войти" }).click();
        await page.waitForURL(/\/cabinet$/);
        await page.goto(`${origin}/cabinet/contracts`);
        await expectVisible(page.getByRole("link", { name: /11\/22445568/ }));
        // Not a secure context: browsers give it no service workers and no caches.
        expect(
          await page.evaluate(() => ({
            secure: window.isSecureContext,
            workers: "serviceWorker" in navigator,
          })),
        ).toEqual({ secure: false, workers: false });
        expect(consoleErrors).toEqual([]);

        await context.setOffline(true);
        const banner = page.getByRole("status").filter({ hasText: "Нет подключения к интернету" });
        await expectVisible(banner);
        await expectVisible(banner.getByRole("link", { name: /Позвонить в медпульт/ }));
        await context.setOffline(false);
        await banner.waitFor({ state: "detached" }).catch(() => undefined);
        expect(await page.getByText("Нет подключения к интернету").count()).toBe(0);
      } finally {
        await phone.close();
        await server.stop();
        device.remove();
      }
    },
  );
});
