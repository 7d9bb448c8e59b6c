import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { todayInMoscow } from "../../../common/format/date.ts";
import {
  chatConversations,
  chatMessages,
  events,
  outboxMessages,
  serviceTypes,
  specialties,
  staffAuditLog,
} from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import { createTestContract, createTestProgram } from "../../test/contract-factories.ts";
import {
  createTestClient,
  createTestStaff,
  signInClient,
  signInStaff,
  type TestClient,
  type TestStaff,
} from "../../test/factories.ts";
import { turnOffQuietHours } from "../../test/notification-fixtures.ts";
import { sweepOrphanFiles } from "../contact/file-sweep.ts";
import { CLIENT_MESSAGES_PER_MINUTE } from "./chat-messages.service.ts";
import { escalateLongWaits, sendReplySmsIfUnseen } from "./index.ts";

const t = setupTestApp({
  env: { DATA_DIR: mkdtempSync(join(tmpdir(), "rms-chat-")), CHAT_SMS_DELAY_SECONDS: "0" },
});

const PDF = Buffer.concat([Buffer.from("%PDF-1.4\n", "latin1"), Buffer.alloc(2048, 0x20)]);
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from("0000000d49484452000000010000000108060000001f15c489", "hex"),
  Buffer.alloc(512, 0),
]);
const EXE = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(4096, 0x90)]);

interface Account {
  client: TestClient;
  cookie: string;
  contractId: string;
  personIds: string[];
}

let owner: Account;
let stranger: Account;
let noChat: Account;
let doctor: TestStaff;
let doctorCookie: string;
let secondDoctor: TestStaff;
let secondDoctorCookie: string;
let operatorCookie: string;
let adminCookie: string;

async function account(includesChat: boolean, lastName: string): Promise<Account> {
  const db = t.database.db;
  const client = await createTestClient(db, {
    lastName,
    firstName: "Анна",
    birthDate: "1988-08-08",
  });
  const program = await createTestProgram(db, { includesChat, maxPersons: 2 });
  const year = Number(todayInMoscow().slice(0, 4));
  const contract = await createTestContract(db, {
    programId: program.id,
    startsOn: `${year - 1}-01-01`,
    endsOn: `${year + 1}-12-31`,
    persons: [
      {
        slot: 1,
        lastName,
        firstName: "Анна",
        patronymic: "Сергеевна",
        birthDate: "1988-08-08",
        phone: client.phone,
      },
      { slot: 2, lastName, firstName: "Пётр", patronymic: "Андреевич", birthDate: "2016-02-02" },
    ],
  });
  return {
    client,
    cookie: await signInClient(t.app, client),
    contractId: contract.id,
    personIds: contract.personIds,
  };
}

beforeAll(async () => {
  const db = t.database.db;
  owner = await account(true, "Орлова");
  stranger = await account(true, "Белова");
  noChat = await account(false, "Серова");
  doctor = await createTestStaff(db, "doctor", "Кузнецов Андрей Викторович");
  secondDoctor = await createTestStaff(db, "doctor", "Петрова Анна Сергеевна");
  doctorCookie = await signInStaff(t.app, doctor);
  secondDoctorCookie = await signInStaff(t.app, secondDoctor);
  operatorCookie = await signInStaff(t.app, await createTestStaff(db, "operator"));
  adminCookie = await signInStaff(t.app, await createTestStaff(db, "admin"));
});

const asClient = (who: Account) => ({ rms_session: who.cookie });
const asStaff = (cookie: string) => ({ rms_staff_session: cookie });

