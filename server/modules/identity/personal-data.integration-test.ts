import { randomInt } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  clients,
  emailCodes,
  outboxMessages,
  securityEvents,
  smsCodes,
  staffAuditLog,
} from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import {
  createTestClient,
  createTestStaff,
  latestSms,
  latestSmsCode,
  signInClient,
  signInStaff,
  type TestClient,
  uniquePhone,
} from "../../test/factories.ts";
import { sendEmailCode } from "./email-codes.service.ts";

const t = setupTestApp();
const base = "/api/profile/personal-data";

let operatorCookie: string;
let doctorCookie: string;
beforeAll(async () => {
  operatorCookie = await signInStaff(t.app, await createTestStaff(t.database.db, "operator"));
  doctorCookie = await signInStaff(t.app, await createTestStaff(t.database.db, "doctor"));
});

/** Each account asks from its own address, so the per-IP caps of one test do not reach another. */
function randomIp(): string {
  return `198.51.${randomInt(0, 255)}.${randomInt(1, 254)}`;
}

interface Account extends TestClient {
  token: string;
  ip: string;
}

async function newAccount(): Promise<Account> {
  const client = await createTestClient(t.database.db);
  return { ...client, token: await signInClient(t.app, client), ip: randomIp() };
}

function post(account: Account, url: string, payload: Record<string, unknown>) {
  return t.app.inject({
    method: "POST",
    url,
    payload,
    cookies: { rms_session: account.token },
    remoteAddress: account.ip,
  });
}

function getData(account: Account) {
  return t.app.inject({ method: "GET", url: base, cookies: { rms_session: account.token } });
}

async function storedClient(id: string) {
  const [row] = await t.database.db.select().from(clients).where(eq(clients.id, id));
  if (!row) throw new Error("no client");
  return row;
}

async function latestEmail(to: string): Promise<{ subject: string | null; body: string } | null> {
  await t.app.email.whenSettled();
  const [row] = await t.database.db
    .select({ subject: outboxMessages.subject, body: outboxMessages.body })
    .from(outboxMessages)
    .where(and(eq(outboxMessages.channel, "email"), eq(outboxMessages.recipient, to)))
    .orderBy(desc(outboxMessages.createdAt))
    .limit(1);
  return row ?? null;
}

async function latestEmailCode(to: string): Promise<string> {
  const mail = await latestEmail(to);
  const code = mail ? /\b(\d{6})\b/.exec(mail.body)?.[1] : undefined;
  if (!code) throw new Error(`no code in the last e-mail to ${to}`);
  return code;
}

const uniqueEmail = () => `new.${randomInt(1e9)}@example.ru`;
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

describe("«Личные данные»", () => {
  it("shows the account's own data and no requests at first", async () => {
    const account = await newAccount();
    const res = await getData(account);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      profile: { id: account.id, phone: account.phone, lastName: "Петрова", firstName: "Анна" },
      nameRequest: null,
      phoneRequest: null,
    });
  });

  it("is closed to a visitor who is not signed in", async () => {
    const res = await t.app.inject({ method: "GET", url: base });
    expect(res.statusCode).toBe(401);
  });
});

