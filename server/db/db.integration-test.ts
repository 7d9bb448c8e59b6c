import { asc, count } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { todayInMoscow } from "../../common/format/date.ts";
import { buildApp } from "../app.ts";
import { loadConfig } from "../config.ts";
import { verifyPassword } from "../modules/identity/password.ts";
import { createTestDatabase } from "../test/build-test-app.ts";
import { createDatabase, type DatabaseHandle } from "./client.ts";
import { appeals, clients, contracts, staffMembers } from "./schema/index.ts";
import { DEMO_PASSWORD, demoClient, seedDemo } from "./seed.ts";

const opened: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  for (const handle of opened.splice(0)) await handle.close();
});

async function countAccounts(database: DatabaseHandle) {
  const [clientRows] = await database.db.select({ n: count() }).from(clients);
  const [staffRows] = await database.db.select({ n: count() }).from(staffMembers);
  return { clients: clientRows?.n, staff: staffRows?.n };
}

describe("migrations and the demo seed", () => {
  it("tells a new database from one already migrated", async () => {
    const test = await createTestDatabase();
    opened.push({ close: test.dispose });
    expect(await test.database.migrate()).toEqual({ wasEmpty: true });
    expect(await test.database.migrate()).toEqual({ wasEmpty: false });
  });

  it("applies migrations once when several instances start together", async () => {
    const test = await createTestDatabase();
    opened.push({ close: test.dispose });
    const results = await Promise.all([test.database.migrate(), test.database.migrate()]);
    expect(results.filter((result) => result.wasEmpty)).toHaveLength(1);
  });

  it("seeds the demo accounts, with the demo password, and seeding again changes nothing", async () => {
    const test = await createTestDatabase();
    opened.push({ close: test.dispose });
    await test.database.migrate();
    await seedDemo(test.database.db);
    await seedDemo(test.database.db);
    expect(await countAccounts(test.database)).toEqual({ clients: 1, staff: 3 });
    const [client] = await test.database.db.select().from(clients);
    expect(client?.phone).toBe(demoClient.phone);
    expect(await verifyPassword(DEMO_PASSWORD, client?.passwordHash ?? "")).toBe(true);
    const demoContracts = await test.database.db
      .select({ number: contracts.number, startsOn: contracts.startsOn })
      .from(contracts)
      .orderBy(asc(contracts.number));
    expect(demoContracts.map((contract) => contract.number)).toEqual([
      "001-ДМС-2026-004512",
      "11/22445568",
      "11/30117742",
      "11/30245190",
      // The daughter's certificate (decision 0031: a holder acts for its children under 15).
      "11/30388416",
    ]);
    // The certificate for trying the change flows starts on the 1st of next month.
    const future = demoContracts.find((contract) => contract.number === "11/30245190");
    expect(future?.startsOn.endsWith("-01")).toBe(true);
    expect(future && future.startsOn > todayInMoscow()).toBe(true);
    const [appealRows] = await test.database.db.select({ n: count() }).from(appeals);
    expect(appealRows?.n).toBe(3);
  });

  it("seeds a new embedded database on its first start only", async () => {
    const database = await createDatabase({ kind: "embedded" });
    const app = await buildApp(loadConfig({ NODE_ENV: "test" }), { database, logger: false });
    opened.push(app);
    expect(await countAccounts(database)).toEqual({ clients: 1, staff: 3 });
  });

  it("leaves a database given by DATABASE_URL without demo data unless SEED_DEMO=1", async () => {
    const plain = await createTestDatabase();
    opened.push({ close: plain.dispose });
    // A server database: PostgreSQL when TEST_DATABASE_URL is set; otherwise an embedded one
    // stands in, marked as a server so the rule under test is the same.
    const asServer = { ...plain.database, kind: "server" as const };
    const app = await buildApp(loadConfig({ NODE_ENV: "test" }), {
      database: asServer,
      logger: false,
    });
    opened.push(app);
    expect(await countAccounts(plain.database)).toEqual({ clients: 0, staff: 0 });

    const seeded = await createTestDatabase();
    opened.push({ close: seeded.dispose });
    const seededApp = await buildApp(loadConfig({ NODE_ENV: "test", SEED_DEMO: "1" }), {
      database: { ...seeded.database, kind: "server" as const },
      logger: false,
    });
    opened.push(seededApp);
    expect(await countAccounts(seeded.database)).toEqual({ clients: 1, staff: 3 });
  });
});