/** A multipart body, as the browser's FormData sends it. */
async function form(
  fields: Record<string, string>,
  files: { name: string; content: Buffer }[] = [],
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

async function start(
  who: Account,
  fields: Partial<Record<string, string>> = {},
  files: { name: string; content: Buffer }[] = [],
) {
  return t.app.inject({
    method: "POST",
    url: "/api/chat/conversations",
    cookies: asClient(who),
    ...(await form(
      {
        clientConversationId: randomUUID(),
        clientMessageId: randomUUID(),
        personId: who.personIds[0] ?? "",
        body: "Болит горло второй день, температура 37,5.",
        ...fields,
      } as Record<string, string>,
      files,
    )),
  });
}

async function started(who = owner, files: { name: string; content: Buffer }[] = []) {
  const res = await start(who, {}, files);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; messages: { id: string; files: { id: string }[] }[] };
}

async function clientWrites(
  who: Account,
  id: string,
  fields: Record<string, string>,
  files: { name: string; content: Buffer }[] = [],
) {
  return t.app.inject({
    method: "POST",
    url: `/api/chat/conversations/${id}/messages`,
    cookies: asClient(who),
    ...(await form(fields, files)),
  });
}

async function doctorWrites(
  cookie: string,
  id: string,
  body: string,
  clientMessageId = randomUUID(),
) {
  return t.app.inject({
    method: "POST",
    url: `/api/staff/chats/${id}/messages`,
    cookies: asStaff(cookie),
    ...(await form({ clientMessageId, body })),
  });
}

async function take(cookie: string, id: string) {
  return t.app.inject({
    method: "POST",
    url: `/api/staff/chats/${id}/take`,
    cookies: asStaff(cookie),
  });
}

async function auditRows(staffId: string, subjectId: string) {
  return t.database.db
    .select({ action: staffAuditLog.action, details: staffAuditLog.details })
    .from(staffAuditLog)
    .where(and(eq(staffAuditLog.staffId, staffId), eq(staffAuditLog.subjectId, subjectId)));
}

describe("«Для кого»", () => {
  it("offers the covered persons of active contracts whose program includes chat, the holder marked", async () => {
    const res = await t.app.inject({
      method: "GET",
      url: "/api/chat/options",
      cookies: asClient(owner),
    });
    expect(res.statusCode).toBe(200);
    const options = res.json();
    expect(options.targetReplyMinutes).toBe(15);
    expect(options.persons).toEqual([
      expect.objectContaining({
        personId: owner.personIds[0],
        name: "Орлова Анна Сергеевна",
        isAccountHolder: true,
      }),
      expect.objectContaining({
        personId: owner.personIds[1],
        name: "Орлова Пётр Андреевич",
        isAccountHolder: false,
      }),
    ]);
  });

  it("offers no one on a program without chat, and refuses to open a chat there in Russian", async () => {
    const res = await t.app.inject({
      method: "GET",
      url: "/api/chat/options",
      cookies: asClient(noChat),
    });
    expect(res.json().persons).toEqual([]);
    const refused = await start(noChat);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().detail).toMatch(/Консультации в чате не входят/);
    const none = await t.app.inject({
      method: "GET",
      url: "/api/chat/conversations",
      cookies: asClient(noChat),
    });
    expect(none.json().conversations).toEqual([]);
  });

  it("refuses a person of another account's contract as one not found", async () => {
    const res = await start(owner, { personId: stranger.personIds[0] ?? "" });
    expect(res.statusCode).toBe(404);
  });
});

