import { randomInt, randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  accountDeletions,
  chatConversations,
  clients,
  consents,
  contractHolders,
  contracts,
  medcardCards,
  medcardEntries,
  orders,
  outboxMessages,
  securityEvents,
  sessions,
  smsCodes,
} from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import {
  createTestClient,
  createTestStaff,
  latestSmsCode,
  signInClient,
  type TestStaff,
} from "../../test/factories.ts";
import {
  cardsOf,
  createTestFamily,
  giveHealthConsent,
  type TestFamily,
} from "../medcard/medcard-test-fixtures.ts";
import { runDueErasures } from "./index.ts";

const t = setupTestApp();
const DAY = 24 * 60 * 60_000;

let doctor: TestStaff;
beforeAll(async () => {
  doctor = await createTestStaff(t.database.db, "doctor");
});

function randomIp(): string {
  return `203.0.${randomInt(0, 255)}.${randomInt(1, 254)}`;
}

interface Account extends TestFamily {
  ip: string;
  contractIds: string[];
  selfCardId: string;
  orderId: string;
}

/**
 * A family on three certificates with the health-data consent, its own card holding a doctor's
 * entry and one of its own, and a paid order.
 */
async function newAccount(): Promise<Account> {
  const db = t.database.db;
  const family = await createTestFamily(t.app);
  await giveHealthConsent(t.app, family.cookie);
  const self = (await cardsOf(t.app, family.cookie)).find((card) => card.subject === "self");
  if (!self) throw new Error("no own card");
  await db.insert(medcardEntries).values([
    {
      cardId: self.id,
      kind: "condition",
      text: "Гипертония",
      source: "doctor",
      staffId: doctor.id,
    },
    { cardId: self.id, kind: "allergy", text: "Пенициллин", source: "patient" },
  ]);
  const held = await db
    .select({ id: contractHolders.contractId })
    .from(contractHolders)
    .where(eq(contractHolders.clientId, family.client.id));
  const [order] = await db
    .insert(orders)
    .values({
      kind: "certificate",
      clientId: family.client.id,
      status: "paid",
      totalKopecks: 149000,
      paidKopecks: 149000,
      receiptEmail: "receipt@example.ru",
      checkout: {},
      returnOrigin: "http://localhost",
      checkoutKey: randomUUID(),
      expiresAt: new Date(),
      paidAt: new Date(),
    })
    .returning({ id: orders.id });
  return {
    ...family,
    ip: randomIp(),
    contractIds: held.map((row) => row.id),
    selfCardId: self.id,
    orderId: order?.id ?? "",
  };
}

function call(
  account: { ip: string },
  cookie: string,
  method: "GET" | "POST",
  url: string,
  payload?: Record<string, unknown>,
) {
  return t.app.inject({
    method,
    url,
    payload,
    cookies: { rms_session: cookie },
    remoteAddress: account.ip,
  });
}

async function storedClient(id: string) {
  const [row] = await t.database.db.select().from(clients).where(eq(clients.id, id));
  if (!row) throw new Error("no client");
  return row;
}

const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

function signIn(phone: string, password: string) {
  return t.app.inject({
    method: "POST",
    url: "/api/auth/sign-in",
    payload: { phone, password },
    remoteAddress: randomIp(),
  });
}