describe("changing the e-mail", () => {
  it("changes it with the code sent to the new address and tells the old address", async () => {
    const account = await newAccount();
    const oldEmail = (await storedClient(account.id)).email;
    const email = uniqueEmail();
    const sent = await post(account, `${base}/email/code`, { email: `  ${email.toUpperCase()} ` });
    expect(sent.statusCode).toBe(202);
    expect(sent.json()).toEqual({ resendAfterSeconds: 60, expiresInSeconds: 300 });
    expect(await latestEmail(oldEmail)).toBeNull();

    const code = await latestEmailCode(email);
    const res = await post(account, `${base}/email`, { email, code });
    expect(res.statusCode).toBe(200);
    expect(res.json().profile.email).toBe(email);
    expect((await storedClient(account.id)).email).toBe(email);

    const notice = await latestEmail(oldEmail);
    expect(notice?.subject).toBe("РМС: e-mail в личном кабинете изменён");
    expect(notice?.body).not.toContain(email);
    const [logged] = await t.database.db
      .select({ kind: securityEvents.kind })
      .from(securityEvents)
      .where(
        and(eq(securityEvents.clientId, account.id), eq(securityEvents.kind, "email_changed")),
      );
    expect(logged).toBeDefined();
  });

  it("refuses a wrong code and changes nothing", async () => {
    const account = await newAccount();
    const before = (await storedClient(account.id)).email;
    const email = uniqueEmail();
    await post(account, `${base}/email/code`, { email });
    const code = await latestEmailCode(email);
    const res = await post(account, `${base}/email`, { email, code: wrong(code) });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      { field: "code", message: "Неверный код. Осталось попыток: 4." },
    ]);
    expect((await storedClient(account.id)).email).toBe(before);
  });

  it("refuses a right code sent to another address than the one confirmed", async () => {
    const account = await newAccount();
    const email = uniqueEmail();
    await post(account, `${base}/email/code`, { email });
    const code = await latestEmailCode(email);
    const res = await post(account, `${base}/email`, { email: uniqueEmail(), code });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe("code");
  });

  it("burns the code at the fifth wrong try, so the right one no longer works", async () => {
    const account = await newAccount();
    const before = (await storedClient(account.id)).email;
    const email = uniqueEmail();
    await post(account, `${base}/email/code`, { email });
    const code = await latestEmailCode(email);
    const messages: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await post(account, `${base}/email`, { email, code: wrong(code) });
      expect(res.statusCode).toBe(400);
      messages.push(res.json().errors[0].message);
    }
    expect(messages.at(-1)).toBe("Неверный код. Попытки исчерпаны — запросите новый код позже.");
    const after = await post(account, `${base}/email`, { email, code });
    expect(after.statusCode).toBe(429);
    expect(after.headers["retry-after"]).toBeDefined();
    expect((await storedClient(account.id)).email).toBe(before);
  });

  it("refuses an expired code", async () => {
    const account = await newAccount();
    const email = uniqueEmail();
    await post(account, `${base}/email/code`, { email });
    const code = await latestEmailCode(email);
    await t.database.db
      .update(emailCodes)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(emailCodes.clientId, account.id));
    const res = await post(account, `${base}/email`, { email, code });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].message).toMatch(/Срок действия кода истёк/);
  });

  it("waits 60 seconds between codes, with Retry-After", async () => {
    const account = await newAccount();
    expect((await post(account, `${base}/email/code`, { email: uniqueEmail() })).statusCode).toBe(
      202,
    );
    const again = await post(account, `${base}/email/code`, { email: uniqueEmail() });
    expect(again.statusCode).toBe(429);
    expect(Number(again.headers["retry-after"])).toBeGreaterThan(50);
    expect(again.json().detail).toMatch(/^Новый код можно запросить через/);
  });

  it("sends at most 5 codes an hour to one address, however many accounts ask", async () => {
    const address = uniqueEmail();
    const queued: string[] = [];
    const queue = { enqueue: async (message: { to: string }) => queued.push(message.to) };
    const start = Date.now();
    for (let i = 0; i < 5; i++) {
      const account = await createTestClient(t.database.db);
      await sendEmailCode(
        t.database.db,
        queue,
        account.id,
        address,
        { ip: randomIp(), userAgent: "vitest" },
        new Date(start + i * 61_000),
      );
    }
    const sixth = await createTestClient(t.database.db);
    await expect(
      sendEmailCode(
        t.database.db,
        queue,
        sixth.id,
        address,
        { ip: randomIp(), userAgent: "vitest" },
        new Date(start + 5 * 61_000),
      ),
    ).rejects.toMatchObject({ status: 429 });
    expect(queued).toHaveLength(5);
  });

  it("refuses the current address and a malformed one with Russian messages", async () => {
    const account = await newAccount();
    const current = (await storedClient(account.id)).email;
    const same = await post(account, `${base}/email/code`, { email: current });
    expect(same.statusCode).toBe(400);
    expect(same.json().errors[0].message).toBe("Это ваш текущий e-mail");
    const bad = await post(account, `${base}/email/code`, { email: "не адрес" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].message).toBe("Введите e-mail в формате name@example.ru");
  });
});