describe("idempotent retries", () => {
  it("answers a retried «Новый чат» with the same conversation and opens no second", async () => {
    const fields = { clientConversationId: randomUUID(), clientMessageId: randomUUID() };
    const first = await start(stranger, fields);
    const again = await start(stranger, fields);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json().id).toBe(first.json().id);
    expect(again.json().messages).toHaveLength(1);
    const rows = await t.database.db
      .select({ id: chatConversations.id })
      .from(chatConversations)
      .where(
        and(
          eq(chatConversations.clientId, stranger.client.id),
          eq(chatConversations.clientConversationId, fields.clientConversationId),
        ),
      );
    expect(rows).toHaveLength(1);
  });

  it("stores a message sent twice with one clientMessageId once", async () => {
    const chat = await started();
    const clientMessageId = randomUUID();
    const first = await clientWrites(owner, chat.id, { clientMessageId, body: "Ещё кашель" });
    const again = await clientWrites(owner, chat.id, { clientMessageId, body: "Ещё кашель" });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json().id).toBe(first.json().id);
    const rows = await t.database.db
      .select({ id: chatMessages.id })
      .from(chatMessages)
      .where(
        and(
          eq(chatMessages.conversationId, chat.id),
          eq(chatMessages.clientMessageId, clientMessageId),
        ),
      );
    expect(rows).toHaveLength(1);
  });

  it("refuses a client's messages beyond 20 a minute in a chat with a Russian 429, but never a retry", async () => {
    const hasty = await account(true, "Торопыгина");
    const chat = await started(hasty);
    const keys = Array.from({ length: CLIENT_MESSAGES_PER_MINUTE }, () => randomUUID());
    // The first message came with «Новый чат»; 19 more reach the limit of 20.
    for (const clientMessageId of keys.slice(1)) {
      const sent = await clientWrites(hasty, chat.id, { clientMessageId, body: "Ещё вопрос" });
      expect(sent.statusCode, sent.body).toBe(201);
    }
    const over = await clientWrites(hasty, chat.id, {
      clientMessageId: randomUUID(),
      body: "И ещё",
    });
    expect(over.statusCode).toBe(429);
    expect(over.headers["retry-after"]).toBe("60");
    expect(over.json().detail).toMatch(/^Вы отправляете сообщения слишком часто/);
    const retry = await clientWrites(hasty, chat.id, {
      clientMessageId: keys[1] ?? "",
      body: "Ещё вопрос",
    });
    expect(retry.statusCode).toBe(201);
    const stored = await t.database.db
      .select({ id: chatMessages.id })
      .from(chatMessages)
      .where(eq(chatMessages.conversationId, chat.id));
    expect(stored).toHaveLength(CLIENT_MESSAGES_PER_MINUTE);
  });
});

describe("the client's access", () => {
  it("answers 404 for another account's conversation, its messages and its files", async () => {
    const chat = await started(owner, [{ name: "анализ.pdf", content: PDF }]);
    const fileId = chat.messages[0]?.files[0]?.id ?? "";
    const read = await t.app.inject({
      method: "GET",
      url: `/api/chat/conversations/${chat.id}`,
      cookies: asClient(stranger),
    });
    const write = await clientWrites(stranger, chat.id, {
      clientMessageId: randomUUID(),
      body: "чужое",
    });
    const file = await t.app.inject({
      method: "GET",
      url: `/api/chat/conversations/${chat.id}/files/${fileId}`,
      cookies: asClient(stranger),
    });
    expect([read.statusCode, write.statusCode, file.statusCode]).toEqual([404, 404, 404]);
    const own = await t.app.inject({
      method: "GET",
      url: `/api/chat/conversations/${chat.id}/files/${fileId}`,
      cookies: asClient(owner),
    });
    expect(own.statusCode).toBe(200);
    expect(own.headers["content-type"]).toBe("application/pdf");
    expect(own.rawPayload.equals(PDF)).toBe(true);
  });

  it("stores the text as it was typed and gives it back as text", async () => {
    const chat = await started();
    const body = '<img src=x onerror="alert(1)"> & «кавычки»';
    const res = await clientWrites(owner, chat.id, { clientMessageId: randomUUID(), body });
    expect(res.json().body).toBe(body);
    const detail = await t.app.inject({
      method: "GET",
      url: `/api/chat/conversations/${chat.id}`,
      cookies: asClient(owner),
    });
    expect(detail.json().messages.at(-1).body).toBe(body);
  });
});

