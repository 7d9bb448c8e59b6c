import { randomUUID } from "node:crypto";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { apiRequest, sessionCookie } from "./support/api.ts";
import { expectSound, expectVisible, setupBrowser, viewports } from "./support/browser.ts";
import {
  createSpecStaffMember,
  type SpecStaffMember,
  signInConsole,
  signInDemoAdmin,
} from "./support/staff.ts";

const browser = setupBrowser();
const DEMO_PHONE = "+79261111111";
const DEMO_PASSWORD = "rms-demo-2026";
const rubles = new Intl.NumberFormat("ru-RU", { style: "currency", currency: "RUB" });

function api(path: string, init: { method?: string; cookie?: string; body?: unknown } = {}) {
  return apiRequest(browser.baseURL(), path, init);
}

async function json<T>(res: Response): Promise<T> {
  if (!res.ok) throw new Error(`${res.url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** A Moscow date `days` from today as «дд.мм.гггг». */
function moscowDay(days: number): string {
  const iso = new Date(Date.now() + 3 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
  const [year, month, day] = iso.split("-");
  return `${day}.${month}.${year}`;
}

/** The demo client buys a certificate and pays on the sandbox's page; the order's number. */
async function demoClientBuysCertificate(): Promise<{ id: string; number: number }> {
  const client = sessionCookie(
    await api("/api/auth/sign-in", {
      method: "POST",
      body: { phone: DEMO_PHONE, password: DEMO_PASSWORD },
    }),
    "rms_session",
  );
  const { programs } = await json<{ programs: { id: string; audience: string }[] }>(
    await api("/api/shop/programs"),
  );
  const program = programs.find((candidate) => candidate.audience !== "child");
  if (!program) throw new Error("the demo catalogue sells no certificate to adults");
  const { documents } = await json<{ documents: { slug: string; version: number }[] }>(
    await api("/api/legal/documents"),
  );
  const offer = documents.find((document) => document.slug === "offer");
  if (!offer) throw new Error("no offer agreement is published");
  const created = await json<{ orderId: string; confirmationUrl: string }>(
    await api("/api/orders", {
      method: "POST",
      cookie: client,
      body: {
        kind: "certificate",
        checkoutKey: randomUUID(),
        programId: program.id,
        persons: [
          {
            lastName: "Иванов",
            firstName: "Иван",
            patronymic: "Иванович",
            birthDate: "15.03.1985",
          },
        ],
        startsOn: moscowDay(3),
        receiptEmail: "ivanov@example.ru",
        acceptedDocuments: [{ slug: "offer", version: offer.version }],
        method: "bank_card",
      },
    }),
  );
  const paymentPath = new URL(created.confirmationUrl, browser.baseURL()).pathname;
  const paid = await fetch(`${browser.baseURL()}${paymentPath}/pay`, {
    method: "POST",
    redirect: "manual",
    headers: {
      origin: browser.baseURL(),
      "content-type": "application/x-www-form-urlencoded",
    },
    body: "",
  });
  if (paid.status >= 400) throw new Error(`the sandbox refused the payment: ${paid.status}`);
  // The sandbox's notification reaches the shop through the job queue.
  for (let tries = 0; tries < 60; tries += 1) {
    const order = await json<{ status: string; number: number }>(
      await api(`/api/orders/${created.orderId}`, { cookie: client }),
    );
    if (order.status === "paid") return { id: created.orderId, number: order.number };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("the order was not paid in 15 s");
}

let admin: SpecStaffMember;
let order: { id: string; number: number };

beforeAll(async () => {
  const demoAdmin = await signInDemoAdmin(browser.baseURL());
  admin = await createSpecStaffMember(browser.baseURL(), demoAdmin, {
    role: "admin",
    emailPrefix: "orders.admin.e2e",
    fullName: "Бухгалтерова Марина",
  });
  order = await demoClientBuysCertificate();
});

describe("«Заказы и платежи» in the staff console", () => {
  it("lets an admin find the demo client's order, refund part of it with a reason and see the day's totals", async () => {
    const { page, consoleErrors } = await browser.open("/staff/sign-in", viewports.desktop);
    await signInConsole(page, admin);

    await page.getByRole("link", { name: "Заказы и платежи" }).click();
    await expectVisible(page.getByRole("heading", { level: 1, name: "Заказы и платежи" }));
    await page.getByLabel("Телефон, ФИО, номер заказа или платежа").fill(String(order.number));
    await page.getByRole("button", { name: "Найти" }).click();
    const link = page.getByRole("link", { name: `№ ${order.number}` });
    await expectVisible(link);
    await expectVisible(page.getByRole("heading", { name: "Итоги дня" }));
    await expectSound(page);
    await page.screenshot({ path: "/tmp/staff-orders-search-1280.png", fullPage: true });
    await link.click();

    await expectVisible(page.getByRole("heading", { level: 1, name: `Заказ № ${order.number}` }));
    await expectVisible(page.getByText("+7 926 111-11-11").first());
    const attempts = page.getByRole("region", { name: "Попытки оплаты" });
    await expectVisible(attempts.getByText("Оплачена", { exact: true }));
    // The notification's raw body opens in its disclosure.
    await attempts.getByText("Показать тело").first().click();
    await expectVisible(attempts.getByText(/"payment\.succeeded"/).first());
    await expectSound(page);
    await page.screenshot({ path: "/tmp/staff-orders-card-1280.png", fullPage: true });

    await page.getByRole("button", { name: "Вернуть деньги" }).click();
    const dialog = page.getByRole("dialog", { name: "Вернуть деньги" });
    await expectVisible(dialog);
    const amount = dialog.getByLabel("Сумма, ₽");
    expect(await amount.inputValue()).not.toBe("");
    // No reason yet: the form says so and refunds nothing.
    await amount.fill("500");
    await dialog.getByRole("button", { name: "Вернуть" }).click();
    await expectVisible(dialog.getByText("Укажите причину возврата"));
    await dialog.getByLabel("Причина").fill("Клиент недоволен сроками — возврат части");
    await expectVisible(dialog.getByLabel("Аннулировать сертификат"));
    await expectSound(page);
    await page.screenshot({ path: "/tmp/staff-orders-refund-1280.png", fullPage: true });
    await dialog.getByRole("button", { name: "Вернуть" }).click();

    await expectVisible(page.getByText(`Возврат ${rubles.format(500)} отправлен.`));
    // The section, and inside it the table's scroll area, share the heading's name.
    const refunds = page.getByRole("region", { name: "Возвраты" }).first();
    await expectVisible(refunds.getByText("Клиент недоволен сроками — возврат части"));
    await expectVisible(refunds.getByText("Проведён"));
    await expectVisible(page.getByText("Возвращён частично").first());

    await page.getByRole("link", { name: "Все заказы" }).click();
    const totals = page.getByRole("region", { name: "Итоги дня" });
    await expectVisible(totals.getByText("Возвращено"));
    const today = await page.evaluate(() =>
      new Date(Date.now() + 3 * 3_600_000).toISOString().slice(0, 10),
    );
    const demoAdmin = await signInDemoAdmin(browser.baseURL());
    const sums = await json<{ refundedKopecks: number; netKopecks: number }>(
      await api(`/api/staff/orders/totals?date=${today}`, { cookie: demoAdmin }),
    );
    expect(sums.refundedKopecks).toBeGreaterThanOrEqual(50_000);
    await expectVisible(totals.getByText(rubles.format(sums.refundedKopecks / 100)));
    await expectVisible(totals.getByText(rubles.format(sums.netKopecks / 100)));
    await expectSound(page);

    // «Выгрузить в Excel»: a reversed range is refused on the form, today's file has both rows.
    const exportForm = page.getByRole("form", { name: "Выгрузка для бухгалтерии" });
    await exportForm.getByLabel("С", { exact: true }).fill(today);
    await exportForm.getByLabel("По", { exact: true }).fill("2020-01-01");
    await exportForm.getByRole("button", { name: "Выгрузить в Excel" }).click();
    await expectVisible(exportForm.getByText("Дата «по» раньше даты «с»").first());
    await exportForm.getByLabel("По", { exact: true }).fill(today);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      exportForm.getByRole("button", { name: "Выгрузить в Excel" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`rms-payments-${today}-${today}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await download.path());
    const rows: unknown[][] = [];
    workbook.worksheets[0]?.eachRow((row) => {
      rows.push((row.values as unknown[]).slice(1));
    });
    const ofOrder = rows.filter((row) => row[1] === order.number);
    expect(ofOrder.map((row) => [row[4], row[7]])).toEqual([
      ["Оплата", expect.any(Number)],
      ["Возврат администратором", -500],
    ]);
    await page.screenshot({ path: "/tmp/staff-orders-list-1280.png", fullPage: true });
    expect(consoleErrors).toEqual([]);
  });

  it("finds the order by the client's phone on a phone-sized screen and shows its card whole", async () => {
    const { page, consoleErrors } = await browser.open("/staff/sign-in", viewports.phone);
    await signInConsole(page, admin);
    await page.goto("/staff/orders");
    await page.getByLabel("Телефон, ФИО, номер заказа или платежа").fill("8 926 111 11 11");
    await page.getByRole("button", { name: "Найти" }).click();
    const link = page.getByRole("link", { name: `№ ${order.number}` });
    await expectVisible(link);
    await expectSound(page);
    await page.screenshot({ path: "/tmp/staff-orders-search-360.png", fullPage: true });
    await link.click();
    await expectVisible(page.getByRole("heading", { level: 1, name: `Заказ № ${order.number}` }));
    await expectVisible(
      page.getByRole("region", { name: "История" }).first().getByText("Запрошен возврат"),
    );
    await expectSound(page);
    await page.screenshot({ path: "/tmp/staff-orders-card-360.png", fullPage: true });
    expect(consoleErrors).toEqual([]);
  });
});
