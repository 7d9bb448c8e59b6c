import { randomInt } from "node:crypto";
import { count, eq } from "drizzle-orm";
import type { LightMyRequestResponse } from "fastify";
import { describe, expect, it } from "vitest";
import { clients, consents, legalDocuments, outboxMessages } from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import { createTestClient, latestSms, latestSmsCode, uniquePhone } from "../../test/factories.ts";
import { sendCode } from "./sms-codes.service.ts";

// Each request comes from its own address unless a test says otherwise, so the per-IP cap on
// codes (20 an hour) only bites where a test means it to.
const t = setupTestApp({ env: { TRUST_PROXY: "1" } });

function post(url: string, payload: unknown, headers: Record<string, string> = {}) {
  const ip = `203.0.113.${randomInt(1, 255)}`;
  return t.app.inject({
    method: "POST",
    url,
    payload: payload as object,
    headers: { "x-forwarded-for": ip, ...headers },
  });
}

function cookieOf(res: LightMyRequestResponse): string {
  const cookie = res.cookies.find((c) => c.name === "rms_session");
  if (!cookie) throw new Error("no session cookie");
  return cookie.value;
}

async function currentDocuments() {
  const res = await t.app.inject({ method: "GET", url: "/api/legal/documents" });
  return (res.json().documents as { slug: string; version: number }[]).map(({ slug, version }) => ({
    slug,
    version,
  }));
}

async function confirmedTicket(phone: string, purpose: "registration" | "recovery", ip: string) {
  const sent = await post(`/api/auth/${purpose}/code`, { phone }, { "x-forwarded-for": ip });
  expect(sent.statusCode).toBe(202);
  const code = await latestSmsCode(t.app, phone);
  const verified = await post(`/api/auth/${purpose}/verify`, { phone, code });
  expect(verified.statusCode).toBe(200);
  return verified.json().ticket as string;
}

const person = {
  lastName: "Иванов",
  firstName: "Иван",
  patronymic: "Иванович",
  birthDate: "01.01.2017",
  email: "Ivanov@Ya.ru",
  password: "Зелёный-чай-2026",
};

