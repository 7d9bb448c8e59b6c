import { randomInt } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import type { Db } from "../db/client.ts";
import { clients, outboxMessages } from "../db/schema/index.ts";
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

/** A registered client with a known password. */
export async function createTestClient(
  db: Db,
  overrides: { phone?: string; password?: string } = {},
): Promise<TestClient> {
  const phone = overrides.phone ?? uniquePhone();
  const password = overrides.password ?? `pass-${randomInt(1e9)}-word`;
  const [row] = await db
    .insert(clients)
    .values({
      phone,
      lastName: "Петрова",
      firstName: "Анна",
      patronymic: "Сергеевна",
      birthDate: "1990-03-15",
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
