import type { BrowserContext, Page } from "playwright-core";
import { afterAll, describe, expect, inject, it } from "vitest";
import { apiRequest, sessionCookie } from "./support/api.ts";
import { expectSound, expectVisible, setupBrowser, viewports } from "./support/browser.ts";

const browser = setupBrowser();
const DEMO_PASSWORD = "rms-demo-2026";
// A 2×2 PNG: the server judges a file by its content, so it has to be a real one.
const PHOTO = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGM4ERAARAwQCgApTgWhFNXuZQAAAABJRU5ErkJggg==",
  "base64",
);

const api = (path: string, init?: Parameters<typeof apiRequest>[2]) =>
  apiRequest(inject("baseURL"), path, init);

async function doctorSession(): Promise<string> {
  const res = await api("/api/staff/auth/sign-in", {
    method: "POST",
    body: { email: "doctor@rms.local", password: DEMO_PASSWORD },
  });
  return sessionCookie(res, "rms_staff_session");
}

/** The browser's own session, to read what the server stored as the client sees it. */
async function clientCookie(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((candidate) => candidate.name === "rms_session");
  if (!cookie) throw new Error("the client is not signed in");
  return `rms_session=${cookie.value}`;
}

/** The chats this spec opened, closed after it: the doctors' queue is left as other specs found it. */
const opened = new Set<string>();

afterAll(async () => {
  if (opened.size === 0) return;
  const doctor = await doctorSession();
  for (const id of opened) {
    // A closed chat opens for a doctor only with a reason: its status is not read, a second
    // closing is simply refused (409).
    const chat = (await (await api(`/api/staff/chats/${id}`, { cookie: doctor })).json()) as {
      status?: string;
    };
    if (chat.status === "waiting") {
      await api(`/api/staff/chats/${id}/take`, { method: "POST", cookie: doctor });
    }
    const res = await api(`/api/staff/chats/${id}/close`, {
      method: "POST",
      cookie: doctor,
      body: { outcome: "recommendations", conclusion: "Закрыто после проверки чата клиента" },
    });
    if (res.status !== 200 && res.status !== 409) {
      throw new Error(`chat ${id} not closed: ${res.status} ${await res.text()}`);
    }
  }
});

/** The conversation the page is on, remembered for the clean-up. */
async function openedConversation(page: Page): Promise<string> {
  await page.waitForURL(/\/cabinet\/chat\/[0-9a-f-]{36}$/);
  const id = page.url().split("/").at(-1) ?? "";
  opened.add(id);
  return id;
}