describe("bad input", () => {
  it("answers bad ids, a NUL byte, an empty message, too many, too big and wrong files with Russian 4xx", async () => {
    const chat = await started();
    const badId = await t.app.inject({
      method: "GET",
      url: "/api/chat/conversations/not-a-uuid",
      cookies: asClient(owner),
    });
    const nul = await clientWrites(owner, chat.id, {
      clientMessageId: randomUUID(),
      body: "a\u0000b",
    });
    const empty = await clientWrites(owner, chat.id, {
      clientMessageId: randomUUID(),
      body: "   ",
    });
    const badKey = await clientWrites(owner, chat.id, { clientMessageId: "1", body: "текст" });
    const six = await clientWrites(
      owner,
      chat.id,
      { clientMessageId: randomUUID(), body: "" },
      Array.from({ length: 6 }, (_, i) => ({ name: `${i}.pdf`, content: PDF })),
    );
    const exe = await clientWrites(owner, chat.id, { clientMessageId: randomUUID() }, [
      { name: "анализ.pdf", content: EXE },
    ]);
    const huge = await t.app.inject({
      method: "POST",
      url: `/api/chat/conversations/${chat.id}/messages`,
      cookies: asClient(owner),
      headers: {
        "content-type": "multipart/form-data; boundary=x",
        "content-length": String(26 * 1024 * 1024),
      },
      payload: "--x--",
    });
    const json = await t.app.inject({
      method: "POST",
      url: `/api/chat/conversations/${chat.id}/messages`,
      cookies: asClient(owner),
      payload: { body: "json" },
    });
    const answers = [badId, nul, empty, badKey, six, exe, huge, json];
    expect(answers.map((res) => res.statusCode)).toEqual([400, 400, 400, 400, 400, 400, 413, 415]);
    for (const res of answers) {
      expect(res.headers["content-type"]).toMatch(/problem\+json/);
      expect(res.json().title).toMatch(/[а-яё]/i);
    }
    expect(empty.json().detail).toBe("Напишите сообщение или приложите файл");
    const detail = await t.app.inject({
      method: "GET",
      url: `/api/chat/conversations/${chat.id}`,
      cookies: asClient(owner),
    });
    expect(detail.json().messages).toHaveLength(1);
  });
});

