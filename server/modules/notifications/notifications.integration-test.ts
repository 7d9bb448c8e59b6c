import { randomInt } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { todayInMoscow } from "../../../common/format/date.ts";
import { buildApp } from "../../app.ts";
import { loadConfig } from "../../config.ts";
import type { DatabaseHandle } from "../../db/client.ts";
import { eventDeliveries, outboxMessages } from "../../db/schema/index.ts";
import type { EventHandler } from "../../plugins/event-relay.ts";
import { emit } from "../../plugins/events.ts";
import { createTestDatabase } from "../../test/build-test-app.ts";
import { createTestContract, createTestProgram } from "../../test/contract-factories.ts";
import {
  createTestClient,
  createTestStaff,
  signInClient,
  signInStaff,
} from "../../test/factories.ts";
import { setupInstances } from "../../test/two-instances.ts";

const config = () =>
  loadConfig({
    NODE_ENV: "test",
    SEED_DEMO: "0",
    DATA_DIR: mkdtempSync(join(tmpdir(), "rms-notifications-")),
  });

/** Another app instance's view of the same database: closing that app leaves it open. */
function sharedWith(database: DatabaseHandle): DatabaseHandle {
  return { ...database, close: async () => {} };
}

async function instance(database: DatabaseHandle, handlers: EventHandler[] = []) {
  const app = await buildApp(config(), { database, logger: false });
  for (const handler of handlers) app.events.on(handler);
  await app.ready();
  return app;
}

/** A client with a contract, and a doctor: what a reply needs. */
async function contactCentre(app: FastifyInstance) {
  const db = app.database.db;
  const client = await createTestClient(db, { lastName: "Орлова", birthDate: "1988-08-08" });
  const doctor = await createTestStaff(db, "doctor", "Кузнецов Андрей Викторович");
  const program = await createTestProgram(db);
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
  return {
    contractId: contract.id,
    clientCookie: await signInClient(app, client),
    doctorCookie: await signInStaff(app, doctor),
  };
}

type Centre = Awaited<ReturnType<typeof contactCentre>>;

async function sendMessage(app: FastifyInstance, centre: Centre, email: string): Promise<string> {
  const data = new FormData();
  data.append("email", email);
  data.append("message", "Нужна расшифровка анализа крови.");
  const request = new Request("http://localhost/", { method: "POST", body: data });
  const res = await app.inject({
    method: "POST",
    url: `/api/contracts/${centre.contractId}/messages`,
    cookies: { rms_session: centre.clientCookie },
    payload: Buffer.from(await request.arrayBuffer()),
    headers: { "content-type": request.headers.get("content-type") ?? "" },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

async function reply(app: FastifyInstance, centre: Centre, messageId: string, body: string) {
  const res = await app.inject({
    method: "POST",
    url: `/api/staff/messages/${messageId}/replies`,
    cookies: { rms_staff_session: centre.doctorCookie },
    payload: { body },
  });
  expect(res.statusCode, res.body).toBe(200);
}

async function emailsTo(database: DatabaseHandle, address: string): Promise<string[]> {
  const rows = await database.db
    .select({ text: outboxMessages.body })
    .from(outboxMessages)
    .where(and(eq(outboxMessages.channel, "email"), eq(outboxMessages.recipient, address)));
  return rows.map((row) => row.text);
}

describe("the reply e-mail, sent by the reply's event", () => {
  let database: DatabaseHandle;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ database, dispose } = await createTestDatabase());
  });
  afterAll(async () => {
    await dispose();
  });

  it("is sent by the next instance when the one that committed the reply stopped before delivering it", async () => {
    const first = await instance(sharedWith(database));
    const centre = await contactCentre(first);
    const address = `orlova.${randomInt(1e9)}@example.ru`;
    const messageId = await sendMessage(first, centre, address);
    // The process dies between the commit and the delivery: its relay does nothing more.
    await first.events.relay.stop();
    await reply(first, centre, messageId, "Гемоглобин в норме, повторять анализ не нужно.");
    await first.close();
    expect(await emailsTo(database, address)).toEqual([]);

    const next = await instance(database);
    try {
      await next.email.whenSettled();
      const emails = await emailsTo(database, address);
      expect(emails).toHaveLength(1);
      expect(emails[0]).toContain("Гемоглобин в норме, повторять анализ не нужно.");
      const deliveries = await database.db
        .select({ attempts: eventDeliveries.attempts, deliveredAt: eventDeliveries.deliveredAt })
        .from(eventDeliveries)
        .where(eq(eventDeliveries.handler, "notifications.reply-email"));
      expect(deliveries).toEqual([{ attempts: 1, deliveredAt: expect.any(Date) }]);
    } finally {
      await next.close();
    }
  }, 60_000);
});

/**
 * Two instances on one PostgreSQL database, as behind a load balancer (only with
 * TEST_DATABASE_URL: the embedded database is one process's).
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)("events across two instances", () => {
  const counted = new Map<string, number>();
  const instances = setupInstances({
    beforeReady(app) {
      app.events.on({
        name: "test.counter",
        types: ["message.replied", "appeal.created"],
        async handle(event) {
          counted.set(event.id, (counted.get(event.id) ?? 0) + 1);
        },
      });
    },
  });
  const apps = () =>
    instances.list.map((instance) => instance.app) as [FastifyInstance, FastifyInstance];

  it("hands each event to a handler once, whichever instance committed it", async () => {
    const [one, two] = apps();
    await Promise.all(
      Array.from({ length: 60 }, (_, index) =>
        (index % 2 ? two : one).database.db.transaction((tx) =>
          emit(tx, "appeal.created", { appealId: `appeal-${index}`, contractId: "c" }, {}),
        ),
      ),
    );
    await Promise.all([one, two].map((app) => app.events.whenSettled(20_000)));
    expect(counted.size).toBe(60);
    expect([...counted.values()].every((count) => count === 1)).toBe(true);
  }, 60_000);

  it("sends one e-mail per reply when replies arrive at both instances", async () => {
    const [one, two] = apps();
    const centre = await contactCentre(one);
    const address = `orlova.${randomInt(1e9)}@example.ru`;
    const messages = await Promise.all([0, 1, 2, 3].map(() => sendMessage(one, centre, address)));
    await Promise.all(
      messages.map((messageId, index) =>
        reply(index % 2 ? two : one, centre, messageId, `Ответ номер ${index + 1}.`),
      ),
    );
    await Promise.all([one, two].map((app) => app.email.whenSettled(20_000)));
    const emails = await emailsTo(one.database, address);
    expect(emails).toHaveLength(4);
    for (const n of [1, 2, 3, 4]) {
      expect(emails.filter((text) => text.includes(`Ответ номер ${n}.`))).toHaveLength(1);
    }
  }, 60_000);
});
