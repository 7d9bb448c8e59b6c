import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { apiRequest } from "./support/api.ts";
import { expectSound, expectVisible, setupBrowser, viewports } from "./support/browser.ts";

const browser = setupBrowser();
// Not started yet, so it takes a call-back; the other specs ask for theirs on other contracts.
const CERTIFICATE = "11/30245190";

/** Today's date in Moscow, `yyyy-mm-dd`, by the real clock (the server's). */
function moscowToday(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Moscow" }).format(new Date());
}

/** Tomorrow's date in Moscow as the cabinet shows it, `dd.mm.yyyy`. */
function moscowTomorrowShown(): string {
  const noon = new Date(`${moscowToday()}T12:00:00+03:00`);
  noon.setUTCDate(noon.getUTCDate() + 1);
  return new Intl.DateTimeFormat("ru-RU", {
    timeZone: "Europe/Moscow",
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
  }).format(noon);
}

/**
 * Sets the browser's clock to `moment`. In Moscow this is Playwright's own clock. Elsewhere it
 * would not do: its Date is a stand-in whose prototype is not the native one, and `new` on it
 * drops a subclass's prototype (microsoft/playwright#35314), so @date-fns/tz's TZDate, which
 * wraps the getters it finds on `Date.prototype`, would answer in the browser's own zone there —
 * a fault of the fake clock, not of the cabinet. So outside Moscow the clock is fixed by a Date
 * that keeps the native prototype and constructs through `Reflect.construct`.
 */
async function setBrowserTime(page: Page, moment: Date, timezoneId: string): Promise<void> {
  if (timezoneId === "Europe/Moscow") {
    await page.clock.setFixedTime(moment);
    return;
  }
  await page.addInitScript((fixed: number) => {
    const NativeDate = Date;
    function FixedDate(this: unknown, ...args: unknown[]) {
      if (!new.target) return new NativeDate(fixed).toString();
      return Reflect.construct(NativeDate, args.length > 0 ? args : [fixed], new.target);
    }
    FixedDate.prototype = NativeDate.prototype;
    FixedDate.now = () => fixed;
    FixedDate.parse = NativeDate.parse;
    FixedDate.UTC = NativeDate.UTC;
    globalThis.Date = FixedDate as unknown as DateConstructor;
  }, moment.getTime());
}

async function signIn(page: Page) {
  await page.goto("/cabinet/sign-in");
  await page.getByLabel("Телефон").fill("+7 926 111-11-11");
  await page.getByLabel("Пароль", { exact: true }).fill("rms-demo-2026");
  await page.getByRole("button", { name: "Войти" }).click();
  await page.waitForURL(/\/cabinet$/);
}

/** The session cookie of the page, to arrange and tidy up through the API. */
async function sessionOf(page: Page): Promise<string> {
  const cookie = (await page.context().cookies()).find((entry) => entry.name === "rms_session");
  if (!cookie) throw new Error("not signed in");
  return `rms_session=${cookie.value}`;
}

interface CallbackDto {
  id: string;
  contractNumber: string;
  status: string;
  windowStart: string | null;
}

/** Cancels the account's open call-backs on the certificate: one contract takes one at a time. */
async function cancelOpenCallbacks(cookie: string): Promise<void> {
  const res = await apiRequest(browser.baseURL(), "/api/callbacks", { cookie });
  const { callbacks } = (await res.json()) as { callbacks: CallbackDto[] };
  for (const open of callbacks.filter(
    (callback) =>
      callback.contractNumber === CERTIFICATE &&
      (callback.status === "new" || callback.status === "in_progress"),
  )) {
    await apiRequest(browser.baseURL(), `/api/callbacks/${open.id}/cancel`, {
      method: "POST",
      cookie,
    });
  }
}