describe("registration with an SMS code", () => {
  it("registers a new phone, stores the accepted document versions and signs the client in", async () => {
    const phone = uniquePhone();
    const ticket = await confirmedTicket(phone, "registration", "198.51.100.1");
    const acceptedDocuments = await currentDocuments();
    expect(acceptedDocuments.map((d) => d.slug).sort()).toEqual([
      "offer",
      "personal-data",
      "terms",
    ]);

    const res = await post("/api/auth/registration", { ticket, ...person, acceptedDocuments });
    expect(res.statusCode).toBe(201);
    expect(res.json().client).toMatchObject({
      phone,
      lastName: "Иванов",
      patronymic: "Иванович",
      email: "ivanov@ya.ru",
    });
    expect(res.json().pendingDocuments).toEqual([]);
    const session = await t.app.inject({
      method: "GET",
      url: "/api/auth/session",
      cookies: { rms_session: cookieOf(res) },
    });
    expect(session.json().session.client.phone).toBe(phone);

    const [client] = await t.database.db.select().from(clients).where(eq(clients.phone, phone));
    expect(client?.birthDate).toBe("2017-01-01");
    const stored = await t.database.db
      .select({ ip: consents.ip, version: legalDocuments.version })
      .from(consents)
      .innerJoin(legalDocuments, eq(consents.documentId, legalDocuments.id))
      .where(eq(consents.clientId, client?.id ?? ""));
    expect(stored).toHaveLength(3);
    expect(stored.every((row) => row.ip !== null && row.version === 1)).toBe(true);
  });

  it("takes people without a patronymic when «Нет отчества» is ticked, and asks the others for it", async () => {
    const phone = uniquePhone();
    const ticket = await confirmedTicket(phone, "registration", "198.51.100.2");
    const acceptedDocuments = await currentDocuments();
    const missing = await post("/api/auth/registration", {
      ticket,
      ...person,
      patronymic: "",
      acceptedDocuments,
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors).toContainEqual({
      field: "patronymic",
      message: "Введите отчество или отметьте «Нет отчества»",
    });
    const ok = await post("/api/auth/registration", {
      ticket,
      ...person,
      patronymic: "",
      noPatronymic: true,
      acceptedDocuments,
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().client.patronymic).toBeNull();
  });

  it("refuses bad personal data field by field and stores nothing", async () => {
    const phone = uniquePhone();
    const ticket = await confirmedTicket(phone, "registration", "198.51.100.3");
    const res = await post("/api/auth/registration", {
      ticket,
      ...person,
      birthDate: "31.02.2000",
      email: "not-an-email",
      password: "short",
      acceptedDocuments: await currentDocuments(),
    });
    expect(res.statusCode).toBe(400);
    const fields = (res.json().errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(["birthDate", "email", "password"]));
    const [row] = await t.database.db
      .select({ n: count() })
      .from(clients)
      .where(eq(clients.phone, phone));
    expect(row?.n).toBe(0);
  });

  it("refuses a birth date in the future or more than 120 years ago", async () => {
    const phone = uniquePhone();
    const ticket = await confirmedTicket(phone, "registration", "198.51.100.4");
    for (const birthDate of ["01.01.2999", "01.01.1880"]) {
      const res = await post("/api/auth/registration", {
        ticket,
        ...person,
        birthDate,
        acceptedDocuments: await currentDocuments(),
      });
      expect(res.statusCode, birthDate).toBe(400);
      expect(res.json().errors[0].field).toBe("birthDate");
    }
  });

  it("refuses a common password and the phone number as a password", async () => {
    const phone = uniquePhone();
    const ticket = await confirmedTicket(phone, "registration", "198.51.100.5");
    const acceptedDocuments = await currentDocuments();
    const common = await post("/api/auth/registration", {
      ticket,
      ...person,
      password: "qwerty123",
      acceptedDocuments,
    });
    expect(common.statusCode).toBe(400);
    expect(common.json().errors[0]).toMatchObject({ field: "password" });
    const own = await post("/api/auth/registration", {
      ticket,
      ...person,
      password: phone,
      acceptedDocuments,
    });
    expect(own.json().errors[0]).toEqual({
      field: "password",
      message: "Пароль не должен совпадать с номером телефона",
    });
  });

  it("uses a ticket once", async () => {
    const phone = uniquePhone();
    const ticket = await confirmedTicket(phone, "registration", "198.51.100.6");
    const acceptedDocuments = await currentDocuments();
    expect(
      (await post("/api/auth/registration", { ticket, ...person, acceptedDocuments })).statusCode,
    ).toBe(201);
    const again = await post("/api/auth/registration", { ticket, ...person, acceptedDocuments });
    expect(again.statusCode).toBe(400);
    expect(again.json().errors[0].field).toBe("ticket");
  });
});

describe("SMS codes", () => {
  it("answers «Выслать код» for a registered phone exactly as for a new one, and tells the owner by SMS", async () => {
    const owner = await createTestClient(t.database.db);
    const stranger = uniquePhone();
    const forOwner = await post(
      "/api/auth/registration/code",
      { phone: owner.phone },
      { "x-forwarded-for": "198.51.100.10" },
    );
    const forStranger = await post(
      "/api/auth/registration/code",
      { phone: stranger },
      { "x-forwarded-for": "198.51.100.10" },
    );
    expect(forOwner.statusCode).toBe(forStranger.statusCode);
    expect(forOwner.json()).toEqual(forStranger.json());
    expect(await latestSms(t.app, owner.phone)).toContain("уже зарегистрирован");
    expect(await latestSms(t.app, stranger)).toMatch(/код для регистрации \d{6}/);
  });

  it("answers recovery for an unknown phone as for a known one and sends nothing", async () => {
    const owner = await createTestClient(t.database.db);
    const stranger = uniquePhone();
    const known = await post("/api/auth/recovery/code", { phone: owner.phone });
    const unknown = await post("/api/auth/recovery/code", { phone: stranger });
    expect(known.statusCode).toBe(202);
    expect(unknown.json()).toEqual(known.json());
    expect(await latestSms(t.app, owner.phone)).toMatch(/восстановления пароля \d{6}/);
    expect(await latestSms(t.app, stranger)).toBeNull();
  });

  it("waits 60 s between sends and answers 429 with Retry-After in Russian", async () => {
    const phone = uniquePhone();
    expect((await post("/api/auth/registration/code", { phone })).statusCode).toBe(202);
    const again = await post("/api/auth/registration/code", { phone });
    expect(again.statusCode).toBe(429);
    expect(Number(again.headers["retry-after"])).toBeGreaterThan(50);
    expect(again.json().detail).toMatch(/Новый код можно запросить через \d+ сек\./);
  });

  it("sends at most 5 codes to a phone in an hour", async () => {
    const phone = uniquePhone();
    const start = Date.now();
    const meta = { ip: "198.51.100.20", userAgent: "vitest" };
    const sms = { enqueue: async () => {} };
    for (let i = 0; i < 5; i += 1) {
      await sendCode(t.database.db, sms, phone, "registration", meta, new Date(start + i * 61_000));
    }
    await expect(
      sendCode(t.database.db, sms, phone, "registration", meta, new Date(start + 5 * 61_000)),
    ).rejects.toMatchObject({ status: 429 });
    await expect(
      sendCode(t.database.db, sms, phone, "registration", meta, new Date(start + 61 * 60_000)),
    ).resolves.toMatchObject({ resendAfterSeconds: 60 });
  });

  it("sends at most 20 codes from one IP in an hour", async () => {
    const meta = { ip: "198.51.100.21", userAgent: "vitest" };
    const sms = { enqueue: async () => {} };
    for (let i = 0; i < 20; i += 1) {
      await sendCode(t.database.db, sms, uniquePhone(), "registration", meta);
    }
    await expect(
      sendCode(t.database.db, sms, uniquePhone(), "registration", meta),
    ).rejects.toMatchObject({ status: 429, headers: { "retry-after": expect.any(String) } });
  });

  it("burns the code after 5 wrong tries, and a new code does not reset the count", async () => {
    const phone = uniquePhone();
    const start = Date.now();
    const meta = { ip: "198.51.100.30", userAgent: "vitest" };
    const sms = { enqueue: async () => {} };
    await sendCode(t.database.db, sms, phone, "registration", meta, new Date(start));
    for (let i = 0; i < 3; i += 1) {
      const res = await post("/api/auth/registration/verify", { phone, code: "000000" });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0].field).toBe("code");
    }
    await sendCode(t.database.db, sms, phone, "registration", meta, new Date(start + 61_000));
    const fourth = await post("/api/auth/registration/verify", { phone, code: "000000" });
    expect(fourth.json().errors[0].message).toBe("Неверный код. Осталось попыток: 1.");
    const fifth = await post("/api/auth/registration/verify", { phone, code: "000000" });
    expect(fifth.json().errors[0].message).toContain("Попытки исчерпаны");
    const sixth = await post("/api/auth/registration/verify", { phone, code: "000000" });
    expect(sixth.statusCode).toBe(429);
  });

  it("refuses an expired code", async () => {
    const phone = uniquePhone();
    const sms: { text?: string; enqueue(m: { text: string }): Promise<void> } = {
      async enqueue(message) {
        sms.text = message.text;
      },
    };
    await sendCode(
      t.database.db,
      sms,
      phone,
      "registration",
      { ip: "198.51.100.31", userAgent: "vitest" },
      new Date(Date.now() - 6 * 60_000),
    );
    const code = /\d{6}/.exec(sms.text ?? "")?.[0];
    const res = await post("/api/auth/registration/verify", { phone, code });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].message).toContain("Срок действия кода истёк");
  });

  it("keeps codes out of the database in plain text", async () => {
    const phone = uniquePhone();
    await post("/api/auth/registration/code", { phone });
    const code = await latestSmsCode(t.app, phone);
    const rows = await t.database.db.execute(
      // biome-ignore lint/suspicious/noExplicitAny: a raw look at the table
      `select code_hash from sms_codes where phone = '${phone}'` as any,
    );
    const hashes = JSON.stringify(rows);
    expect(hashes).not.toContain(`"${code}"`);
    expect(hashes).toMatch(/[0-9a-f]{32}\$[0-9a-f]{64}/);
  });
});

