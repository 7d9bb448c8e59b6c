import { createServer } from "node:http";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumArgs, chromiumPath, expectVisible, viewports } from "./support/browser.ts";
import { createLanDevice, type LanDevice, lanDeviceUnavailable } from "./support/lan-device.ts";
import { type RunningServer, startServer } from "./support/server.ts";

const DEMO_PHONE = "+7 926 111-11-11";
const DEMO_PASSWORD = "rms-demo-2026";

// In CI a missing namespace is a failure, not a skip: the test is the point of this spec.
const unavailable = process.env.CI === "true" ? undefined : lanDeviceUnavailable();

let server: RunningServer;
let device: LanDevice | undefined;
let browser: Browser;

beforeAll(async () => {
  // The device exists before the server starts, so that its address is among those logged.
  if (!unavailable) device = createLanDevice();
  // A newcomer's start: PUBLIC_ORIGIN unset, listening on every address.
  server = await startServer({ HOST: "0.0.0.0", LOG_LEVEL: "info" });
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  device?.remove();
});

async function signInAt(page: Page, base: string) {
  await page.goto(`${base}/cabinet/sign-in`);
  await page.getByLabel("Телефон").fill(DEMO_PHONE);
  await page.getByLabel("Пароль", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Войти" }).click();
  await page.waitForURL(/\/cabinet$/);
  await expectVisible(page.getByRole("link", { name: "Профиль" }));
  expect(await page.getByText("другого сайта").count()).toBe(0);
}

async function newPage(on: Browser, viewport: { width: number; height: number }) {
  const context = await on.newContext({ viewport, locale: "ru-RU", timezoneId: "Europe/Moscow" });
  return context.newPage();
}

describe("the cabinet from every address the server answers on", () => {
  it("signs in at 127.0.0.1 and at localhost with PUBLIC_ORIGIN unset", async () => {
    const byIp = await newPage(browser, viewports.phone);
    await signInAt(byIp, server.baseURL);
    const byName = await newPage(browser, viewports.desktop);
    await signInAt(byName, `http://localhost:${server.port}`);
  });

  it.skipIf(unavailable !== undefined)(
    `signs in from a phone on the same network at the address the start log names${unavailable ? ` (skipped: ${unavailable})` : ""}`,
    async () => {
      if (!device) throw new Error("no LAN device");
      const lanOrigin = `http://${device.hostAddress}:${server.port}`;
      const logged = server
        .output()
        .split("\n")
        .find((line) => line.includes("open from another device"));
      expect(logged).toContain(lanOrigin);

      const phone = await chromium.launch({
        executablePath: device.chromiumPath,
        args: chromiumArgs,
      });
      try {
        // Loopback inside the device's namespace is its own: the server is reachable only by LAN.
        const probe = await newPage(phone, viewports.phone);
        await expect(probe.goto(`${server.baseURL}/api/health`)).rejects.toThrow();
        await signInAt(await newPage(phone, viewports.phone), lanOrigin);
      } finally {
        await phone.close();
      }
    },
  );

  it("refuses a form that a page of another site sends to the cabinet", async () => {
    // The other site: a page on another port of this machine whose form posts to the cabinet.
    const otherSite = createServer((_request, response) => {
      response.setHeader("content-type", "text/html; charset=utf-8");
      response.end(`<form method="post" enctype="text/plain" action="${server.baseURL}/api/auth/sign-in">
        <input name='{"phone":"+79261111111","password":"rms-demo-2026","x":"' value='"}'>
        <button>Войти</button></form>`);
    });
    await new Promise<void>((resolve) => otherSite.listen(0, "127.0.0.1", resolve));
    const address = otherSite.address();
    const otherOrigin = `http://127.0.0.1:${typeof address === "object" ? address?.port : 0}`;
    try {
      const page = await newPage(browser, viewports.desktop);
      await page.goto(`${otherOrigin}/`);
      const answer = page.waitForResponse((res) => res.url().endsWith("/api/auth/sign-in"));
      await page.getByRole("button", { name: "Войти" }).click();
      const res = await answer;
      expect(res.request().headers().origin).toBe(otherOrigin);
      expect(res.status()).toBe(403);
      expect(res.headers()["content-type"]).toContain("application/problem+json");
      expect(await res.text()).toContain("другого сайта");
    } finally {
      otherSite.close();
    }
  });
});
