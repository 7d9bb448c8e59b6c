import { randomInt } from "node:crypto";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { apiRequest, sessionCookie } from "./support/api.ts";
import { expectVisible, setupBrowser, viewports } from "./support/browser.ts";

const browser = setupBrowser();
const DEMO_PASSWORD = "rms-demo-2026";
const CLIENT = "Иванов Иван Иванович";
/** The demo client's certificate whose program («Позвони Врачу») has chat and therapists in its network. */
const CERTIFICATE = "11/30117742";

function api(path: string, init: { method?: string; cookie?: string; body?: unknown } = {}) {
  return apiRequest(browser.baseURL(), path, init);
}

async function doctorSession(): Promise<string> {
  const res = await api("/api/staff/auth/sign-in", {
    method: "POST",
    body: { email: "doctor@rms.local", password: DEMO_PASSWORD },
  });
  return sessionCookie(res, "rms_staff_session");
}

async function clientCookie(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((candidate) => candidate.name === "rms_session");
  if (!cookie) throw new Error("the client is not signed in");
  return `rms_session=${cookie.value}`;
}

/** What this spec left behind, undone after it: the chat closed, the appointment cancelled. */
const cleanUp: { chatId?: string; appointmentId?: string; client?: string } = {};

afterAll(async () => {
  if (cleanUp.appointmentId && cleanUp.client) {
    const res = await api(`/api/appointments/${cleanUp.appointmentId}/cancel`, {
      method: "POST",
      cookie: cleanUp.client,
    });
    if (res.status !== 200) throw new Error(`appointment not cancelled: ${res.status}`);
  }
  if (cleanUp.chatId) {
    const doctor = await doctorSession();
    const res = await api(`/api/staff/chats/${cleanUp.chatId}/close`, {
      method: "POST",
      cookie: doctor,
      body: { outcome: "recommendations", conclusion: "Закрыто после проверки записи из чата" },
    });
    if (res.status !== 200 && res.status !== 409) {
      throw new Error(`chat not closed: ${res.status} ${await res.text()}`);
    }
  }
});