describe("password recovery", () => {
  it("sets a new password, signs the owner in and ends every other session", async () => {
    const owner = await createTestClient(t.database.db);
    const old = await post("/api/auth/sign-in", { phone: owner.phone, password: owner.password });
    const oldCookie = cookieOf(old);
    const ticket = await confirmedTicket(owner.phone, "recovery", "198.51.100.40");
    const mismatch = await post("/api/auth/recovery", {
      ticket,
      password: "Новый-пароль-2026",
      passwordRepeat: "Другой-пароль-2026",
    });
    expect(mismatch.json().errors).toContainEqual({
      field: "passwordRepeat",
      message: "Пароли не совпадают",
    });
    const res = await post("/api/auth/recovery", {
      ticket,
      password: "Новый-пароль-2026",
      passwordRepeat: "Новый-пароль-2026",
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().client.id).toBe(owner.id);
    const oldSession = await t.app.inject({
      method: "GET",
      url: "/api/auth/session",
      cookies: { rms_session: oldCookie },
    });
    expect(oldSession.json()).toEqual({ session: null });
    expect(
      (await post("/api/auth/sign-in", { phone: owner.phone, password: "Новый-пароль-2026" }))
        .statusCode,
    ).toBe(200);
    expect(
      (await post("/api/auth/sign-in", { phone: owner.phone, password: owner.password }))
        .statusCode,
    ).toBe(401);
  });
});

describe("recovery while sign-in is locked", () => {
  it("lets the owner of a locked phone recover the password by SMS and be signed in", async () => {
    const owner = await createTestClient(t.database.db);
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      await post("/api/auth/sign-in", { phone: owner.phone, password: `wrong-${attempt}` });
    }
    const locked = await post("/api/auth/sign-in", {
      phone: owner.phone,
      password: owner.password,
    });
    expect(locked.statusCode).toBe(429);

    const ticket = await confirmedTicket(owner.phone, "recovery", "198.51.100.50");
    const res = await post("/api/auth/recovery", {
      ticket,
      password: "Вспомнил-всё-2026",
      passwordRepeat: "Вспомнил-всё-2026",
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().client.id).toBe(owner.id);
    expect(cookieOf(res)).toMatch(/^[\w-]{43}$/);
  });
});

describe("new versions of the documents", () => {
  it("asks the client to accept a new version at the next sign-in before going on", async () => {
    const client = await createTestClient(t.database.db);
    const first = await post("/api/auth/sign-in", {
      phone: client.phone,
      password: client.password,
    });
    // A client made by the factory accepted nothing yet: all three are pending.
    expect(first.json().pendingDocuments).toHaveLength(3);
    const accepted = await t.app.inject({
      method: "POST",
      url: "/api/auth/consents",
      payload: { documents: await currentDocuments() },
      cookies: { rms_session: cookieOf(first) },
    });
    expect(accepted.json().pendingDocuments).toEqual([]);

    await t.database.db.insert(legalDocuments).values({
      slug: "offer",
      version: 2,
      title: "Договор оферты",
      bodyMarkdown: "# Договор оферты\n\nНовая редакция.",
    });
    const next = await post("/api/auth/sign-in", {
      phone: client.phone,
      password: client.password,
    });
    expect(next.json().pendingDocuments).toEqual([
      { slug: "offer", title: "Договор оферты", version: 2, url: "/legal/offer" },
    ]);
    const stale = await t.app.inject({
      method: "POST",
      url: "/api/auth/consents",
      payload: { documents: [{ slug: "offer", version: 1 }] },
      cookies: { rms_session: cookieOf(next) },
    });
    expect(stale.statusCode).toBe(409);
    const page = await t.app.inject({ method: "GET", url: "/legal/offer" });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Редакция 2");
    expect(page.body).toContain("<h1>Договор оферты</h1>");
  });
});

describe("the outbox", () => {
  it("stores each SMS once", async () => {
    const phone = uniquePhone();
    await post("/api/auth/registration/code", { phone });
    await t.app.sms.whenSettled();
    const rows = await t.database.db
      .select({ n: count() })
      .from(outboxMessages)
      .where(eq(outboxMessages.recipient, phone));
    expect(rows[0]?.n).toBe(1);
  });
});