describe("«Перезвонить мне» in the afternoon", () => {
  it("starts today's choice at the hour under way and keeps the window when the day changes (360 px)", async () => {
    const { page, consoleErrors } = await browser.open("/cabinet/sign-in", viewports.phone);
    await signIn(page);
    await cancelOpenCallbacks(await sessionOf(page));
    // Nothing is sent: the server's clock may be past 14:20 already.
    await setBrowserTime(page, new Date(`${moscowToday()}T14:20:00+03:00`), "Europe/Moscow");
    await page.goto("/cabinet/contracts");
    await page.getByRole("link", { name: new RegExp(CERTIFICATE.replace("/", "\\/")) }).click();
    await page.getByRole("link", { name: "Перезвонить мне" }).click();
    const form = page.getByRole("form", { name: "Заявка на обратный звонок" });
    await expectVisible(form);
    await form.getByRole("radio", { name: "В удобное время" }).check();
    const [day, from, to] = [
      form.getByLabel("День"),
      form.getByLabel("С", { exact: true }),
      form.getByLabel("До", { exact: true }),
    ];
    await expectVisible(day);
    expect(await day.locator("option").allTextContents()).toEqual(["Сегодня", "Завтра"]);
    expect((await from.locator("option").allTextContents())[0]).toBe("14:00");
    expect([await day.inputValue(), await from.inputValue(), await to.inputValue()]).toEqual([
      "today",
      "14:00",
      "16:00",
    ]);
    // Tomorrow offers every hour; the window chosen stays, on the screen as in the form.
    await day.selectOption("tomorrow");
    expect((await from.locator("option").allTextContents())[0]).toBe("08:00");
    expect([await from.inputValue(), await to.inputValue()]).toEqual(["14:00", "16:00"]);
    // A start after the end moves the end two hours on.
    await from.selectOption("17:00");
    expect(await to.inputValue()).toBe("19:00");
    await expectSound(page);
    expect(consoleErrors).toEqual([]);
  });
});

describe("«Перезвонить мне» late in the evening", () => {
  for (const [name, viewport, timezoneId] of [
    ["phone, a browser in Vladivostok", viewports.phone, "Asia/Vladivostok"],
    ["desktop, a browser in Moscow", viewports.desktop, "Europe/Moscow"],
  ] as const) {
    it(`at 22:41 Moscow time offers no window today and proposes tomorrow's 08:00–10:00, which the server takes (${name})`, async () => {
      const { page, consoleErrors } = await browser.open("/cabinet/sign-in", viewport, {
        timezoneId,
      });
      await signIn(page);
      const cookie = await sessionOf(page);
      await cancelOpenCallbacks(cookie);
      // The browser's clock only: the server keeps the real time, whose tomorrow is the same day.
      await setBrowserTime(page, new Date(`${moscowToday()}T22:41:00+03:00`), timezoneId);

      await page.goto("/cabinet/contracts");
      await page.getByRole("link", { name: new RegExp(CERTIFICATE.replace("/", "\\/")) }).click();
      await page.getByRole("link", { name: "Перезвонить мне" }).click();
      const form = page.getByRole("form", { name: "Заявка на обратный звонок" });
      await expectVisible(form);
      await form.getByRole("radio", { name: "В удобное время" }).check();

      const day = form.getByLabel("День");
      await expectVisible(day);
      expect(await day.locator("option").allTextContents()).toEqual(["Завтра"]);
      expect(await day.inputValue()).toBe("tomorrow");
      expect(await form.getByLabel("С", { exact: true }).inputValue()).toBe("08:00");
      expect(await form.getByLabel("До", { exact: true }).inputValue()).toBe("10:00");
      expect(await form.getByText("Сегодня").count()).toBe(0);
      await expectSound(page);

      await form.getByRole("button", { name: "Перезвонить мне" }).click();
      await expectVisible(page.getByText("Заявка принята"));
      await expectVisible(
        page.getByText(`Оператор позвонит ${moscowTomorrowShown()} с 08:00 до 10:00 (мск).`),
      );
      const res = await apiRequest(browser.baseURL(), "/api/callbacks", { cookie });
      const { callbacks } = (await res.json()) as { callbacks: CallbackDto[] };
      const mine = callbacks.find(
        (callback) => callback.contractNumber === CERTIFICATE && callback.status === "new",
      );
      const tomorrow = new Date(`${moscowToday()}T08:00:00+03:00`);
      tomorrow.setUTCDate(tomorrow.getUTCDate() + 1);
      expect(mine?.windowStart).toBe(tomorrow.toISOString());

      await cancelOpenCallbacks(cookie);
      expect(consoleErrors).toEqual([]);
    });
  }
});
