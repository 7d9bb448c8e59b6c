import { randomInt } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import type { Db } from "../db/client.ts";
import { clients, outboxMessages, staffMembers } from "../db/schema/index.ts";
import { hashPassword } from "../modules/identity/password.ts";

/** A phone no other test uses: +7 9xx from a random range. */
export function uniquePhone(): string {
  return `+79${String(randomInt(100_000_000, 999_999_999))}`;
}

export interface TestClient {
  id: string;
  phone: string;
  password: string;
}

/**
 * A registered client with a known password. Every one is «Петрова Анна Сергеевна», born
 * 15.03.1990, unless told otherwise. Inserting it links the contracts whose current persons have
 * its phone (the holder triggers of migration 0008); a name and birth date link nothing.
 */
export async function createTestClient(
  db: Db,
  overrides: {
    phone?: string;
    password?: string;
    lastName?: string;
    firstName?: string;
    patronymic?: string | null;
    birthDate?: string;
  } = {},
): Promise<TestClient> {
  const phone = overrides.phone ?? uniquePhone();
  const password = overrides.password ?? `pass-${randomInt(1e9)}-word`;
  const [row] = await db
    .insert(clients)
    .values({
      phone,
      lastName: overrides.lastName ?? "Петрова",
      firstName: overrides.firstName ?? "Анна",
      patronymic: overrides.patronymic === undefined ? "Сергеевна" : overrides.patronymic,
      birthDate: overrides.birthDate ?? "1990-03-15",
      email: `anna.${randomInt(1e9)}@example.ru`,
      passwordHash: await hashPassword(password),
    })
    .returning({ id: clients.id });
  if (!row) throw new Error("the test client was not stored");
  return { id: row.id, phone, password };
}

/** The newest SMS the outbox holds for a phone, once queued messages have been delivered. */
export async function latestSms(app: FastifyInstance, phone: string): Promise<string | null> {
  await app.sms.whenSettled();
  const [row] = await app.database.db
    .select({ body: outboxMessages.body })
    .from(outboxMessages)
    .where(and(eq(outboxMessages.channel, "sms"), eq(outboxMessages.recipient, phone)))
    .orderBy(desc(outboxMessages.createdAt))
    .limit(1);
  return row?.body ?? null;
}

/** The six-digit code in the newest SMS to a phone. */
export async function latestSmsCode(app: FastifyInstance, phone: string): Promise<string> {
  const text = await latestSms(app, phone);
  const code = text ? /\b(\d{6})\b/.exec(text)?.[1] : undefined;
  if (!code) throw new Error(`no code in the last SMS to ${phone}: ${text}`);
  return code;
}

/** Signs a client in over HTTP; the value of the rms_session cookie. */
export async function signInClient(app: FastifyInstance, client: TestClient): Promise<string> {
  const res = await app.inject({
    method: "POST",
    url: "/api/auth/sign-in",
    payload: { phone: client.phone, password: client.password },
  });
  const cookie = res.cookies.find((c) => c.name === "rms_session");
  if (!cookie) throw new Error(`the client did not sign in: ${res.statusCode} ${res.body}`);
  return cookie.value;
}

export interface TestStaff {
  id: string;
  email: string;
  fullName: string;
  password: string;
}

/** A staff member with a known password and no TOTP (tests run outside production). */
export async function createTestStaff(
  db: Db,
  role: "operator" | "doctor" | "admin",
  fullName = `Сотрудникова Ирина ${randomInt(1e6)}`,
): Promise<TestStaff> {
  const email = `${role}.${randomInt(1e9)}@rms.test`;
  const password = `staff-${randomInt(1e9)}-pass`;
  const [row] = await db
    .insert(staffMembers)
    .values({ email, fullName, role, passwordHash: await hashPassword(password) })
    .returning({ id: staffMembers.id });
  if (!row) throw new Error("the test staff member was not stored");
  return { id: row.id, email, fullName, password };
}

/** Signs a staff member in over HTTP; the value of the rms_staff_session cookie. */
export async function signInStaff(app: FastifyInstance, staff: TestStaff): Promise<string> {
  const res = await app.inject({
    method: "POST",
    url: "/api/staff/auth/sign-in",
    payload: { email: staff.email, password: staff.password },
  });
  const cookie = res.cookies.find((c) => c.name === "rms_staff_session");
  if (!cookie) throw new Error(`the staff member did not sign in: ${res.statusCode} ${res.body}`);
  return cookie.value;
}
