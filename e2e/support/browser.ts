import { AxeBuilder } from "@axe-core/playwright";
import {
  type Browser,
  type BrowserContext,
  chromium,
  type Locator,
  type Page,
} from "playwright-core";
import { afterAll, beforeAll, expect, inject } from "vitest";

export const chromiumPath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

// Without the background-networking flags Chromium keeps calling home, which this network refuses.
export const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

export const viewports = {
  phone: { width: 360, height: 740 },
  desktop: { width: 1280, height: 800 },
} as const;

export interface OpenedPage {
  page: Page;
  /** Errors the page wrote to its console or threw, CSP violations among them. */
  consoleErrors: string[];
}

/** One Chromium for the spec file; each test opens its own context (fresh cookies). */
export function setupBrowser() {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  });
  afterAll(async () => {
    await browser?.close();
  });

  return {
    baseURL: () => inject("baseURL"),
    async open(
      path: string,
      viewport: { width: number; height: number } = viewports.phone,
      /** The browser's own time zone: a client may be anywhere, the cabinet speaks Moscow time. */
      { timezoneId = "Europe/Moscow" }: { timezoneId?: string } = {},
    ): Promise<OpenedPage> {
      if (!browser) throw new Error("the browser is not started");
      const context = await browser.newContext({
        baseURL: inject("baseURL"),
        viewport,
        locale: "ru-RU",
        timezoneId,
      });
      contexts.push(context);
      const page = await context.newPage();
      const consoleErrors: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error") consoleErrors.push(message.text());
      });
      page.on("pageerror", (error) => consoleErrors.push(error.message));
      await page.goto(path);
      return { page, consoleErrors };
    },
  };
}

/** Fails on any serious or critical accessibility violation, naming each. */
export async function expectNoSeriousA11yViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map(
      (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target).join(", ")}`,
    );
  expect(serious).toEqual([]);
}

/** Fails when the page is wider than the screen (a horizontal scroll on a phone). */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
}

/** Waits for an element to be shown (the app renders after navigation), naming it on failure. */
export async function expectVisible(locator: Locator): Promise<void> {
  try {
    await locator.waitFor({ state: "visible", timeout: 10_000 });
  } catch {
    throw new Error(`expected to see ${locator}`);
  }
}

/** The page fits its width and has no serious accessibility violations, once animations end. */
export async function expectSound(page: Page): Promise<void> {
  // A dialog fading in is not yet at its final colours: let transitions end before axe looks.
  await page.waitForFunction(() => document.getAnimations().length === 0);
  await expectNoHorizontalScroll(page);
  await expectNoSeriousA11yViolations(page);
}
