import { readFile } from "node:fs/promises";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../app.ts";
import { loadConfig } from "../config.ts";
import { createDatabase, type DatabaseHandle } from "./client.ts";
import { clients, staffMembers } from "./schema/index.ts";
import { DEMO_PASSWORD, demoClient } from "./seed.ts";

const PUBLIC_ORIGIN = "https://lk.rms-med.ru";
let database: DatabaseHandle;
let app: Awaited<ReturnType<typeof buildApp>>;

beforeAll(async () => {
  // A new, empty embedded database: outside production its first start seeds the demo data.
  const templatePath = process.env.PGLITE_TEMPLATE;
  const template = templatePath ? new Blob([await readFile(templatePath)]) : undefined;
  database = await createDatabase({ kind: "embedded", template });
  const config = loadConfig({
    NODE_ENV: "production",
    SMS_PROVIDER: "outbox",
    EMAIL_PROVIDER: "outbox",
    PAYMENTS_PROVIDER: "sandbox",
    PAYMENTS_VAT_CODE: "1",
    PUBLIC_ORIGIN,
  });
  app = await buildApp(config, { database, logger: false });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
});

function post(url: string, payload: object) {
  return app.inject({ method: "POST", url, payload, headers: { origin: PUBLIC_ORIGIN } });
}

describe("demo data in production", () => {
  it("seeds no demo account into a new embedded database", async () => {
    const [clientRows] = await database.db.select({ n: count() }).from(clients);
    const [staffRows] = await database.db.select({ n: count() }).from(staffMembers);
    expect({ clients: clientRows?.n, staff: staffRows?.n }).toEqual({ clients: 0, staff: 0 });
  });

  it("does not sign anyone in with the published demo password", async () => {
    const client = await post("/api/auth/sign-in", {
      phone: demoClient.phone,
      password: DEMO_PASSWORD,
    });
    expect(client.statusCode).toBe(401);
    expect(client.cookies.find((c) => c.name === "rms_session")).toBeUndefined();

    const admin = await post("/api/staff/auth/sign-in", {
      email: "admin@rms.local",
      password: DEMO_PASSWORD,
    });
    expect(admin.statusCode).toBe(401);
    expect(admin.cookies.find((c) => c.name === "rms_staff_session")).toBeUndefined();
  });
});
