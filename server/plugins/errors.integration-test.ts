import { PassThrough } from "node:stream";
import { sql } from "drizzle-orm";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../db/client.ts";
import { loggerOptions } from "../logging.ts";
import { createTestDatabase } from "../test/build-test-app.ts";
import { errorsPlugin } from "./errors.ts";

/**
 * Database errors through the error handler, on whichever database the integration run uses
 * (PGlite by default, PostgreSQL with TEST_DATABASE_URL): the two drivers shape them differently.
 */
const SECRET = "token-hash-4f1c9e2b7a";

let database: DatabaseHandle;
let dispose: () => Promise<void>;
let app: FastifyInstance;
let logged: string[] = [];

beforeAll(async () => {
  ({ database, dispose } = await createTestDatabase());
  const lines = new PassThrough();
  lines.on("data", (chunk: Buffer) => logged.push(...chunk.toString().split("\n").filter(Boolean)));
  const options = loggerOptions("info");
  if (typeof options !== "object") throw new Error("expected logger options");
  app = Fastify({ logger: { ...options, stream: lines } });
  await app.register(errorsPlugin);
  const db = database.db;
  app.get("/nul", async () => db.execute(sql`select ${`${SECRET}\u0000`}::text`));
  app.get("/not-a-uuid", async () => db.execute(sql`select ${SECRET}::uuid`));
  app.get("/out-of-range", async () => db.execute(sql`select ${"99999999999"}::int`));
  app.get("/not-a-date", async () => db.execute(sql`select ${SECRET}::date`));
  await db.execute(sql`create table unique_names (name text primary key)`);
  app.get("/twice", async () => {
    await db.execute(sql`insert into unique_names values (${SECRET}) on conflict do nothing`);
    return db.execute(sql`insert into unique_names values (${SECRET})`);
  });
  app.get("/missing-table", async () =>
    db.execute(sql`select * from no_such_table where secret = ${SECRET}`),
  );
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await dispose?.();
});

describe("a database error in a request", () => {
  it.each([
    ["a NUL byte (22021)", "/nul", "22021"],
    ["text that is not a uuid (22P02)", "/not-a-uuid", "22P02"],
    ["a number out of range (22003)", "/out-of-range", "22003"],
    ["text that is not a date (22007)", "/not-a-date", "22007"],
  ])(
    "answers %s with a Russian 400 and logs the SQLSTATE without the values",
    async (_, url, sqlstate) => {
      logged = [];
      const res = await app.inject({ method: "GET", url });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ status: 400, title: "Проверьте введённые данные" });
      expect(res.body).not.toContain(SECRET);
      const line = logged.find((entry) => entry.includes('"input refused by the database"'));
      expect(line).toBeDefined();
      expect(JSON.parse(line ?? "{}").db.sqlstate).toBe(sqlstate);
      expect(logged.join("\n")).not.toContain(SECRET);
      expect(logged.join("\n")).not.toContain("99999999999");
    },
  );

  it("answers a change a constraint refused (23505) with a Russian 409 and logs no value", async () => {
    logged = [];
    const res = await app.inject({ method: "GET", url: "/twice" });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json()).toMatchObject({ status: 409, title: "Данные изменились" });
    const line = logged.find((entry) => entry.includes('"change refused by a constraint"'));
    expect(JSON.parse(line ?? "{}").db.sqlstate).toBe("23505");
    expect(logged.join("\n")).not.toContain(SECRET);
    expect(res.body).not.toContain(SECRET);
  });

  it("answers any other database error with a 500 whose log line holds no bound value", async () => {
    logged = [];
    const res = await app.inject({ method: "GET", url: "/missing-table" });
    expect(res.statusCode).toBe(500);
    expect(res.json().title).toBe("Внутренняя ошибка сервера");
    const line = JSON.parse(logged.find((entry) => entry.includes('"request failed"')) ?? "{}");
    expect(line.db).toMatchObject({ sqlstate: "42P01" });
    expect(line.err).toBeUndefined();
    expect(logged.join("\n")).not.toContain(SECRET);
  });

  it("is logged by any other code as { err } without the query's values either", async () => {
    logged = [];
    const error = await database.db.execute(sql`select ${SECRET}::uuid`).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(Error);
    app.log.error({ err: error }, "a job failed");
    const line = logged.find((entry) => entry.includes('"a job failed"')) ?? "";
    expect(JSON.parse(line).err.message).toBe("Failed query");
    expect(line).toContain("invalid input syntax for type uuid");
    expect(line).not.toContain(SECRET);
  });
});