describe("the console", () => {
  it("refuses an operator with a Russian 403", async () => {
    const res = await t.app.inject({
      method: "GET",
      url: "/api/staff/chats",
      cookies: asStaff(operatorCookie),
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().detail).toMatch(/врачам и администраторам/);
  });

  it("lists a new chat in the queue with the person's age, program and waiting time", async () => {
    const chat = await started(owner);
    const res = await t.app.inject({
      method: "GET",
      url: "/api/staff/chats?view=queue",
      cookies: asStaff(doctorCookie),
    });
    expect(res.statusCode).toBe(200);
    const entry = res.json().chats.find((one: { id: string }) => one.id === chat.id);
    expect(entry).toMatchObject({
      status: "waiting",
      personName: "Орлова Анна Сергеевна",
      overdue: false,
      unread: 1,
      lastMessagePreview: "Болит горло второй день, температура 37,5.",
    });
    expect(entry.personAge).toBeGreaterThanOrEqual(37);
    expect(entry.waitingSince).not.toBeNull();
    expect(res.json().counts.queue).toBeGreaterThanOrEqual(1);
  });

  it("lets one of two doctors taking at once win; the other gets 409 naming the holder", async () => {
    const chat = await started(owner);
    const [a, b] = await Promise.all([
      take(doctorCookie, chat.id),
      take(secondDoctorCookie, chat.id),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    const winner = a.statusCode === 200 ? a : b;
    expect(loser.json().detail).toContain(winner.json().doctor.name);
    const taken = await t.database.db
      .select({ id: events.id })
      .from(events)
      .where(and(eq(events.type, "chat.taken"), eq(sqlField("conversationId"), chat.id)));
    expect(taken).toHaveLength(1);
  });

  it("asks for a reason to open another doctor's chat and writes it to the audit log", async () => {
    const chat = await started(owner);
    expect((await take(doctorCookie, chat.id)).statusCode).toBe(200);
    const without = await t.app.inject({
      method: "GET",
      url: `/api/staff/chats/${chat.id}`,
      cookies: asStaff(secondDoctorCookie),
    });
    expect(without.statusCode).toBe(403);
    expect(without.json().detail).toMatch(/укажите причину/);
    const withReason = await t.app.inject({
      method: "GET",
      url: `/api/staff/chats/${chat.id}?reason=${encodeURIComponent("Разбор жалобы")}`,
      cookies: asStaff(secondDoctorCookie),
    });
    expect(withReason.statusCode).toBe(200);
    expect(withReason.json()).toMatchObject({ canReply: false, canTake: false });
    const all = await t.app.inject({
      method: "GET",
      url: "/api/staff/chats?view=all",
      cookies: asStaff(secondDoctorCookie),
    });
    const listed = all.json().chats.find((one: { id: string }) => one.id === chat.id);
    expect(listed.lastMessagePreview).toBe("");
    const rows = await auditRows(secondDoctor.id, chat.id);
    expect(rows).toEqual([{ action: "chat.view", details: { reason: "Разбор жалобы" } }]);
    const context = await t.app.inject({
      method: "GET",
      url: `/api/staff/chats/${chat.id}/context`,
      cookies: asStaff(doctorCookie),
    });
    expect(context.statusCode).toBe(200);
    expect(context.json().contract.id).toBe(owner.contractId);
    expect((await auditRows(doctor.id, chat.id)).map((row) => row.action)).toContain(
      "chat.context",
    );
  });

  it("carries a consultation through: reply with read marks, hand-over, closing with an appeal, rating", async () => {
    const chat = await started(owner, [{ name: "горло.png", content: PNG }]);
    expect((await take(doctorCookie, chat.id)).statusCode).toBe(200);
    const notHolder = await doctorWrites(secondDoctorCookie, chat.id, "Я не веду этот чат");
    expect(notHolder.statusCode).toBe(403);
    const reply = await doctorWrites(doctorCookie, chat.id, "Здравствуйте! Есть ли кашель?");
    expect(reply.statusCode, reply.body).toBe(201);
    expect(reply.json()).toMatchObject({
      author: "doctor",
      authorName: doctor.fullName,
      delivery: "sent",
    });

    const file = await t.app.inject({
      method: "GET",
      url: `/api/staff/chats/${chat.id}/files/${chat.messages[0]?.files[0]?.id}`,
      cookies: asStaff(doctorCookie),
    });
    expect(file.statusCode).toBe(200);
    expect(file.headers["content-type"]).toBe("image/png");
    expect(
      (await auditRows(doctor.id, chat.messages[0]?.files[0]?.id ?? "")).map((r) => r.action),
    ).toEqual(["chat.file.download"]);

    const read = await t.app.inject({
      method: "POST",
      url: `/api/chat/conversations/${chat.id}/receipts`,
      cookies: asClient(owner),
      payload: { upToMessageId: reply.json().id, state: "read" },
    });
    expect(read.statusCode).toBe(204);
    const seen = await t.app.inject({
      method: "GET",
      url: `/api/staff/chats/${chat.id}`,
      cookies: asStaff(doctorCookie),
    });
    expect(seen.json().messages.at(-1)).toMatchObject({ id: reply.json().id, delivery: "read" });
    expect(seen.json().waitingSince).toBeNull();

    const typing = await t.app.inject({
      method: "POST",
      url: `/api/chat/conversations/${chat.id}/typing`,
      cookies: asClient(owner),
    });
    expect(typing.statusCode).toBe(204);

    const handOver = await t.app.inject({
      method: "POST",
      url: `/api/staff/chats/${chat.id}/transfer`,
      cookies: asStaff(doctorCookie),
      payload: { toDoctorId: secondDoctor.id, note: "Нужен взгляд педиатра" },
    });
    expect(handOver.statusCode, handOver.body).toBe(200);
    expect(handOver.json().transfers).toEqual([
      expect.objectContaining({
        from: doctor.fullName,
        to: secondDoctor.fullName,
        note: "Нужен взгляд педиатра",
      }),
    ]);
    expect(handOver.json().messages.at(-1)).toMatchObject({ author: "system" });
    expect(handOver.json().messages.at(-1).body).toContain(secondDoctor.fullName);
    expect((await doctorWrites(doctorCookie, chat.id, "Уже не мой")).statusCode).toBe(403);
    expect(
      (await doctorWrites(secondDoctorCookie, chat.id, "Продолжаю консультацию")).statusCode,
    ).toBe(201);

    const [ent] = await t.database.db
      .insert(specialties)
      .values({ code: `ent-${randomUUID()}`, name: "Оториноларинголог" })
      .returning({ id: specialties.id });
    const close = await t.app.inject({
      method: "POST",
      url: `/api/staff/chats/${chat.id}/close`,
      cookies: asStaff(secondDoctorCookie),
      payload: {
        outcome: "in_person",
        specialtyId: ent?.id,
        conclusion: "Фарингит. Очный осмотр ЛОР-врача.",
      },
    });
    expect(close.statusCode, close.body).toBe(200);
    expect(close.json().conclusion).toMatchObject({
      outcome: "in_person",
      specialty: "Оториноларинголог",
    });

    const contract = await t.app.inject({
      method: "GET",
      url: `/api/contracts/${owner.contractId}`,
      cookies: asClient(owner),
    });
    const appeal = contract
      .json()
      .appeals.find((one: { channel: string; outcome: string }) =>
        one.outcome.includes("Фарингит"),
      );
    expect(appeal).toMatchObject({
      channel: "chat",
      serviceType: "Консультация врача в чате",
      doctorName: secondDoctor.fullName,
    });
    expect(appeal.outcome).toBe(
      "Нужна очная консультация: Оториноларинголог. Фарингит. Очный осмотр ЛОР-врача.",
    );

    const late = await clientWrites(owner, chat.id, {
      clientMessageId: randomUUID(),
      body: "Спасибо!",
    });
    expect(late.statusCode).toBe(409);
    const closedRead = await t.app.inject({
      method: "GET",
      url: `/api/staff/chats/${chat.id}`,
      cookies: asStaff(doctorCookie),
    });
    expect(closedRead.statusCode).toBe(403);

    const rate = await t.app.inject({
      method: "POST",
      url: `/api/chat/conversations/${chat.id}/rating`,
      cookies: asClient(owner),
      payload: { score: 5, comment: "Спасибо" },
    });
    expect(rate.statusCode).toBe(200);
    expect(rate.json()).toMatchObject({
      status: "closed",
      rating: { score: 5, comment: "Спасибо" },
    });
    const badRate = await t.app.inject({
      method: "POST",
      url: `/api/chat/conversations/${chat.id}/rating`,
      cookies: asClient(owner),
      payload: { score: 6 },
    });
    expect(badRate.statusCode).toBe(400);
    expect(badRate.json().detail).toBe("Поставьте оценку от 1 до 5");

    const list = await t.app.inject({
      method: "GET",
      url: "/api/chat/conversations",
      cookies: asClient(owner),
    });
    const statuses = list.json().conversations.map((one: { status: string }) => one.status);
    expect(statuses.indexOf("closed")).toBeGreaterThan(statuses.lastIndexOf("waiting"));
  });

  it("keeps reply templates shared among doctors", async () => {
    const created = await t.app.inject({
      method: "POST",
      url: "/api/staff/chat-templates",
      cookies: asStaff(doctorCookie),
      payload: { title: "Приветствие", body: "Здравствуйте! Я врач РМС." },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const edited = await t.app.inject({
      method: "PUT",
      url: `/api/staff/chat-templates/${id}`,
      cookies: asStaff(secondDoctorCookie),
      payload: { title: "Приветствие", body: "Добрый день! Я врач РМС." },
    });
    expect(edited.json().body).toBe("Добрый день! Я врач РМС.");
    const list = await t.app.inject({
      method: "GET",
      url: "/api/staff/chat-templates",
      cookies: asStaff(adminCookie),
    });
    expect(list.json().templates.map((one: { id: string }) => one.id)).toContain(id);
    const removed = await t.app.inject({
      method: "DELETE",
      url: `/api/staff/chat-templates/${id}`,
      cookies: asStaff(doctorCookie),
    });
    expect(removed.statusCode).toBe(204);
    const empty = await t.app.inject({
      method: "POST",
      url: "/api/staff/chat-templates",
      cookies: asStaff(doctorCookie),
      payload: { title: "", body: "" },
    });
    expect(empty.statusCode).toBe(400);
  });
});

/** A field of an event's JSON payload, for a test's filter. */
function sqlField(field: string) {
  return sql<string>`${events.payload}->>${field}`;
}

describe("escalation", () => {
  it("marks a chat waiting longer than the target once, announces it, and lists it overdue", async () => {
    const chat = await started(owner);
    const later = new Date(Date.now() + 16 * 60_000);
    expect(await escalateLongWaits(t.database.db, 15, later)).toBeGreaterThanOrEqual(1);
    expect(await escalateLongWaits(t.database.db, 15, later)).toBe(0);
    const announced = await t.database.db
      .select({ audience: events.audience })
      .from(events)
      .where(and(eq(events.type, "chat.escalated"), eq(sqlField("conversationId"), chat.id)));
    expect(announced).toEqual([
      { audience: { accountId: owner.client.id, staffRoles: ["doctor", "admin"] } },
    ]);
    const list = await t.app.inject({
      method: "GET",
      url: "/api/staff/chats?view=queue",
      cookies: asStaff(doctorCookie),
    });
    expect(list.json().chats.find((one: { id: string }) => one.id === chat.id).overdue).toBe(true);
    expect(list.json().counts.overdue).toBeGreaterThanOrEqual(1);
  });

  it("escalates an active chat whose client's message is unanswered, not one the doctor answered", async () => {
    const answered = await started(owner);
    await take(doctorCookie, answered.id);
    await doctorWrites(doctorCookie, answered.id, "Отвечаю");
    const unanswered = await started(owner);
    await take(doctorCookie, unanswered.id);
    const later = new Date(Date.now() + 60 * 60_000);
    await escalateLongWaits(t.database.db, 15, later);
    const rows = await t.database.db
      .select({ id: chatConversations.id, escalatedAt: chatConversations.escalatedAt })
      .from(chatConversations)
      .where(eq(chatConversations.clientId, owner.client.id));
    const byId = new Map(rows.map((row) => [row.id, row.escalatedAt]));
    expect(byId.get(answered.id)).toBeNull();
    expect(byId.get(unanswered.id)).not.toBeNull();
  });
});

describe("the SMS when the doctor answers while the cabinet is closed", () => {
  async function smsTo(phone: string) {
    await t.app.sms.whenSettled();
    return t.database.db
      .select({ body: outboxMessages.body })
      .from(outboxMessages)
      .where(and(eq(outboxMessages.channel, "sms"), eq(outboxMessages.recipient, phone)));
  }

  it("sends one SMS through the delayed check, and none for a second answer within the hour", async () => {
    const who = await account(true, "Смсова");
    // At night the SMS would wait for the end of the quiet hours (decision 0028).
    await turnOffQuietHours(t.database.db, who.client.id);
    const chat = await started(who);
    await take(doctorCookie, chat.id);
    await doctorWrites(doctorCookie, chat.id, "Первый ответ");
    const deadline = Date.now() + 15_000;
    let sent = await smsTo(who.client.phone);
    while (sent.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      sent = await smsTo(who.client.phone);
    }
    expect(sent).toHaveLength(1);
    expect(sent[0]?.body).toContain("Чате с врачом");
    expect(sent[0]?.body).toContain(`/cabinet/chat/${chat.id}`);
    const second = await doctorWrites(doctorCookie, chat.id, "Второй ответ");
    expect(await sendReplySmsIfUnseen(t.database.db, t.app.sms, second.json().id, "http://x")).toBe(
      false,
    );
    await t.app.events.whenSettled();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await smsTo(who.client.phone)).toHaveLength(1);
  });

  it("sends none for an answer the open cabinet reported delivered, one for an unseen one, then none for an hour", async () => {
    const who = await account(true, "Доставкина");
    const chat = await started(who);
    await take(doctorCookie, chat.id);
    const db = t.database.db;
    // Written straight to the table: no event, so the route's own delayed check stays out of it.
    const answer = async (deliveredAt: Date | null) => {
      const [row] = await db
        .insert(chatMessages)
        .values({
          conversationId: chat.id,
          author: "doctor",
          staffId: doctor.id,
          body: "Ответ",
          deliveredAt,
        })
        .returning({ id: chatMessages.id });
      return row?.id ?? "";
    };
    const now = new Date();
    expect(
      await sendReplySmsIfUnseen(db, t.app.sms, await answer(new Date()), "http://x", now),
    ).toBe(false);
    const unseen = await answer(null);
    expect(await sendReplySmsIfUnseen(db, t.app.sms, unseen, "http://x", now)).toBe(true);
    expect(await sendReplySmsIfUnseen(db, t.app.sms, unseen, "http://x", now)).toBe(false);
    const inTheHour = new Date(now.getTime() + 59 * 60_000);
    expect(
      await sendReplySmsIfUnseen(db, t.app.sms, await answer(null), "http://x", inTheHour),
    ).toBe(false);
    const afterIt = new Date(now.getTime() + 61 * 60_000);
    expect(await sendReplySmsIfUnseen(db, t.app.sms, await answer(null), "http://x", afterIt)).toBe(
      true,
    );
    await t.app.sms.whenSettled();
    const sent = await db
      .select({ body: outboxMessages.body })
      .from(outboxMessages)
      .where(
        and(eq(outboxMessages.channel, "sms"), eq(outboxMessages.recipient, who.client.phone)),
      );
    expect(sent).toHaveLength(2);
  });
});

describe("closing without the chat's service type", () => {
  it("refuses with a Russian 409 and changes nothing while «Консультация врача в чате» is archived", async () => {
    const db = t.database.db;
    const chat = await started(owner);
    await take(doctorCookie, chat.id);
    const archive = (archivedAt: Date | null) =>
      db
        .update(serviceTypes)
        .set({ archivedAt })
        .where(eq(serviceTypes.name, "Консультация врача в чате"));
    await archive(new Date());
    try {
      const res = await t.app.inject({
        method: "POST",
        url: `/api/staff/chats/${chat.id}/close`,
        cookies: asStaff(doctorCookie),
        payload: { outcome: "recommendations", conclusion: "ОРВИ" },
      });
      expect(res.statusCode).toBe(409);
      expect(res.json().detail).toMatch(/Консультация врача в чате/);
    } finally {
      await archive(null);
    }
    const [row] = await db
      .select({ status: chatConversations.status })
      .from(chatConversations)
      .where(eq(chatConversations.id, chat.id));
    expect(row?.status).toBe("active");
  });
});

describe("the stored files' sweep", () => {
  it("keeps a chat's files, which a chat message refers to, however old", async () => {
    const chat = await started(owner, [{ name: "анализ.pdf", content: PDF }]);
    const fileId = chat.messages[0]?.files[0]?.id ?? "";
    const inTwoHours = new Date(Date.now() + 2 * 60 * 60_000);
    await sweepOrphanFiles(t.database.db, t.app.files, inTwoHours);
    const file = await t.app.inject({
      method: "GET",
      url: `/api/chat/conversations/${chat.id}/files/${fileId}`,
      cookies: asClient(owner),
    });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(PDF)).toBe(true);
  });
});
