import { describe, expect, it } from "vitest";
import { expectSound, expectVisible, setupBrowser, viewports } from "./support/browser.ts";
import { DEMO_CLIENT, signInDemoClient } from "./support/cabinet.ts";

const browser = setupBrowser();

describe("«Купить сертификат» in the browser", () => {
  it("the demo client buys «Позвони Врачу» by card in the sandbox at 360 px, lands on «Оплачено» and finds the certificate in «Мои договоры» and the order in «Мои платежи»", async () => {
    const { page, consoleErrors } = await browser.open("/cabinet/sign-in", viewports.phone);
    await signInDemoClient(page);
    const main = page.getByRole("main");

    // «Главная» → «Купить сертификат»: the catalogue, outside the signed-in frame.
    await main.getByRole("link", { name: "Купить сертификат" }).click();
    await page.waitForURL("**/shop");
    await expectVisible(page.getByRole("heading", { level: 1, name: "Купить сертификат" }));
    const card = page.getByRole("article", { name: "Позвони Врачу", exact: true });
    await expectVisible(card);
    await expectVisible(card.getByText("12 мес."));
    await expectVisible(card.getByText("1 человек"));
    await expectSound(page);
    await page.screenshot({ path: "/tmp/shop-catalogue-360.png", fullPage: true });

    await card.getByRole("link", { name: "Купить: Позвони Врачу" }).click();
    await page.waitForURL(/\/cabinet\/shop\/[0-9a-f-]{36}$/);
    const patient1 = main.getByRole("group", { name: "Пациент 1" });
    await expectVisible(patient1);
    expect(await patient1.getByLabel("Фамилия").inputValue()).toBe("Иванов");
    expect(await patient1.getByLabel("Имя", { exact: true }).inputValue()).toBe("Иван");
    expect(await main.getByLabel("E-mail для чека").inputValue()).toBe("ivanov@example.ru");
    // One person only: no second patient.
    expect(await main.getByRole("button", { name: "Добавить пациента 2" }).count()).toBe(0);
    await patient1.getByLabel("Дата рождения").fill("12041985");
    expect(await patient1.getByLabel("Дата рождения").inputValue()).toBe("12.04.1985");
    expect(await main.getByRole("radio", { name: "Картой" }).isChecked()).toBe(true);
    await main.getByRole("checkbox", { name: /Я принимаю условия договора-оферты/ }).check();
    await expectSound(page);
    await page.screenshot({ path: "/tmp/shop-checkout-360.png", fullPage: true });

    await main.getByRole("button", { name: "Перейти к оплате" }).click();
    await page.waitForURL(/\/sandbox-pay\/[^/]+$/);
    await page.getByRole("button", { name: "Оплатить картой" }).click();

    await page.waitForURL(/\/cabinet\/orders\/[0-9a-f-]{36}\/return$/);
    await expectVisible(main.getByText("Оплачено"));
    const number = main.getByText(/^Сертификат № 11\/9\d{7}$/);
    await expectVisible(number);
    const certificate = ((await number.textContent()) ?? "").replace("Сертификат № ", "");
    const orderLine = main.getByText(/^Заказ № \d+$/);
    const order = (await orderLine.textContent()) ?? "";
    await expectSound(page);
    await page.screenshot({ path: "/tmp/shop-paid-360.png", fullPage: true });

    await main.getByRole("link", { name: "Мои договоры" }).click();
    await page.waitForURL("**/cabinet/contracts");
    await expectVisible(main.getByRole("link", { name: `Открыть: Сертификат ${certificate}` }));

    await page.goto("/cabinet/profile");
    await main.getByRole("link", { name: "Мои платежи" }).click();
    await page.waitForURL("**/cabinet/profile/payments");
    const placed = main.getByRole("article", { name: order });
    await expectVisible(placed);
    await expectVisible(placed.getByText("Оплачен", { exact: true }));
    await expectVisible(placed.getByText("Картой"));
    await expectVisible(placed.getByRole("link", { name: `Сертификат ${certificate}` }));
    await expectVisible(
      placed.getByRole("button", { name: `Вернуть деньги: ${order.toLowerCase()}` }),
    );
    // «Квитанция»: the order's PDF, in a new tab.
    const receipt = placed.getByRole("link", { name: /^Квитанция по заказу/ });
    expect(await receipt.getAttribute("target")).toBe("_blank");
    const pdf = await page.request.get((await receipt.getAttribute("href")) ?? "");
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toContain("application/pdf");
    await expectSound(page);
    await page.screenshot({ path: "/tmp/shop-payments-360.png", fullPage: true });

    // «Вернуть деньги» before the start date: asked first, then refunded in full.
    await placed.getByRole("button", { name: /^Вернуть деньги/ }).click();
    const dialog = page.getByRole("dialog", { name: "Вернуть деньги?" });
    await expectVisible(
      dialog.getByText(`Сертификат ${certificate} будет аннулирован`, { exact: false }),
    );
    await expectSound(page);
    await dialog.getByRole("button", { name: /^Вернуть 2\s900\s₽$/ }).click();
    await expectVisible(
      main.getByText(`Возврат по заказу № ${order.replace("Заказ № ", "")} оформлен.`),
    );
    await expectVisible(placed.getByText(/^Возврат 2\s900\s₽ — /));
    await page.screenshot({ path: "/tmp/shop-refunded-360.png", fullPage: true });
    expect(consoleErrors).toEqual([]);
  });

  it("a signed-out visitor's «Купить» at 1280 px goes through «Вход» and back to that program's checkout", async () => {
    const { page, consoleErrors } = await browser.open("/shop", viewports.desktop);
    const card = page.getByRole("article", { name: "Позвони Врачу плюс" });
    await expectVisible(card);
    await expectVisible(card.getByText("до 2 человек"));
    await expectSound(page);
    await page.screenshot({ path: "/tmp/shop-catalogue-1280.png", fullPage: true });
    await card.getByRole("link", { name: "Купить: Позвони Врачу плюс" }).click();

    await page.waitForURL("**/cabinet/sign-in");
    await page.getByLabel("Телефон").fill(DEMO_CLIENT.phone);
    await page.getByLabel("Пароль", { exact: true }).fill(DEMO_CLIENT.password);
    await page.getByRole("button", { name: "Войти" }).click();

    await page.waitForURL(/\/cabinet\/shop\/[0-9a-f-]{36}$/);
    const main = page.getByRole("main");
    await expectVisible(main.getByRole("heading", { name: "Позвони Врачу плюс" }));
    await main.getByRole("button", { name: "Добавить пациента 2" }).click();
    await expectVisible(main.getByRole("group", { name: "Пациент 2" }));
    await expectSound(page);
    await page.screenshot({ path: "/tmp/shop-checkout-1280.png", fullPage: true });
    expect(consoleErrors).toEqual([]);
  });
});
