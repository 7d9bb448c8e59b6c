import { describe, expect, it } from "vitest";
import { expectSound, expectVisible, setupBrowser, viewports } from "./support/browser.ts";
import { signInDemoClient } from "./support/cabinet.ts";

const browser = setupBrowser();

describe("«Услуги и цены» in the browser", () => {
  it("the demo client opens a clinic's services at 360 px and sees a covered one, the page no wider than the screen", async () => {
    const { page, consoleErrors } = await browser.open("/cabinet/sign-in", viewports.phone);
    await signInDemoClient(page);
    const main = page.getByRole("main");

    await main.getByRole("link", { name: "Записаться к врачу" }).first().click();
    await page.waitForURL("**/cabinet/booking");
    await main.getByRole("region", { name: "Для кого" }).getByRole("button").first().click();
    await main.getByRole("button", { name: "Терапевт", exact: true }).click();
    await page.waitForURL(/specialtyId=/);
    const covered = main
      .getByRole("listitem")
      .filter({ hasText: "По программе" })
      .filter({ has: page.getByRole("button", { name: /^Выбрать время: / }) });
    await expectVisible(covered.first());
    await covered
      .first()
      .getByRole("button", { name: /^Выбрать время: / })
      .click();
    await expectVisible(main.getByRole("heading", { name: "День и время" }));

    // Folded on a phone: the times come first, the prices open on request.
    const section = main.getByRole("region", { name: "Услуги и цены" });
    const toggle = section.getByRole("button", { name: "Услуги и цены" });
    await expectVisible(toggle);
    expect(await toggle.getAttribute("aria-expanded")).toBe("false");
    await toggle.click();
    expect(await toggle.getAttribute("aria-expanded")).toBe("true");
    const services = section.getByRole("listitem");
    await expectVisible(services.first());
    await expectVisible(services.filter({ hasText: "По программе" }).first());
    expect(await services.count()).toBeGreaterThan(0);
    await expectSound(page);
    await page.screenshot({ path: "/tmp/booking-services-360.png", fullPage: true });
    // The full page's sticky bars cover part of the list: the screen scrolled to its end as well.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.screenshot({ path: "/tmp/booking-services-360-end.png" });

    await toggle.click();
    expect(await toggle.getAttribute("aria-expanded")).toBe("false");
    expect(consoleErrors).toEqual([]);
  });
});
