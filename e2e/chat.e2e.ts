import { randomInt } from "node:crypto";
import { deflateSync } from "node:zlib";
import type { BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { apiRequest, sessionCookie } from "./support/api.ts";
import { expectSound, expectVisible, setupBrowser, viewports } from "./support/browser.ts";

const browser = setupBrowser();
const DEMO_PASSWORD = "rms-demo-2026";
const CLIENT = "Иванов Иван Иванович";
const DOCTOR = "Кузнецов Андрей Викторович";
/** The demo client's active certificate whose program («Позвони Врачу») includes chat. */
const CERTIFICATE = "11/30117742";

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([head, body, crc]);
}

/** A real photo-like PNG (an RGB gradient): the server judges a file by its content. */
function gradientPng(width: number, height: number): Buffer {
  const row = width * 3 + 1;
  const raw = Buffer.alloc(row * height);
  for (let y = 0; y < height; y++) {
    raw[y * row] = 0;
    for (let x = 0; x < width; x++) {
      const at = y * row + 1 + x * 3;
      raw[at] = Math.round((x / width) * 255);
      raw[at + 1] = Math.round((y / height) * 255);
      raw[at + 2] = 160;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    pngChunk("IDAT", deflateSync(raw)),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

const PHOTO_WIDTH = 64;
const PHOTO = gradientPng(PHOTO_WIDTH, 48);

function api(path: string, init: { method?: string; cookie?: string; body?: unknown } = {}) {
  return apiRequest(browser.baseURL(), path, init);
}

/** The chats this spec opened: closed after it, so the queue is left as other specs found it. */
const opened = new Set<string>();

afterAll(async () => {
  if (opened.size === 0) return;
  const signIn = await api("/api/staff/auth/sign-in", {
    method: "POST",
    body: { email: "doctor@rms.local", password: DEMO_PASSWORD },
  });
  const doctor = sessionCookie(signIn, "rms_staff_session");
  const all = (await (await api("/api/staff/chats?view=all", { cookie: doctor })).json()) as {
    chats: { id: string; status: string }[];
  };
  for (const id of opened) {
    const chat = all.chats.find((entry) => entry.id === id);
    if (!chat || chat.status === "closed") continue;
    if (chat.status === "waiting") {
      await api(`/api/staff/chats/${id}/take`, { method: "POST", cookie: doctor });
    }
    const res = await api(`/api/staff/chats/${id}/close`, {
      method: "POST",
      cookie: doctor,
      body: { outcome: "recommendations", conclusion: "Закрыто после проверки чата" },
    });
    if (res.status !== 200)
      throw new Error(`chat ${id} not closed: ${res.status} ${await res.text()}`);
  }
});

async function signInClient(page: Page) {
  await page.getByLabel("Телефон").fill("+7 926 111-11-11");
  await page.getByLabel("Пароль", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Войти" }).click();
  await page.waitForURL(/\/cabinet$/);
}

/** The demo doctor in the console, at 1280 px: a doctor starts on «Чаты». */
async function openConsole() {
  const { page, consoleErrors } = await browser.open("/staff/sign-in", viewports.desktop);
  await page.getByLabel("E-mail").fill("doctor@rms.local");
  await page.getByLabel("Пароль", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Войти" }).click();
  await page.waitForURL(/\/staff\/chats$/);
  await expectVisible(page.getByRole("heading", { level: 1, name: "Чаты" }));
  return { doctor: page, doctorErrors: consoleErrors };
}

/** «Новый чат» for the account holder on the certificate, with the first message (and a photo). */
async function startChat(page: Page, text: string, photo?: string): Promise<string> {
  await page.getByRole("navigation").getByRole("link", { name: "Чат с врачом" }).first().click();
  await expectVisible(page.getByRole("heading", { level: 1, name: "Чат с врачом" }));
  await page.getByRole("link", { name: "Новый чат" }).click();
  await expectVisible(page.getByRole("heading", { level: 1, name: "Новый чат" }));
  const forWhom = page.getByRole("radiogroup", { name: "Для кого" });
  await expectVisible(forWhom);
  const holder = forWhom.getByRole("radio", { name: `${CLIENT} (я)` });
  expect(await holder.count()).toBe(1);
  await holder.check();
  await page.getByRole("textbox", { name: "Сообщение", exact: true }).fill(text);
  if (photo) {
    const chooser = page.waitForEvent("filechooser");
    await page.getByRole("button", { name: "Прикрепить файл" }).click();
    await (await chooser).setFiles({ name: photo, mimeType: "image/png", buffer: PHOTO });
    await expectVisible(page.getByRole("button", { name: `Удалить файл ${photo}` }));
    await expectSound(page);
  }
  await page.getByRole("button", { name: "Отправить" }).click();
  await page.waitForURL(/\/cabinet\/chat\/[0-9a-f-]{36}$/);
  const id = new URL(page.url()).pathname.split("/").at(-1) ?? "";
  opened.add(id);
  await expectVisible(page.getByText(`Консультация для: ${CLIENT}, договор ${CERTIFICATE}`));
  return id;
}

/** The client's thread (role log «Сообщения»). */
function clientThread(page: Page): Locator {
  return page.getByRole("log", { name: "Сообщения" });
}

/** The doctor's thread (the list «Сообщения чата»). */
function doctorThread(page: Page): Locator {
  return page.getByRole("list", { name: "Сообщения чата" });
}

/** The message of a thread that says `text`. */
function message(thread: Locator, text: string): Locator {
  return thread.getByRole("listitem").filter({ hasText: text });
}

/** Waits until an image has loaded as a picture (not a broken link) and gives its width. */
async function expectPicture(image: Locator): Promise<void> {
  await expectVisible(image);
  await image.scrollIntoViewIfNeeded();
  await expect
    .poll(() => image.evaluate((element) => (element as HTMLImageElement).naturalWidth))
    .toBe(PHOTO_WIDTH);
}

/** What a page wrote to its console, less the failed loads of going offline on purpose. */
function unexpected(errors: string[]): string[] {
  return errors.filter((error) => !error.includes("ERR_INTERNET_DISCONNECTED"));
}

async function clientCookie(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((entry) => entry.name === "rms_session");
  if (!cookie) throw new Error("the client is not signed in");
  return `rms_session=${cookie.value}`;
}

describe("«Чат с врачом»: the client on a phone and the doctor at a desk, side by side", () => {
  it("takes a new chat with a photo from the queue, answers it live, closes it with a «Заключение» the client sees with its appeal, and a reload keeps the history", async () => {
    const n = randomInt(1e6);
    const question = `Сыпь на руке второй день, фото прилагаю (${n}).`;
    const photo = `сыпь-${n}.png`;
    const reply = `Здравствуйте! Сыпь зудит? Были ли новые продукты или лекарства? (${n})`;
    const conclusion = `Похоже на контактный дерматит (${n}). Антигистаминный препарат 5 дней; если сыпь распространится — очный приём дерматолога.`;

    const { page: client, consoleErrors: clientErrors } = await browser.open(
      "/cabinet/sign-in",
      viewports.phone,
    );
    await signInClient(client);
    const id = await startChat(client, question, photo);
    const mine = message(clientThread(client), question);
    await expectVisible(mine);
    await expectPicture(mine.getByRole("img", { name: `Фото: ${photo}` }));
    await expectVisible(mine.getByText("Отправлено", { exact: true }));
    await expectVisible(client.getByText(/Ваше сообщение получено/));
    await expectVisible(client.getByText(/не является постановкой диагноза/));
    expect(await client.getByRole("link", { name: /103/ }).getAttribute("href")).toBe("tel:103");
    expect(await client.getByRole("link", { name: /112/ }).getAttribute("href")).toBe("tel:112");
    await expectSound(client);

    // The doctor finds it in the queue and takes it.
    const { doctor, doctorErrors } = await openConsole();
    await expectVisible(doctor.getByRole("tab", { name: /^Очередь \(\d+\)$/, selected: true }));
    const queue = doctor.getByRole("list", { name: "Очередь" });
    const item = queue.getByRole("listitem").filter({ hasText: question });
    await expectVisible(item);
    await expectVisible(
      item.getByRole("heading", { name: new RegExp(`^${CLIENT}, \\d+ (год|года|лет)$`) }),
    );
    await expectVisible(item.getByText("Позвони Врачу", { exact: true }));
    await expectVisible(item.getByText(CERTIFICATE, { exact: true }));
    await expectSound(doctor);
    await item.getByRole("button", { name: /^Взять в работу/ }).click();
    await doctor.waitForURL(new RegExp(`/staff/chats/${id}$`));
    await expectVisible(doctor.getByRole("heading", { level: 1, name: new RegExp(`^${CLIENT}`) }));
    await expectVisible(doctor.getByText("В работе у вас", { exact: true }));

    // The photo reaches the doctor as a preview; opening the chat marks the message read.
    const received = message(doctorThread(doctor), question);
    await expectVisible(received);
    await expectPicture(received.getByRole("img", { name: `Изображение ${photo}` }));
    await expectVisible(client.getByText(`Консультацию ведёт врач ${DOCTOR}`, { exact: false }));
    await expectVisible(mine.getByText("Прочитано", { exact: true }));
    expect(await mine.getByText("Отправлено", { exact: true }).count()).toBe(0);
    await expectSound(doctor);

    // The doctor types: the client sees it; the reply arrives without a reload.
    const answer = doctor.getByRole("form", { name: "Ответ клиенту" });
    await answer.getByRole("textbox", { name: "Сообщение", exact: true }).fill(reply);
    await expectVisible(client.getByText("Врач печатает…"));
    await expectSound(client);
    await client.screenshot({ path: "/tmp/chat-client-typing-360.png" });
    await answer.getByRole("button", { name: "Отправить" }).click();
    const replied = message(clientThread(client), reply);
    await expectVisible(replied);
    await expectVisible(replied.getByText(DOCTOR, { exact: false }));
    await expect.poll(() => client.getByText("Врач печатает…").count()).toBe(0);
    // The client has it on the screen: the doctor sees «Прочитано» under the reply.
    await expectVisible(
      message(doctorThread(doctor), reply).getByText("Прочитано", { exact: true }),
    );
    await doctor.screenshot({ path: "/tmp/chat-doctor-1280.png" });

    // «Завершить консультацию» with an outcome and the «Заключение».
    await doctor.getByRole("button", { name: "Завершить консультацию" }).click();
    const dialog = doctor.getByRole("dialog", { name: "Завершить консультацию" });
    await expectVisible(dialog);
    await dialog.getByRole("button", { name: "Завершить консультацию" }).click();
    await expectVisible(dialog.getByText("Выберите итог консультации"));
    await expectVisible(dialog.getByText("Напишите заключение"));
    await dialog.getByRole("radio", { name: "Рекомендации даны" }).check();
    await dialog.getByRole("textbox", { name: "Заключение" }).fill(conclusion);
    await expectSound(doctor);
    await dialog.getByRole("button", { name: "Завершить консультацию" }).click();
    await expectVisible(doctor.getByText("Консультация завершена, обращение записано в договор."));
    await expectVisible(doctor.getByRole("region", { name: "Заключение" }).getByText(conclusion));
    expect(await doctor.getByRole("form", { name: "Ответ клиенту" }).count()).toBe(0);

    // The client sees the «Заключение» card live, and the composer is gone.
    const card = client.getByRole("region", { name: "Заключение" });
    await expectVisible(card);
    await expectVisible(card.getByText("Рекомендации даны"));
    await expectVisible(card.getByText(conclusion));
    await expectVisible(card.getByText(DOCTOR, { exact: false }));
    expect(await client.getByRole("textbox", { name: "Сообщение", exact: true }).count()).toBe(0);
    await expectSound(client);

    // A reload keeps the whole history: each message once, the photo, the conclusion.
    await client.reload();
    await expectVisible(card.getByText(conclusion));
    await expect.poll(() => message(clientThread(client), question).count()).toBe(1);
    await expect.poll(() => message(clientThread(client), reply).count()).toBe(1);
    await expectPicture(
      message(clientThread(client), question).getByRole("img", { name: `Фото: ${photo}` }),
    );
    await expectVisible(message(clientThread(client), question).getByText("Прочитано"));
    await client.screenshot({ path: "/tmp/chat-client-closed-360.png" });

    // «Чат с врачом» lists it among the closed ones with its conclusion.
    await client.getByRole("link", { name: "Чат с врачом" }).first().click();
    const closed = client.getByRole("region", { name: "Завершённые" });
    await expectVisible(closed.getByRole("listitem").filter({ hasText: reply }).first());
    await expectSound(client);

    // The appeal «Консультация врача в чате» on the contract page, in «Обращения».
    await client.goto("/cabinet/contracts");
    await client.getByRole("link", { name: new RegExp(CERTIFICATE.replace("/", "\\/")) }).click();
    const appeals = client.getByRole("region", { name: "Обращения" });
    const appeal = appeals.getByRole("listitem").filter({ hasText: `(${n})` });
    await expectVisible(appeal);
    await expectVisible(appeal.getByText("Консультация врача в чате"));
    await expectVisible(appeal.getByText(`Рекомендации даны. ${conclusion}`, { exact: false }));
    await expectVisible(appeal.getByText(DOCTOR, { exact: false }));
    // The cabinet names covered persons by first name and patronymic, as in «Список обслуживаемых лиц».
    await expectVisible(appeal.getByText("Пациент: Иван Иванович", { exact: true }));
    await expectSound(client);

    expect(clientErrors).toEqual([]);
    expect(doctorErrors).toEqual([]);
  }, 180_000);

  it("keeps a message sent without a network as «Не отправлено» with «Повторить» and delivers it once", async () => {
    const n = randomInt(1e6);
    const question = `Болит горло, температура 37,8 (${n}).`;
    const lost = `Налёта на миндалинах нет (${n}).`;
    const offline = `Антибиотики не принимал (${n}).`;

    const { page: client, consoleErrors: clientErrors } = await browser.open(
      "/cabinet/sign-in",
      viewports.phone,
    );
    await signInClient(client);
    const id = await startChat(client, question);

    const { doctor, doctorErrors } = await openConsole();
    const item = doctor
      .getByRole("list", { name: "Очередь" })
      .getByRole("listitem")
      .filter({ hasText: question });
    await item.getByRole("button", { name: /^Взять в работу/ }).click();
    await doctor.waitForURL(new RegExp(`/staff/chats/${id}$`));
    await expectVisible(client.getByText(`Консультацию ведёт врач ${DOCTOR}`, { exact: false }));

    // The request never gets out: «Не отправлено», and «Повторить» sends it once.
    const messages = `**/api/chat/conversations/${id}/messages`;
    await client.route(messages, (route) => route.abort("internetdisconnected"));
    const composer = client.getByRole("form", { name: "Новое сообщение" });
    await composer.getByRole("textbox", { name: "Сообщение", exact: true }).fill(lost);
    await composer.getByRole("button", { name: "Отправить" }).click();
    const failed = message(clientThread(client), lost);
    await expectVisible(failed.getByText("Не отправлено", { exact: true }));
    await expectVisible(failed.getByText(/Нет связи с сервером/));
    await expectSound(client);
    await client.screenshot({ path: "/tmp/chat-client-unsent-360.png" });
    await client.unroute(messages);
    await failed.getByRole("button", { name: "Повторить" }).click();
    await expectVisible(failed.getByText(/^(Отправлено|Доставлено|Прочитано)$/));
    expect(await failed.getByText("Не отправлено", { exact: true }).count()).toBe(0);
    await expectVisible(message(doctorThread(doctor), lost));

    // Offline altogether: it waits, and goes by itself once the network is back.
    await client.context().setOffline(true);
    await composer.getByRole("textbox", { name: "Сообщение", exact: true }).fill(offline);
    await composer.getByRole("button", { name: "Отправить" }).click();
    const waiting = message(clientThread(client), offline);
    await expectVisible(waiting.getByText("Не отправлено", { exact: true }));
    await expectVisible(waiting.getByRole("button", { name: "Повторить" }));
    await client.context().setOffline(false);
    await expectVisible(waiting.getByText(/^(Отправлено|Доставлено|Прочитано)$/));
    await expectVisible(message(doctorThread(doctor), offline));

    // Exactly once on both sides, and on the server.
    for (const text of [lost, offline]) {
      expect(await message(doctorThread(doctor), text).count()).toBe(1);
      expect(await message(clientThread(client), text).count()).toBe(1);
    }
    const stored = (await (
      await api(`/api/chat/conversations/${id}`, { cookie: await clientCookie(client.context()) })
    ).json()) as { messages: { body: string }[] };
    expect(stored.messages.filter((entry) => [lost, offline].includes(entry.body))).toHaveLength(2);
    await client.reload();
    await expectVisible(message(clientThread(client), offline));
    expect(await message(clientThread(client), lost).count()).toBe(1);
    expect(await message(clientThread(client), offline).count()).toBe(1);
    expect(await client.getByText("Не отправлено", { exact: true }).count()).toBe(0);

    // Closed as a doctor would, so the queue and «Мои» stay as other specs expect them.
    await doctor.getByRole("button", { name: "Завершить консультацию" }).click();
    const dialog = doctor.getByRole("dialog", { name: "Завершить консультацию" });
    await dialog.getByRole("radio", { name: "Нужна очная консультация" }).check();
    await dialog
      .getByRole("combobox", { name: "Специальность врача для очной консультации" })
      .fill("оторино");
    await doctor.getByRole("option", { name: "оториноларинголог", exact: true }).click();
    await dialog.getByRole("textbox", { name: "Заключение" }).fill(`Осмотр ЛОР-врача (${n}).`);
    await dialog.getByRole("button", { name: "Завершить консультацию" }).click();
    await expectVisible(
      client
        .getByRole("region", { name: "Заключение" })
        .getByText("Нужна очная консультация", { exact: false }),
    );

    expect(unexpected(clientErrors)).toEqual([]);
    expect(doctorErrors).toEqual([]);
  }, 120_000);
});