async function signIn(page: Page) {
  await page.getByLabel("Телефон").fill("+7 926 111-11-11");
  await page.getByLabel("Пароль", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Войти" }).click();
}

async function doctorSays(conversationId: string, doctor: string, body: string) {
  const form = new FormData();
  form.append("clientMessageId", crypto.randomUUID());
  form.append("body", body);
  const res = await fetch(`${inject("baseURL")}/api/staff/chats/${conversationId}/messages`, {
    method: "POST",
    headers: { origin: inject("baseURL"), cookie: doctor },
    body: form,
  });
  expect(res.status).toBe(201);
}

describe("«Чат с врачом» in the cabinet, on a phone", () => {
  it("leads from «сейчас через чат!» through sign-in into «Новый чат», where a photo goes with the first message", async () => {
    const { page, consoleErrors } = await browser.open("/cabinet/sign-in", viewports.phone);
    await page.getByRole("link", { name: "сейчас через чат!" }).click();
    await expectVisible(page.getByText("и сразу откроется «Чат с врачом»"));
    await signIn(page);
    await page.waitForURL(/\/cabinet\/chat$/);
    await expectVisible(page.getByRole("heading", { level: 1, name: "Чат с врачом" }));
    await expectSound(page);

    await page.getByRole("link", { name: "Новый чат" }).click();
    await expectVisible(page.getByRole("radio", { name: /Иванов Иван Иванович \(я\)/ }));
    await expectVisible(page.getByText(/не является постановкой диагноза/));
    expect(await page.getByRole("link", { name: /103/ }).getAttribute("href")).toBe("tel:103");
    expect(await page.getByRole("link", { name: /112/ }).getAttribute("href")).toBe("tel:112");
    await expectSound(page);
    await page
      .getByRole("textbox", { name: "Сообщение", exact: true })
      .fill("Сыпь на руке второй день, фото прилагаю.");
    await page.locator('input[type="file"]').setInputFiles({
      name: "rash.png",
      mimeType: "image/png",
      buffer: PHOTO,
    });
    await page.getByRole("button", { name: "Отправить" }).click();

    await openedConversation(page);
    const image = page.getByRole("img", { name: "Фото: rash.png" });
    await expectVisible(image);
    // The preview came through the checked download and is a picture, not a broken link.
    await page.waitForFunction(
      () =>
        (document.querySelector('img[alt="Фото: rash.png"]') as HTMLImageElement | null)
          ?.naturalWidth === 2,
    );
    await expectVisible(page.getByText("Ждёт врача").or(page.getByText("Ваше сообщение получено")));
    await expectSound(page);
    expect(consoleErrors).toEqual([]);
  });

  it("shows the doctor typing and the reply without a reload, and a message whose send failed goes once on «Повторить»", async () => {
    const { page, consoleErrors } = await browser.open("/cabinet/sign-in", viewports.phone);
    await signIn(page);
    await page.waitForURL(/\/cabinet$/);
    await page.goto("/cabinet/chat/new");
    await page
      .getByRole("textbox", { name: "Сообщение", exact: true })
      .fill("Болит горло, температура 37,8.");
    await page.getByRole("button", { name: "Отправить" }).click();
    const conversationId = await openedConversation(page);

    const doctor = await doctorSession();
    expect(
      (await api(`/api/staff/chats/${conversationId}/take`, { method: "POST", cookie: doctor }))
        .status,
    ).toBe(200);
    await expectVisible(page.getByText(/Консультацию ведёт врач Кузнецов Андрей Викторович/));
    expect(
      (await api(`/api/staff/chats/${conversationId}/typing`, { method: "POST", cookie: doctor }))
        .status,
    ).toBe(204);
    await expectVisible(page.getByText("Врач печатает…"));
    await doctorSays(conversationId, doctor, "Здравствуйте! Есть ли налёт на миндалинах?");
    await expectVisible(page.getByText("Здравствуйте! Есть ли налёт на миндалинах?"));
    await expect.poll(() => page.getByText("Врач печатает…").count()).toBe(0);
    // The open conversation told the doctor the answer was read.
    await expect
      .poll(async () => {
        const chat = (await (
          await api(`/api/staff/chats/${conversationId}`, { cookie: doctor })
        ).json()) as {
          messages: { author: string; delivery: string }[];
        };
        return chat.messages
          .filter((message) => message.author === "doctor")
          .map((m) => m.delivery);
      })
      .toEqual(["read"]);

    // The connection drops as the message goes out.
    const messages = `**/api/chat/conversations/${conversationId}/messages`;
    await page.route(messages, (route) => route.abort("internetdisconnected"));
    await page
      .getByRole("textbox", { name: "Сообщение", exact: true })
      .fill("Налёта нет, антибиотики не принимал.");
    await page.getByRole("button", { name: "Отправить" }).click();
    await expectVisible(page.getByText("Не отправлено", { exact: true }));
    await expectSound(page);
    // A reload keeps it, marked as not sent.
    await page.reload();
    await expectVisible(page.getByText("Не отправлено", { exact: true }));
    await page.unroute(messages);
    await page.getByRole("button", { name: "Повторить" }).click();
    await expect.poll(() => page.getByText("Не отправлено", { exact: true }).count()).toBe(0);

    const stored = (await (
      await api(`/api/chat/conversations/${conversationId}`, {
        cookie: await clientCookie(page.context()),
      })
    ).json()) as { messages: { body: string }[] };
    expect(stored.messages.filter((message) => message.body.startsWith("Налёта нет"))).toHaveLength(
      1,
    );
    await page.reload();
    await expectVisible(page.getByText("Налёта нет, антибиотики не принимал."));
    expect(await page.getByText("Налёта нет, антибиотики не принимал.").count()).toBe(1);
    expect(consoleErrors.filter((error) => !error.includes("ERR_INTERNET_DISCONNECTED"))).toEqual(
      [],
    );
  });

  it("shows the doctor's «Заключение» as it is written and takes a rating, at 1280 px too", async () => {
    const { page, consoleErrors } = await browser.open("/cabinet/sign-in", viewports.phone);
    await signIn(page);
    await page.waitForURL(/\/cabinet$/);
    await page.goto("/cabinet/chat/new");
    await page
      .getByRole("textbox", { name: "Сообщение", exact: true })
      .fill("Можно ли делать прививку от гриппа при насморке?");
    await page.getByRole("button", { name: "Отправить" }).click();
    const conversationId = await openedConversation(page);

    const doctor = await doctorSession();
    await api(`/api/staff/chats/${conversationId}/take`, { method: "POST", cookie: doctor });
    const { specialties } = (await (
      await api("/api/staff/chat-specialties", { cookie: doctor })
    ).json()) as { specialties: { id: string; name: string }[] };
    const therapy = specialties.find((specialty) => specialty.name === "терапевт");
    expect(therapy).toBeDefined();
    const closed = await api(`/api/staff/chats/${conversationId}/close`, {
      method: "POST",
      cookie: doctor,
      body: {
        outcome: "in_person",
        specialtyId: therapy?.id,
        conclusion: "Прививку лучше отложить до выздоровления; перед ней — очный осмотр терапевта.",
      },
    });
    expect(closed.status).toBe(200);

    const card = page.getByRole("region", { name: "Заключение" });
    await expectVisible(card);
    await expectVisible(card.getByText("Нужна очная консультация"));
    await expectVisible(
      card.getByText("Прививку лучше отложить до выздоровления", { exact: false }),
    );
    await expectVisible(card.getByText("Кузнецов Андрей Викторович"));
    // «Записаться» opens the booking with the chat's person and the recommended specialty.
    const { personId } = (await (
      await api(`/api/chat/conversations/${conversationId}`, {
        cookie: await clientCookie(page.context()),
      })
    ).json()) as { personId: string };
    expect(await card.getByRole("link", { name: "Записаться" }).getAttribute("href")).toBe(
      `/cabinet/booking?personId=${personId}&specialtyId=${therapy?.id}`,
    );
    expect(await page.getByRole("textbox", { name: "Сообщение", exact: true }).count()).toBe(0);
    await expectSound(page);

    await page.getByRole("button", { name: "Оценить консультацию" }).click();
    await expectVisible(page.getByText("Поставьте оценку от 1 до 5"));
    await page.getByRole("radio", { name: "5 из 5" }).check();
    await page.getByLabel(/Комментарий/).fill("Спасибо, всё понятно");
    await page.getByRole("button", { name: "Оценить консультацию" }).click();
    await expectVisible(page.getByText("Ваша оценка: 5 из 5"));

    await page.setViewportSize(viewports.desktop);
    await page.goto("/cabinet/chat");
    const closedList = page.getByRole("region", { name: "Завершённые" });
    await expectVisible(closedList.getByText("Заключение: Нужна очная консультация").first());
    await expectSound(page);
    expect(consoleErrors).toEqual([]);
  });
});