describe("changing the phone", () => {
  async function sendPhoneCodes(account: Account, phone: string) {
    const res = await post(account, `${base}/phone/codes`, { phone });
    expect(res.statusCode).toBe(202);
    return {
      oldCode: await latestSmsCode(t.app, account.phone),
      newCode: await latestSmsCode(t.app, phone),
    };
  }

  it("needs both codes: the old number's and the new number's", async () => {
    const account = await newAccount();
    const phone = uniquePhone();
    const { oldCode, newCode } = await sendPhoneCodes(account, phone);
    expect(oldCode).not.toBe(newCode);

    const onlyOld = await post(account, `${base}/phone`, {
      phone,
      oldCode,
      newCode: wrong(newCode),
    });
    expect(onlyOld.statusCode).toBe(400);
    expect(onlyOld.json().errors).toEqual([
      { field: "newCode", message: "Неверный код. Осталось попыток: 4." },
    ]);
    const onlyNew = await post(account, `${base}/phone`, {
      phone,
      oldCode: wrong(oldCode),
      newCode,
    });
    expect(onlyNew.statusCode).toBe(400);
    expect(onlyNew.json().errors.map((f: { field: string }) => f.field)).toEqual(["oldCode"]);
    expect((await storedClient(account.id)).phone).toBe(account.phone);

    // A mistyped code used up neither code: the right pair still works.
    const both = await post(account, `${base}/phone`, { phone, oldCode, newCode });
    expect(both.statusCode).toBe(200);
    expect(both.json().data.profile.phone).toBe(phone);
    expect((await storedClient(account.id)).phone).toBe(phone);
    expect(await latestSms(t.app, account.phone)).toMatch(
      /номер телефона в личном кабинете изменён/,
    );
  });

  it("ends the account's other sessions, keeps this one and records it in the security log", async () => {
    const account = await newAccount();
    const otherDevice = await signInClient(t.app, account);
    const phone = uniquePhone();
    const codes = await sendPhoneCodes(account, phone);
    const res = await post(account, `${base}/phone`, { phone, ...codes });
    expect(res.statusCode).toBe(200);
    expect(res.json().revoked).toBe(1);

    const elsewhere = await t.app.inject({
      method: "GET",
      url: "/api/auth/session",
      cookies: { rms_session: otherDevice },
    });
    expect(elsewhere.json().session).toBeNull();
    expect((await getData(account)).statusCode).toBe(200);

    const [logged] = await t.database.db
      .select({ details: securityEvents.details })
      .from(securityEvents)
      .where(
        and(eq(securityEvents.clientId, account.id), eq(securityEvents.kind, "phone_changed")),
      );
    expect(logged?.details).toMatchObject({ from: account.phone, to: phone, revoked: 1 });

    // The new number signs in; the old one no longer does.
    const signIn = (p: string) =>
      t.app.inject({
        method: "POST",
        url: "/api/auth/sign-in",
        payload: { phone: p, password: account.password },
      });
    expect((await signIn(phone)).statusCode).toBe(200);
    expect((await signIn(account.phone)).statusCode).toBe(401);
  });

  it("refuses a phone that another account has, neutrally and only after both codes", async () => {
    const account = await newAccount();
    const other = await createTestClient(t.database.db);
    const codes = await sendPhoneCodes(account, other.phone);
    const res = await post(account, `${base}/phone`, { phone: other.phone, ...codes });
    expect(res.statusCode).toBe(409);
    const detail: string = res.json().detail;
    expect(detail).toMatch(/^Этот номер нельзя указать для вашей учётной записи/);
    expect(detail).not.toContain(other.id);
    expect(detail).not.toContain("Петрова");
    expect((await storedClient(account.id)).phone).toBe(account.phone);
    expect((await storedClient(other.id)).phone).toBe(other.phone);

    // Sending the codes to a taken number answers as for a free one.
    const free = await post(await newAccount(), `${base}/phone/codes`, { phone: uniquePhone() });
    const taken = await post(await newAccount(), `${base}/phone/codes`, {
      phone: (await createTestClient(t.database.db)).phone,
    });
    expect(taken.statusCode).toBe(202);
    expect(taken.json()).toEqual(free.json());
  });

  it("refuses the current number as the new one", async () => {
    const account = await newAccount();
    const res = await post(account, `${base}/phone/codes`, { phone: account.phone });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toEqual({ field: "phone", message: "Это ваш текущий номер" });
  });

  it("refuses expired codes", async () => {
    const account = await newAccount();
    const phone = uniquePhone();
    const codes = await sendPhoneCodes(account, phone);
    await t.database.db
      .update(smsCodes)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(smsCodes.phone, phone));
    const res = await post(account, `${base}/phone`, { phone, ...codes });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ field: "newCode" });
    expect((await storedClient(account.id)).phone).toBe(account.phone);
  });
});