describe("«Удалить учётную запись»", () => {
  it("lists the account's phone before the code, with nothing in the way", async () => {
    const account = await newAccount();
    const res = await call(account, account.cookie, "GET", "/api/privacy/account-deletion");
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ phone: account.client.phone, blockers: [] });
  });

  it("refuses a wrong SMS code in Russian and changes nothing", async () => {
    const account = await newAccount();
    const before = await storedClient(account.client.id);
    const sent = await call(account, account.cookie, "POST", "/api/privacy/account-deletion/code");
    expect(sent.statusCode).toBe(202);
    expect(sent.json()).toEqual({ resendAfterSeconds: 60, expiresInSeconds: 300 });
    const code = await latestSmsCode(t.app, account.client.phone);

    const res = await call(account, account.cookie, "POST", "/api/privacy/account-deletion", {
      code: wrong(code),
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.json().errors).toEqual([
      { field: "code", message: "Неверный код. Осталось попыток: 4." },
    ]);
    expect(await storedClient(account.client.id)).toEqual(before);
    const stillIn = await call(account, account.cookie, "GET", "/api/profile/personal-data");
    expect(stillIn.statusCode).toBe(200);
    const deletion = await t.database.db
      .select()
      .from(accountDeletions)
      .where(eq(accountDeletions.clientId, account.client.id));
    expect(deletion).toEqual([]);
  });

  it("with the right code ends every session, anonymises the account and refuses its sign-in as a wrong password", async () => {
    const db = t.database.db;
    const account = await newAccount();
    const otherDevice = await signInClient(t.app, account.client);
    const before = await storedClient(account.client.id);
    await call(account, account.cookie, "POST", "/api/privacy/account-deletion/code");
    const code = await latestSmsCode(t.app, account.client.phone);

    const res = await call(account, account.cookie, "POST", "/api/privacy/account-deletion", {
      code,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Date.parse(body.purgeDueAt) - Date.parse(body.deletedAt)).toBeLessThanOrEqual(30 * DAY);
    expect(res.cookies.find((c) => c.name === "rms_session")?.value).toBe("");

    for (const cookie of [account.cookie, otherDevice]) {
      const after = await call(account, cookie, "GET", "/api/profile/personal-data");
      expect(after.statusCode).toBe(401);
    }
    const open = await db
      .select({ revokedAt: sessions.revokedAt })
      .from(sessions)
      .where(eq(sessions.clientId, account.client.id));
    expect(open.length).toBeGreaterThanOrEqual(2);
    expect(open.every((session) => session.revokedAt !== null)).toBe(true);

    const row = await storedClient(account.client.id);
    expect(row).toMatchObject({ firstName: "", patronymic: null, email: "", passwordHash: "" });
    expect(row.phone).not.toBe(before.phone);
    expect(row.lastName).not.toBe(before.lastName);
    expect(row.birthDate).not.toBe(before.birthDate);

    const refused = await signIn(account.client.phone, account.client.password);
    const unknown = await signIn(account.client.phone, "some-other-password-1");
    expect(refused.statusCode).toBe(401);
    expect(refused.json().title).toBe(unknown.json().title);
    expect(refused.json().detail).toBe(unknown.json().detail);
  });

  it("keeps the contracts, payments and medical records, no longer reached by the account", async () => {
    const db = t.database.db;
    const account = await newAccount();
    await call(account, account.cookie, "POST", "/api/privacy/account-deletion/code");
    const code = await latestSmsCode(t.app, account.client.phone);
    const res = await call(account, account.cookie, "POST", "/api/privacy/account-deletion", {
      code,
    });
    expect(res.statusCode).toBe(200);

    const kept = await db
      .select({ id: contracts.id })
      .from(contracts)
      .where(eq(contracts.id, account.contractIds[0] ?? ""));
    expect(kept).toHaveLength(1);
    expect(account.contractIds).toHaveLength(3);
    const links = await db
      .select()
      .from(contractHolders)
      .where(eq(contractHolders.clientId, account.client.id));
    expect(links).toEqual([]);
    const [order] = await db.select().from(orders).where(eq(orders.id, account.orderId));
    expect(order).toMatchObject({
      status: "paid",
      paidKopecks: 149000,
      clientId: account.client.id,
    });

    const entries = await db
      .select({ text: medcardEntries.text, source: medcardEntries.source })
      .from(medcardEntries)
      .where(eq(medcardEntries.cardId, account.selfCardId));
    expect(entries).toEqual([{ text: "Гипертония", source: "doctor" }]);
    const [card] = await db
      .select()
      .from(medcardCards)
      .where(eq(medcardCards.id, account.selfCardId));
    expect(card).toMatchObject({ lastName: "Петрова", firstName: "Анна", birthDate: "1990-03-15" });

    const given = await db
      .select({ ip: consents.ip, withdrawnAt: consents.withdrawnAt })
      .from(consents)
      .where(eq(consents.clientId, account.client.id));
    expect(given.length).toBeGreaterThan(0);
    expect(given.every((consent) => consent.ip === null && consent.withdrawnAt !== null)).toBe(
      true,
    );
  });

  it("lets the same phone register a new account, which gets the contracts by its phone again", async () => {
    const db = t.database.db;
    const account = await newAccount();
    await call(account, account.cookie, "POST", "/api/privacy/account-deletion/code");
    const code = await latestSmsCode(t.app, account.client.phone);
    await call(account, account.cookie, "POST", "/api/privacy/account-deletion", { code });

    const fresh = await createTestClient(db, { phone: account.client.phone });
    expect(fresh.id).not.toBe(account.client.id);
    const links = await db
      .select({ contractId: contractHolders.contractId })
      .from(contractHolders)
      .where(eq(contractHolders.clientId, fresh.id));
    expect(links.map((link) => link.contractId).sort()).toEqual([...account.contractIds].sort());
    const cookie = await signInClient(t.app, fresh);
    const cards = await call(account, cookie, "GET", "/api/medcard");
    // The new account starts without the old one's consent.
    expect(cards.json().consentRequired).not.toBeNull();
  });

  it("erases the security log and the ended sessions by the job when due, once", async () => {
    const db = t.database.db;
    const account = await newAccount();
    await call(account, account.cookie, "POST", "/api/privacy/account-deletion/code");
    const code = await latestSmsCode(t.app, account.client.phone);
    await call(account, account.cookie, "POST", "/api/privacy/account-deletion", { code });
    const logged = () =>
      db
        .select({ id: securityEvents.id })
        .from(securityEvents)
        .where(eq(securityEvents.clientId, account.client.id));
    expect((await logged()).length).toBeGreaterThan(0);

    // The number registers again meanwhile: what it gets from now on is the new owner's.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const again = await t.app.inject({
      method: "POST",
      url: "/api/auth/registration/code",
      payload: { phone: account.client.phone },
      remoteAddress: randomIp(),
    });
    expect(again.statusCode).toBe(202);
    await t.app.sms.whenSettled();
    const texts = async () =>
      (
        await db
          .select({ body: outboxMessages.body })
          .from(outboxMessages)
          .where(eq(outboxMessages.recipient, account.client.phone))
      ).map((row) => row.body);
    expect((await texts()).some((text) => text.includes("удаления учётной записи"))).toBe(true);

    // Not yet due: nothing happens.
    await runDueErasures(db, new Date());
    expect((await logged()).length).toBeGreaterThan(0);

    await runDueErasures(db, new Date(Date.now() + 30 * DAY));
    expect(await logged()).toEqual([]);
    const left = await texts();
    expect(left.some((text) => text.includes("удаления учётной записи"))).toBe(false);
    expect(left.some((text) => text.includes("код для регистрации"))).toBe(true);
    const codes = await db
      .select({ purpose: smsCodes.purpose })
      .from(smsCodes)
      .where(eq(smsCodes.phone, account.client.phone));
    expect(codes.map((code) => code.purpose)).toEqual(["registration"]);
    const sessionsLeft = await db
      .select()
      .from(sessions)
      .where(eq(sessions.clientId, account.client.id));
    expect(sessionsLeft).toEqual([]);
    const [deletion] = await db
      .select()
      .from(accountDeletions)
      .where(eq(accountDeletions.clientId, account.client.id));
    expect(deletion?.purgedAt).not.toBeNull();
    expect(deletion?.erasable).toBeNull();
    expect(await runDueErasures(db, new Date(Date.now() + 31 * DAY))).toBe(0);
  });

  it("is refused while a consultation with a doctor is open, and says why", async () => {
    const db = t.database.db;
    const account = await newAccount();
    const [contract] = await db
      .select({ id: contracts.id })
      .from(contracts)
      .where(eq(contracts.number, account.contractNumbers[0] ?? ""));
    await db.insert(chatConversations).values({
      clientId: account.client.id,
      contractId: contract?.id ?? "",
      personId: account.selfPersonIds[0] ?? "",
      clientConversationId: randomUUID(),
    });
    const info = await call(account, account.cookie, "GET", "/api/privacy/account-deletion");
    expect(info.json().blockers).toEqual(["chats"]);
    const res = await call(account, account.cookie, "POST", "/api/privacy/account-deletion/code");
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toContain("дождитесь, пока врач её завершит");
  });

  it("is closed to a visitor who is not signed in", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/privacy/account-deletion",
      payload: { code: "123456" },
    });
    expect(res.statusCode).toBe(401);
  });
});
