import { mkdtempSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { todayInMoscow } from "../../../common/format/date.ts";
import { clientMessages, messageAttachments } from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import { createTestContract, createTestProgram } from "../../test/contract-factories.ts";
import {
  createTestClient,
  createTestStaff,
  signInClient,
  type TestClient,
} from "../../test/factories.ts";
import { insertReply } from "./messages.repository.ts";

const dataDir = mkdtempSync(join(tmpdir(), "rms-contact-"));
const t = setupTestApp({ env: { DATA_DIR: dataDir } });

const PDF = Buffer.concat([
  Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1"),
  Buffer.alloc(3000, 0x20),
]);
const EXE = Buffer.concat([
  Buffer.from("4d5a90000300000004000000ffff0000", "hex"),
  Buffer.alloc(3000),
]);

let owner: TestClient;
let ownerCookie: string;
let strangerCookie: string;
let contractId: string;
let onePersonContractId: string;
let expiredContractId: string;

function daysFromToday(days: number): string {
  const date = new Date(`${todayInMoscow()}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

beforeAll(async () => {
  const db = t.database.db;
  owner = await createTestClient(db);
  const stranger = await createTestClient(db, { lastName: "Чужова", birthDate: "1971-07-07" });
  ownerCookie = await signInClient(t.app, owner);
  strangerCookie = await signInClient(t.app, stranger);
  const twoPersons = await createTestProgram(db, { maxPersons: 2 });
  const onePerson = await createTestProgram(db, { maxPersons: 1 });
  const patient1 = {
    slot: 1 as const,
    lastName: "Петрова",
    firstName: "Анна",
    patronymic: "Сергеевна",
    birthDate: "1990-03-15",
    phone: owner.phone,
  };
  const active = { startsOn: daysFromToday(-30), endsOn: daysFromToday(300) };
  contractId = (
    await createTestContract(db, {
      programId: twoPersons.id,
      ...active,
      persons: [
        patient1,
        {
          slot: 2,
          lastName: "Петров",
          firstName: "Олег",
          patronymic: "Ильич",
          birthDate: "2015-06-01",
        },
      ],
    })
  ).id;
  onePersonContractId = (
    await createTestContract(db, { programId: onePerson.id, ...active, persons: [patient1] })
  ).id;
  expiredContractId = (
    await createTestContract(db, {
      programId: onePerson.id,
      startsOn: daysFromToday(-400),
      endsOn: daysFromToday(-35),
      persons: [patient1],
    })
  ).id;
});

function asOwner(cookie = ownerCookie) {
  return { rms_session: cookie };
}

function requestCallback(id: string, body: object, cookie = ownerCookie) {
  return t.app.inject({
    method: "POST",
    url: `/api/contracts/${id}/callbacks`,
    cookies: asOwner(cookie),
    payload: body,
  });
}

/** A multipart body, as the browser's FormData sends it. */
async function messageForm(
  fields: Record<string, string>,
  files: { name: string; content: Buffer }[],
) {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  for (const file of files) data.append("files", new Blob([file.content]), file.name);
  const request = new Request("http://localhost/", { method: "POST", body: data });
  return {
    payload: Buffer.from(await request.arrayBuffer()),
    headers: { "content-type": request.headers.get("content-type") ?? "" },
  };
}

async function sendMessage(
  id: string,
  fields: Record<string, string>,
  files: { name: string; content: Buffer }[],
  cookie = ownerCookie,
) {
  return t.app.inject({
    method: "POST",
    url: `/api/contracts/${id}/messages`,
    cookies: asOwner(cookie),
    ...(await messageForm(fields, files)),
  });
}

async function storedFileCount(): Promise<number> {
  const entries = await readdir(join(dataDir, "files"), {
    recursive: true,
    withFileTypes: true,
  }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).length;
}

async function countMessages(): Promise<number> {
  const [row] = await t.database.db.select({ n: count() }).from(clientMessages);
  return row?.n ?? 0;
}

describe("«Перезвонить мне»", () => {
  it("takes a request about a covered person as soon as possible, due in half an hour", async () => {
    const before = Date.now();
    const res = await requestCallback(contractId, {
      phone: "8 (926) 555-44-33",
      when: { kind: "asap" },
      personSlot: 2,
      note: "Температура у ребёнка",
    });
    expect(res.statusCode, res.body).toBe(201);
    const callback = res.json();
    expect(callback).toMatchObject({
      phone: "+79265554433",
      personName: "Олег Ильич",
      status: "new",
      note: "Температура у ребёнка",
      windowStart: null,
    });
    const due = new Date(callback.dueAt).getTime();
    expect(due - before).toBeGreaterThanOrEqual(29 * 60_000);
    expect(due - before).toBeLessThanOrEqual(31 * 60_000);
  });

  it("refuses a second request on the same contract while one is open", async () => {
    const res = await requestCallback(contractId, {
      phone: owner.phone,
      when: { kind: "window", day: "tomorrow", from: "10:00", to: "12:00" },
      personSlot: 1,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toBe(
      "По этому договору уже есть заявка на обратный звонок. Дождитесь звонка или отмените заявку.",
    );
  });

  it("lets the client see and cancel the request, then ask again", async () => {
    const list = await t.app.inject({ method: "GET", url: "/api/callbacks", cookies: asOwner() });
    const open = list
      .json()
      .callbacks.find((entry: { contractId: string }) => entry.contractId === contractId);
    expect(open.status).toBe("new");
    const cancelled = await t.app.inject({
      method: "POST",
      url: `/api/callbacks/${open.id}/cancel`,
      cookies: asOwner(),
    });
    expect(cancelled.json().status).toBe("cancelled");
    const again = await t.app.inject({
      method: "POST",
      url: `/api/callbacks/${open.id}/cancel`,
      cookies: asOwner(),
    });
    expect(again.statusCode).toBe(409);
    const next = await requestCallback(contractId, {
      phone: owner.phone,
      when: { kind: "window", day: "tomorrow", from: "10:00", to: "12:00" },
      personSlot: 1,
    });
    expect(next.statusCode).toBe(201);
    expect(next.json().windowStart).not.toBeNull();
  });

  it("at 22:41 Moscow time refuses today's 10:00–12:00 as past, in Russian, and takes tomorrow's 08:00–10:00", async () => {
    const program = await createTestProgram(t.database.db, { maxPersons: 1 });
    const { id } = await createTestContract(t.database.db, {
      programId: program.id,
      startsOn: daysFromToday(-30),
      endsOn: daysFromToday(300),
      persons: [
        {
          slot: 1,
          lastName: "Вечерова",
          firstName: "Анна",
          patronymic: "Сергеевна",
          birthDate: "1990-03-15",
          phone: owner.phone,
        },
      ],
    });
    // The server's own clock (Date only: timers, the database and scrypt run as usual).
    vi.useFakeTimers({ toFake: ["Date"], now: new Date(`${todayInMoscow()}T22:41:00+03:00`) });
    try {
      const lateCookie = await signInClient(t.app, owner);
      const past = await requestCallback(
        id,
        {
          phone: owner.phone,
          when: { kind: "window", day: "today", from: "10:00", to: "12:00" },
          personSlot: 1,
        },
        lateCookie,
      );
      expect(past.statusCode).toBe(400);
      expect(past.headers["content-type"]).toMatch(/^application\/problem\+json/);
      expect(past.json().errors).toEqual([
        { field: "when.to", message: "Это время уже прошло: выберите промежуток позже" },
      ]);
      const almostOver = await requestCallback(
        id,
        {
          phone: owner.phone,
          when: { kind: "window", day: "today", from: "21:00", to: "23:00" },
          personSlot: 1,
        },
        lateCookie,
      );
      expect(almostOver.statusCode).toBe(400);
      expect(almostOver.json().errors[0].message).toMatch(
        /^До конца этого промежутка меньше 30 минут/,
      );
      const tomorrow = await requestCallback(
        id,
        {
          phone: owner.phone,
          when: { kind: "window", day: "tomorrow", from: "08:00", to: "10:00" },
          personSlot: 1,
        },
        lateCookie,
      );
      expect(tomorrow.statusCode, tomorrow.body).toBe(201);
      expect(tomorrow.json().windowStart).toBe(`${daysFromToday(1)}T05:00:00.000Z`);
    } finally {
      vi.useRealTimers();
    }
  });

  it("refuses a person the contract lacks and an expired contract", async () => {
    const noSecond = await requestCallback(onePersonContractId, {
      phone: owner.phone,
      when: { kind: "asap" },
      personSlot: 2,
    });
    expect(noSecond.statusCode).toBe(400);
    expect(noSecond.json().errors[0].field).toBe("personSlot");
    const expired = await requestCallback(expiredContractId, {
      phone: owner.phone,
      when: { kind: "asap" },
      personSlot: 1,
    });
    expect(expired.statusCode).toBe(409);
  });

  it("answers 404 to another account, for the contract and for a request", async () => {
    const res = await requestCallback(
      contractId,
      { phone: owner.phone, when: { kind: "asap" }, personSlot: 1 },
      strangerCookie,
    );
    expect(res.statusCode).toBe(404);
    const list = await t.app.inject({ method: "GET", url: "/api/callbacks", cookies: asOwner() });
    const [mine] = list.json().callbacks;
    const cancel = await t.app.inject({
      method: "POST",
      url: `/api/callbacks/${mine.id}/cancel`,
      cookies: asOwner(strangerCookie),
    });
    expect(cancel.statusCode).toBe(404);
  });
});

describe("«Отправить сообщение»", () => {
  it("stores the message with its files, and the sender downloads a file under its own name", async () => {
    const res = await sendMessage(
      contractId,
      { email: "Anna@Example.ru", message: "Прикладываю анализы, нужна расшифровка." },
      [{ name: "анализы.pdf", content: PDF }],
    );
    expect(res.statusCode, res.body).toBe(201);
    const message = res.json();
    expect(message).toMatchObject({
      email: "anna@example.ru",
      body: "Прикладываю анализы, нужна расшифровка.",
      status: "new",
      attachments: [{ name: "анализы.pdf", mediaType: "application/pdf", sizeBytes: PDF.length }],
      replies: [],
    });
    const file = await t.app.inject({
      method: "GET",
      url: `/api/messages/${message.id}/attachments/${message.attachments[0].id}`,
      cookies: asOwner(),
    });
    expect(file.statusCode).toBe(200);
    expect(file.headers["content-type"]).toBe("application/pdf");
    expect(file.headers["content-disposition"]).toContain("filename*=UTF-8''%D0%B0%D0%BD");
    expect(file.rawPayload.equals(PDF)).toBe(true);
  });

  it("answers 404 to another account for the message, its file and the contract", async () => {
    const list = await t.app.inject({ method: "GET", url: "/api/messages", cookies: asOwner() });
    const [message] = list.json().messages;
    const read = await t.app.inject({
      method: "POST",
      url: `/api/messages/${message.id}/read`,
      cookies: asOwner(strangerCookie),
    });
    expect(read.statusCode).toBe(404);
    const file = await t.app.inject({
      method: "GET",
      url: `/api/messages/${message.id}/attachments/${message.attachments[0].id}`,
      cookies: asOwner(strangerCookie),
    });
    expect(file.statusCode).toBe(404);
    const send = await sendMessage(
      contractId,
      { email: "x@example.ru", message: "x" },
      [],
      strangerCookie,
    );
    expect(send.statusCode).toBe(404);
  });

  it("cuts off more than 25 MB with 413 and stores nothing of the request", async () => {
    const [messagesBefore, filesBefore] = [await countMessages(), await storedFileCount()];
    const big = Buffer.concat([PDF, Buffer.alloc(13 * 1024 * 1024)]);
    const res = await sendMessage(contractId, { email: "anna@example.ru", message: "Снимки" }, [
      { name: "снимок-1.pdf", content: big },
      { name: "снимок-2.pdf", content: big },
    ]);
    expect(res.statusCode).toBe(413);
    expect(res.json().detail).toBe("Общий размер файлов не должен превышать 25 МБ.");
    expect(await countMessages()).toBe(messagesBefore);
    expect(await storedFileCount()).toBe(filesBefore);
  });

  it("refuses an executable renamed to .pdf after a good file, and stores neither", async () => {
    const [messagesBefore, filesBefore] = [await countMessages(), await storedFileCount()];
    const res = await sendMessage(contractId, { email: "anna@example.ru", message: "Файлы" }, [
      { name: "хороший.pdf", content: PDF },
      { name: "результаты.pdf", content: EXE },
    ]);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe("files");
    expect(await countMessages()).toBe(messagesBefore);
    expect(await storedFileCount()).toBe(filesBefore);
  });

  it("requires the e-mail and the message, and keeps no file of a refused form", async () => {
    const filesBefore = await storedFileCount();
    const res = await sendMessage(contractId, { email: "", message: " " }, [
      { name: "анализы.pdf", content: PDF },
    ]);
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .errors.map((error: { field: string }) => error.field)
        .sort(),
    ).toEqual(["email", "message"]);
    expect(await storedFileCount()).toBe(filesBefore);
  });

  it("marks a reply unread until the client opens the thread", async () => {
    const staff = await createTestStaff(t.database.db, "operator");
    const list = await t.app.inject({ method: "GET", url: "/api/messages", cookies: asOwner() });
    const [message] = list.json().messages;
    await insertReply(t.database.db, {
      messageId: message.id,
      authorId: staff.id,
      body: "Анализы в норме.",
    });
    const unread = await t.app.inject({ method: "GET", url: "/api/messages", cookies: asOwner() });
    expect(unread.json().unreadReplies).toBe(1);
    const opened = await t.app.inject({
      method: "POST",
      url: `/api/messages/${message.id}/read`,
      cookies: asOwner(),
    });
    expect(opened.json().replies).toMatchObject([
      { body: "Анализы в норме.", authorName: staff.fullName },
    ]);
    const after = await t.app.inject({ method: "GET", url: "/api/messages", cookies: asOwner() });
    expect(after.json().unreadReplies).toBe(0);
    const [row] = await t.database.db
      .select({ n: count() })
      .from(messageAttachments)
      .where(eq(messageAttachments.messageId, message.id));
    expect(row?.n).toBe(1);
  });
});
