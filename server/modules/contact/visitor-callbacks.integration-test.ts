import { randomInt } from "node:crypto";
import { and, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { todayInMoscow } from "../../../common/format/date.ts";
import {
  appeals,
  callbackRequests,
  legalDocuments,
  securityEvents,
  smsCodes,
} from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import { createTestContract, createTestProgram } from "../../test/contract-factories.ts";
import {
  createTestClient,
  createTestStaff,
  latestSms,
  latestSmsCode,
  signInClient,
  signInStaff,
  uniquePhone,
} from "../../test/factories.ts";
import { sendCode } from "../identity/index.ts";

// Each request comes from its own address unless a test gives one, so the per-IP caps (codes,
// three requests a day) only bite where a test means them to.
const t = setupTestApp({ env: { TRUST_PROXY: "1" } });

const randomIp = () => `203.0.113.${randomInt(1, 255)}`;

function post(url: string, payload: unknown, ip = randomIp()) {
  return t.app.inject({
    method: "POST",
    url,
    payload: payload as object,
    headers: { "x-forwarded-for": ip },
  });
}

let consentVersion: number;
let operatorCookie: string;

beforeAll(async () => {
  const res = await t.app.inject({ method: "GET", url: "/api/legal/documents" });
  const documents = res.json().documents as { slug: string; version: number }[];
  const personalData = documents.find((document) => document.slug === "personal-data");
  if (!personalData) throw new Error("no personal-data document");
  consentVersion = personalData.version;
  const operator = await createTestStaff(t.database.db, "operator", "Смирнова Ольга Петровна");
  operatorCookie = await signInStaff(t.app, operator);
});

/** «Получить код», then the code from the SMS: the ticket for one request. */
async function confirmedTicket(phone: string, ip = randomIp()): Promise<string> {
  const sent = await post("/api/visitor-callbacks/code", { phone }, ip);
  expect(sent.statusCode, sent.body).toBe(202);
  const code = await latestSmsCode(t.app, phone);
  const verified = await post("/api/visitor-callbacks/verify", { phone, code }, ip);
  expect(verified.statusCode, verified.body).toBe(200);
  return verified.json().ticket as string;
}

function visitorRequest(ticket: string, extra: Record<string, unknown> = {}) {
  return { ticket, name: "Мария", topic: "certificate", consentVersion, ...extra };
}

async function openQueue() {
  const res = await t.app.inject({
    method: "GET",
    url: "/api/staff/callbacks?which=open",
    cookies: { rms_staff_session: operatorCookie },
  });
  expect(res.statusCode).toBe(200);
  return res.json().callbacks as Record<string, unknown>[];
}

describe("«Заказать звонок» for a visitor without an account", () => {
  it("puts a request confirmed by its SMS code into the call-back queue marked as a visitor's", async () => {
    const phone = uniquePhone();
    const ticket = await confirmedTicket(phone, "198.51.100.1");
    expect(await latestSms(t.app, phone)).toMatch(/код для заявки на обратный звонок \d{6}/);

    const res = await post(
      "/api/visitor-callbacks",
      visitorRequest(ticket, { name: "  Мария Петровна ", topic: "medical" }),
      "198.51.100.1",
    );
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({ source: "visitor" });

    const item = (await openQueue()).find((callback) => callback.id === created.id);
    expect(item).toMatchObject({
      source: "visitor",
      phone,
      visitorName: "Мария Петровна",
      topic: "medical",
      companyName: null,
      contractId: null,
      clientName: null,
      personName: null,
      status: "new",
      windowStart: null,
    });

    const [stored] = await t.database.db
      .select({
        consentDocumentId: callbackRequests.consentDocumentId,
        consentIp: callbackRequests.consentIp,
        slug: legalDocuments.slug,
        version: legalDocuments.version,
      })
      .from(callbackRequests)
      .innerJoin(legalDocuments, eq(legalDocuments.id, callbackRequests.consentDocumentId))
      .where(eq(callbackRequests.id, created.id));
    expect(stored).toMatchObject({
      consentIp: "198.51.100.1",
      slug: "personal-data",
      version: consentVersion,
    });
  });

  it("puts a company's request for the sales team into the queue with the company's name", async () => {
    const phone = uniquePhone();
    const ticket = await confirmedTicket(phone);
    const res = await post(
      "/api/visitor-callbacks",
      visitorRequest(ticket, {
        source: "sales",
        topic: "checkups",
        companyName: "ООО «Ромашка»",
        name: "Олег",
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const item = (await openQueue()).find((callback) => callback.id === res.json().id);
    expect(item).toMatchObject({
      source: "sales",
      topic: "checkups",
      companyName: "ООО «Ромашка»",
      visitorName: "Олег",
    });
  });

  it("refuses a wrong code with a Russian message and writes it to the security log", async () => {
    const phone = uniquePhone();
    expect((await post("/api/visitor-callbacks/code", { phone })).statusCode).toBe(202);
    const res = await post("/api/visitor-callbacks/verify", { phone, code: "000000" });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      { field: "code", message: "Неверный код. Осталось попыток: 4." },
    ]);
    const [logged] = await t.database.db
      .select({ n: count() })
      .from(securityEvents)
      .where(
        and(eq(securityEvents.kind, "callback_code_failed"), eq(securityEvents.subject, phone)),
      );
    expect(logged?.n).toBe(1);
  });

  it("does not take a registration code for a call-back, nor a ticket twice", async () => {
    const phone = uniquePhone();
    expect((await post("/api/auth/registration/code", { phone })).statusCode).toBe(202);
    const code = await latestSmsCode(t.app, phone);
    const wrongPurpose = await post("/api/visitor-callbacks/verify", { phone, code });
    expect(wrongPurpose.statusCode).toBe(400);
    expect(wrongPurpose.json().errors[0].field).toBe("code");

    const ticket = await confirmedTicket(phone);
    expect((await post("/api/visitor-callbacks", visitorRequest(ticket))).statusCode).toBe(201);
    const again = await post("/api/visitor-callbacks", visitorRequest(ticket));
    expect(again.statusCode).toBe(400);
    expect(again.json().errors[0]).toMatchObject({
      field: "ticket",
      message: expect.stringContaining("Получить код"),
    });
  });

  it("refuses a second open request from one phone, and takes one again once it is closed without an appeal", async () => {
    const phone = uniquePhone();
    const first = await post(
      "/api/visitor-callbacks",
      visitorRequest(await confirmedTicket(phone)),
    );
    expect(first.statusCode).toBe(201);

    const secondTicket = await confirmedTicketAfterResend(phone);
    const second = await post("/api/visitor-callbacks", visitorRequest(secondTicket));
    expect(second.statusCode).toBe(409);
    expect(second.json().detail).toBe(
      "С этого номера уже есть заявка на звонок. Дождитесь звонка оператора — мы перезвоним как можно скорее.",
    );

    const appealsBefore = await appealCount();
    const closed = await t.app.inject({
      method: "POST",
      url: `/api/staff/callbacks/${first.json().id}/close`,
      cookies: { rms_staff_session: operatorCookie },
      payload: { outcome: "Рассказали о сертификатах, отправили ссылку на магазин." },
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ status: "done", source: "visitor" });
    expect(await appealCount()).toBe(appealsBefore);

    // The refused request left its ticket unused: it goes through now.
    const third = await post("/api/visitor-callbacks", visitorRequest(secondTicket));
    expect(third.statusCode, third.body).toBe(201);
  });

  it("takes at most three requests a day from one IP address", async () => {
    const ip = "198.51.100.50";
    for (let i = 0; i < 3; i += 1) {
      const ticket = await confirmedTicket(uniquePhone(), ip);
      expect((await post("/api/visitor-callbacks", visitorRequest(ticket), ip)).statusCode).toBe(
        201,
      );
    }
    const ticket = await confirmedTicket(uniquePhone(), ip);
    const fourth = await post("/api/visitor-callbacks", visitorRequest(ticket), ip);
    expect(fourth.statusCode).toBe(429);
    expect(Number(fourth.headers["retry-after"])).toBeGreaterThan(0);
    expect(fourth.json().detail).toMatch(/уже отправлено 3 заявки за сутки/);
    // Another address is not affected.
    const elsewhere = await post("/api/visitor-callbacks", visitorRequest(ticket));
    expect(elsewhere.statusCode).toBe(201);
  });

  it("keeps registration's limits on codes: 60 s between sends, 5 a phone and 20 an IP an hour", async () => {
    const phone = uniquePhone();
    expect((await post("/api/visitor-callbacks/code", { phone })).statusCode).toBe(202);
    const again = await post("/api/visitor-callbacks/code", { phone });
    expect(again.statusCode).toBe(429);
    expect(again.json().detail).toMatch(/Новый код можно запросить через \d+ сек\./);

    const sms = { enqueue: async () => {} };
    const meta = { ip: "198.51.100.60", userAgent: "vitest" };
    const busy = uniquePhone();
    const start = Date.now();
    for (let i = 0; i < 5; i += 1) {
      await sendCode(t.database.db, sms, busy, "callback", meta, new Date(start + i * 61_000));
    }
    await expect(
      sendCode(t.database.db, sms, busy, "callback", meta, new Date(start + 5 * 61_000)),
    ).rejects.toMatchObject({ status: 429 });

    const crowded = { ip: "198.51.100.61", userAgent: "vitest" };
    for (let i = 0; i < 20; i += 1) {
      await sendCode(t.database.db, sms, uniquePhone(), "callback", crowded);
    }
    const res = await post("/api/visitor-callbacks/code", { phone: uniquePhone() }, crowded.ip);
    expect(res.statusCode).toBe(429);
    expect(res.json().detail).toMatch(/С вашего устройства запрошено слишком много кодов/);
  });

  it("leaves a client's «Перезвонить мне» as it was: about the contract, closed only with its service type", async () => {
    const db = t.database.db;
    const client = await createTestClient(db, { lastName: "Орлова", birthDate: "1988-08-08" });
    const clientCookie = await signInClient(t.app, client);
    const program = await createTestProgram(db, { maxPersons: 1 });
    const year = Number(todayInMoscow().slice(0, 4));
    const contract = await createTestContract(db, {
      programId: program.id,
      startsOn: `${year - 1}-01-01`,
      endsOn: `${year + 1}-12-31`,
      persons: [
        {
          slot: 1,
          lastName: "Орлова",
          firstName: "Анна",
          patronymic: "Сергеевна",
          birthDate: "1988-08-08",
          phone: client.phone,
        },
      ],
    });
    const requested = await t.app.inject({
      method: "POST",
      url: `/api/contracts/${contract.id}/callbacks`,
      cookies: { rms_session: clientCookie },
      payload: { phone: client.phone, when: { kind: "asap" }, personSlot: 1 },
    });
    expect(requested.statusCode, requested.body).toBe(201);
    const item = (await openQueue()).find((callback) => callback.id === requested.json().id);
    expect(item).toMatchObject({
      source: "client",
      contractId: contract.id,
      personName: "Орлова Анна Сергеевна",
      visitorName: null,
      topic: null,
    });
    const closed = await t.app.inject({
      method: "POST",
      url: `/api/staff/callbacks/${requested.json().id}/close`,
      cookies: { rms_staff_session: operatorCookie },
      payload: { outcome: "Проконсультировали" },
    });
    expect(closed.statusCode).toBe(400);
    expect(closed.json().errors).toEqual([
      { field: "serviceTypeId", message: "Выберите вид услуги" },
    ]);
  });

  it("answers bad input with 400 and Russian messages at the fields", async () => {
    const badPhone = await post("/api/visitor-callbacks/code", { phone: "12345" });
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.json().errors[0]).toMatchObject({
      field: "phone",
      message: "Введите номер мобильного телефона в формате +7 900 000-00-00",
    });
    const badCode = await post("/api/visitor-callbacks/verify", {
      phone: uniquePhone(),
      code: "12",
    });
    expect(badCode.json().errors[0]).toMatchObject({
      field: "code",
      message: "Введите 6 цифр кода из SMS",
    });

    const empty = await post("/api/visitor-callbacks", {});
    expect(empty.statusCode).toBe(400);
    const messages = Object.fromEntries(
      (empty.json().errors as { field: string; message: string }[]).map((e) => [
        e.field,
        e.message,
      ]),
    );
    expect(messages).toMatchObject({
      ticket: "Подтвердите номер кодом из SMS",
      name: "Введите имя",
      topic: "Выберите тему",
      consentVersion: "Дайте согласие на обработку персональных данных",
    });

    const ticket = "not-checked-before-the-body";
    const noCompany = await post(
      "/api/visitor-callbacks",
      visitorRequest(ticket, { source: "sales", topic: "staff_dms" }),
    );
    expect(noCompany.json().errors).toEqual([
      { field: "companyName", message: "Введите название компании" },
    ]);
    const wrongTopic = await post(
      "/api/visitor-callbacks",
      visitorRequest(ticket, { source: "sales", topic: "medical", companyName: "ООО «Ромашка»" }),
    );
    expect(wrongTopic.json().errors).toEqual([
      { field: "topic", message: "Выберите тему из списка" },
    ]);
    const nul = await post(
      "/api/visitor-callbacks",
      visitorRequest(ticket, { name: "Ма\u0000рия" }),
    );
    expect(nul.statusCode).toBe(400);
    expect(nul.json().errors[0].field).toBe("name");
    const long = await post(
      "/api/visitor-callbacks",
      visitorRequest(ticket, { name: "Я".repeat(101) }),
    );
    expect(long.json().errors[0]).toMatchObject({
      field: "name",
      message: "Не длиннее 100 символов",
    });

    const stale = await post(
      "/api/visitor-callbacks",
      visitorRequest(await confirmedTicket(uniquePhone()), { consentVersion: consentVersion + 1 }),
    );
    expect(stale.statusCode).toBe(409);
    expect(stale.json().detail).toMatch(/Согласие на обработку персональных данных обновилось/);
  });
});

/** A second code for a phone, past the 60 s between sends (the code row is back-dated). */
async function confirmedTicketAfterResend(phone: string): Promise<string> {
  await t.database.db
    .update(smsCodes)
    .set({ createdAt: new Date(Date.now() - 2 * 60_000) })
    .where(eq(smsCodes.phone, phone));
  return confirmedTicket(phone);
}

async function appealCount(): Promise<number> {
  const [row] = await t.database.db.select({ n: count() }).from(appeals);
  return row?.n ?? 0;
}