async function signInClient(page: Page) {
  await page.getByLabel("Телефон").fill("+7 926 111-11-11");
  await page.getByLabel("Пароль", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Войти" }).click();
  await page.waitForURL(/\/cabinet$/);
}

describe("booking from the chat", () => {
  it("the doctor offers free times, the client books one with a tap and finds it in «Мои записи»", async () => {
    const n = randomInt(100_000, 999_999);
    const { page: client, consoleErrors: clientErrors } = await browser.open(
      "/cabinet/sign-in",
      viewports.phone,
    );
    await signInClient(client);
    await client.goto("/cabinet/chat/new");
    await client
      .getByRole("radiogroup", { name: "Для кого" })
      .getByRole("radio", { name: `${CLIENT} (я)` })
      .check();
    await client
      .getByRole("textbox", { name: "Сообщение", exact: true })
      .fill(`Кашель вторую неделю, хочу к терапевту (${n})`);
    await client.getByRole("button", { name: "Отправить" }).click();
    await client.waitForURL(/\/cabinet\/chat\/[0-9a-f-]{36}$/);
    const chatId = new URL(client.url()).pathname.split("/").at(-1) ?? "";
    cleanUp.chatId = chatId;
    cleanUp.client = await clientCookie(client.context());
    await expectVisible(client.getByText(`Консультация для: ${CLIENT}, договор ${CERTIFICATE}`));

    // The doctor takes the chat and offers times in the console.
    const { page: doctor, consoleErrors: doctorErrors } = await browser.open(
      "/staff/sign-in",
      viewports.desktop,
    );
    await doctor.getByLabel("E-mail").fill("doctor@rms.local");
    await doctor.getByLabel("Пароль", { exact: true }).fill(DEMO_PASSWORD);
    await doctor.getByRole("button", { name: "Войти" }).click();
    await doctor.waitForURL(/\/staff\/chats$/);
    await doctor.goto(`/staff/chats/${chatId}`);
    await doctor.getByRole("button", { name: "Взять в работу" }).click();
    await doctor.getByRole("button", { name: "Предложить время" }).click();
    const dialog = doctor.getByRole("dialog", { name: "Предложить время приёма" });
    await expectVisible(dialog);
    await dialog.getByRole("combobox", { name: "Специальность" }).fill("терап");
    await doctor.getByRole("option", { name: "терапевт", exact: true }).click();
    // The last day of the list, away from the times other specs book for the demo client.
    const day = dialog.getByRole("combobox", { name: "День" });
    const days = await day
      .locator("option")
      .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
    const lastDay = days.at(-1) ?? "";
    await day.selectOption(lastDay);
    // The times of that day, not the list of all days still shown while they load (its first
    // times may be today's, inside the clinic's cut-off, which afterAll could not cancel).
    const dayText = new Intl.DateTimeFormat("ru-RU", {
      timeZone: "UTC",
      weekday: "short",
      day: "numeric",
      month: "long",
    }).format(new Date(`${lastDay}T00:00:00Z`));
    const times = dialog.getByRole("group", { name: /^Свободное время/ });
    const boxes = times.getByRole("checkbox", { name: new RegExp(`^${dayText}, `) });
    await expectVisible(boxes.first());
    expect(await times.getByRole("checkbox").count()).toBe(await boxes.count());
    expect(await boxes.count()).toBeGreaterThanOrEqual(2);
    const labels = await boxes.evaluateAll((inputs) =>
      inputs.map((input) => (input as HTMLInputElement).labels?.[0]?.textContent ?? ""),
    );
    for (const label of labels) expect(label).toContain("терапевт");
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await expectVisible(dialog.getByText("Выбрано 2 из 3"));
    await dialog
      .getByRole("textbox", { name: "Сообщение клиенту" })
      .fill(`Запишитесь на очный осмотр терапевта (${n}).`);
    await dialog.getByRole("button", { name: "Отправить время" }).click();
    await expectVisible(doctor.getByText("Время отправлено клиенту."));
    await expectVisible(doctor.getByRole("list", { name: "Предложенное время" }).first());

    // The first time offered, as the client's button names it: «Записаться на чт, 10 декабря, 10:30».
    const first = labels[0]?.split(" — ")[0] ?? "";
    expect(first).toMatch(/^[а-я]{2}, \d{1,2} [а-я]+, \d{2}:\d{2}$/);
    await expectVisible(client.getByText(`Запишитесь на очный осмотр терапевта (${n}).`));
    const offered = client.getByRole("list", { name: "Предложенное время" });
    expect(await offered.getByRole("listitem").count()).toBe(2);
    await expectVisible(offered.getByText("По программе").first());
    await offered.getByRole("button", { name: `Записаться на ${first}` }).click();
    await expectVisible(offered.getByText(`Вы записаны на ${first} (мск)`));
    const link = offered.getByRole("link", { name: "Открыть запись" });
    const href = (await link.getAttribute("href")) ?? "";
    expect(href).toMatch(/^\/cabinet\/appointments\/[0-9a-f-]{36}$/);
    cleanUp.appointmentId = href.split("/").at(-1);
    // The other time is still free for the client; the doctor sees the first one booked.
    expect(await offered.getByRole("button", { name: /^Записаться на / }).count()).toBe(1);
    await doctor.reload();
    await expectVisible(doctor.getByText(/: клиент записался$/));

    // «Мои записи» lists it.
    await client.goto("/cabinet/appointments");
    await expectVisible(client.getByRole("heading", { level: 1, name: "Мои записи" }));
    await expectVisible(client.locator(`a[href="${href}"]`));

    expect(clientErrors).toEqual([]);
    expect(doctorErrors).toEqual([]);
  }, 120_000);
});