describe("the phone through the operator («Нет доступа к старому номеру»)", () => {
  it("sends a request with the new number's code, which an operator approves; all sessions end", async () => {
    const account = await newAccount();
    const phone = uniquePhone();
    expect((await post(account, `${base}/phone-request/code`, { phone })).statusCode).toBe(202);
    expect(await latestSms(t.app, account.phone)).toBeNull();
    const code = await latestSmsCode(t.app, phone);
    const created = await post(account, `${base}/phone-request`, {
      phone,
      code,
      reason: "Телефон украли, сим-карту восстановить не удалось",
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().request).toMatchObject({ kind: "phone", status: "pending", phone });
    expect((await getData(account)).json().phoneRequest.status).toBe("pending");

    const id = created.json().request.id;
    const approved = await t.app.inject({
      method: "POST",
      url: `/api/staff/personal-data-requests/${id}/approve`,
      payload: { comment: "Личность подтверждена по звонку" },
      cookies: { rms_staff_session: operatorCookie },
    });
    expect(approved.statusCode).toBe(200);
    expect(approved.json().request).toMatchObject({ status: "approved" });
    expect(approved.json().request.decidedByName).toMatch(/^Сотрудникова/);
    expect((await storedClient(account.id)).phone).toBe(phone);
    expect((await getData(account)).statusCode).toBe(401);
  });

  it("refuses a wrong code for the new number", async () => {
    const account = await newAccount();
    const phone = uniquePhone();
    await post(account, `${base}/phone-request/code`, { phone });
    const code = await latestSmsCode(t.app, phone);
    const res = await post(account, `${base}/phone-request`, {
      phone,
      code: wrong(code),
      reason: "Потерял телефон",
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe("code");
  });
});

describe("changing the surname, name, patronymic and birth date", () => {
  const values = {
    lastName: "Иванова",
    firstName: "Анна",
    patronymic: "Сергеевна",
    birthDate: "15.03.1990",
    reason: "Сменила фамилию после замужества",
  };

  function decide(
    id: string,
    verdict: "approve" | "reject",
    comment: string,
    cookie = operatorCookie,
  ) {
    return t.app.inject({
      method: "POST",
      url: `/api/staff/personal-data-requests/${id}/${verdict}`,
      payload: { comment },
      cookies: { rms_staff_session: cookie },
    });
  }

  it("is a request, one open at a time, that an operator approves: then the account changes", async () => {
    const account = await newAccount();
    const created = await post(account, `${base}/name-request`, values);
    expect(created.statusCode).toBe(201);
    expect(created.json().request).toMatchObject({
      kind: "name",
      status: "pending",
      lastName: "Иванова",
      birthDate: "1990-03-15",
    });
    expect((await storedClient(account.id)).lastName).toBe("Петрова");

    const second = await post(account, `${base}/name-request`, { ...values, lastName: "Смирнова" });
    expect(second.statusCode).toBe(409);
    expect(second.json().detail).toMatch(/^У вас уже есть заявка на рассмотрении/);

    const id = created.json().request.id;
    const approved = await decide(id, "approve", "");
    expect(approved.statusCode).toBe(200);
    const stored = await storedClient(account.id);
    expect(stored.lastName).toBe("Иванова");
    expect(stored.firstName).toBe("Анна");
    const shown = (await getData(account)).json();
    expect(shown.profile.lastName).toBe("Иванова");
    expect(shown.nameRequest).toMatchObject({ id, status: "approved" });
    expect(shown.nameRequest.decidedAt).not.toBeNull();

    // Decided, the next request may be sent.
    expect(
      (await post(account, `${base}/name-request`, { ...values, lastName: "Смирнова" })).statusCode,
    ).toBe(201);
  });

  it("changes nothing when the operator rejects it, and shows the comment to the client", async () => {
    const account = await newAccount();
    const created = await post(account, `${base}/name-request`, values);
    const id = created.json().request.id;
    const rejected = await decide(id, "reject", "Приложите скан паспорта через «Написать в РМС»");
    expect(rejected.statusCode).toBe(200);
    expect((await storedClient(account.id)).lastName).toBe("Петрова");
    expect((await getData(account)).json().nameRequest).toMatchObject({
      status: "rejected",
      comment: "Приложите скан паспорта через «Написать в РМС»",
    });
    expect((await decide(id, "approve", "")).statusCode).toBe(409);
    expect((await storedClient(account.id)).lastName).toBe("Петрова");
  });

  it("cannot be approved by its client or by a doctor", async () => {
    const account = await newAccount();
    const id = (await post(account, `${base}/name-request`, values)).json().request.id;
    const byClient = await t.app.inject({
      method: "POST",
      url: `/api/staff/personal-data-requests/${id}/approve`,
      payload: { comment: "" },
      cookies: { rms_session: account.token },
    });
    expect([401, 403, 404]).toContain(byClient.statusCode);
    expect((await decide(id, "approve", "", doctorCookie)).statusCode).toBe(403);
    expect((await storedClient(account.id)).lastName).toBe("Петрова");
  });

  it("refuses the same values as now, and a bad birth date, with Russian messages", async () => {
    const account = await newAccount();
    const same = await post(account, `${base}/name-request`, { ...values, lastName: "Петрова" });
    expect(same.statusCode).toBe(400);
    expect(same.json().errors[0].message).toMatch(/совпадают с текущими/);
    const bad = await post(account, `${base}/name-request`, { ...values, birthDate: "31.02.1990" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ field: "birthDate" });
  });

  it("writes the console's reads of the requests to the audit log", async () => {
    const account = await newAccount();
    const id = (await post(account, `${base}/name-request`, values)).json().request.id;
    const list = await t.app.inject({
      method: "GET",
      url: "/api/staff/personal-data-requests",
      cookies: { rms_staff_session: operatorCookie },
    });
    expect(list.statusCode).toBe(200);
    const listed = list.json().requests.find((r: { id: string }) => r.id === id);
    expect(listed.current).toMatchObject({ lastName: "Петрова", phone: account.phone });
    const view = await t.app.inject({
      method: "GET",
      url: `/api/staff/personal-data-requests/${id}`,
      cookies: { rms_staff_session: operatorCookie },
    });
    expect(view.statusCode).toBe(200);
    const rows = await t.database.db
      .select({ action: staffAuditLog.action })
      .from(staffAuditLog)
      .where(eq(staffAuditLog.subjectId, id));
    expect(rows.map((row) => row.action)).toContain("personal-data.view");

    // The client sees both reads in «Кто смотрел мои данные».
    const reads = await t.app.inject({
      method: "GET",
      url: "/api/profile/data-reads",
      cookies: { rms_session: account.token },
    });
    expect(reads.statusCode).toBe(200);
    const actions = reads.json().items.map((item: { action: string }) => item.action);
    expect(actions).toEqual(expect.arrayContaining(["personal-data.view", "personal-data.list"]));
    const unknown = await t.app.inject({
      method: "GET",
      url: "/api/staff/personal-data-requests/00000000-0000-4000-8000-000000000000",
      cookies: { rms_staff_session: operatorCookie },
    });
    expect(unknown.statusCode).toBe(404);
  });
});
