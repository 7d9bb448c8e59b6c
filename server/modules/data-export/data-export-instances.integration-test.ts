import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { buildApp } from "../../app.ts";
import { loadConfig } from "../../config.ts";
import { createDatabase } from "../../db/client.ts";
import { dataExports } from "../../db/schema/index.ts";
import { createJobQueue } from "../../integrations/jobs/job-queue.ts";
import { createTestClient, signInClient } from "../../test/factories.ts";
import { setupInstances } from "../../test/two-instances.ts";
import { DATA_EXPORT_QUEUE } from "./data-export-jobs.ts";

// The export's job on pg-boss (decision 0030): once across instances, and not lost by a restart.
// PostgreSQL only: the embedded database is one process's.

const serverUrl = process.env.TEST_DATABASE_URL ?? "";
const silent = { info() {}, warn() {}, error() {} };

describe.skipIf(!serverUrl)("the export's job on two instances", () => {
  const instances = setupInstances({ count: 2 });

  it("prepares an export once, and either instance serves its files", async () => {
    const [first, second] = instances.list;
    if (!first || !second) throw new Error("two instances expected");
    const client = await createTestClient(first.database.db);
    const cookie = await signInClient(first.app, client);
    const asked = await first.app.inject({
      method: "POST",
      url: "/api/profile/data-exports",
      cookies: { rms_session: cookie },
    });
    expect(asked.statusCode).toBe(202);
    const id: string = asked.json().export.id;
    await Promise.all([
      first.app.dataExports.whenSettled(20_000),
      second.app.dataExports.whenSettled(20_000),
    ]);
    const [row] = await first.database.db.select().from(dataExports).where(eq(dataExports.id, id));
    expect(row).toMatchObject({ status: "ready", attempts: 1 });
    const file = await second.app.inject({
      method: "GET",
      url: `/api/profile/data-exports/${id}/json`,
      cookies: { rms_session: cookie },
    });
    expect(file.statusCode).toBe(200);
    expect(file.json().account.id).toBe(client.id);
  }, 40_000);
});

describe.skipIf(!serverUrl)("the export's job across a restart", () => {
  it("is done by the next start when it was queued while no instance ran", async () => {
    const name = `rms_test_${randomBytes(6).toString("hex")}`;
    const admin = async (statement: string) => {
      const connection = new pg.Client({ connectionString: serverUrl });
      await connection.connect();
      await connection.query(statement);
      await connection.end();
    };
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const open = () => createDatabase({ kind: "server", url: url.toString(), poolMax: 4 });
    const config = loadConfig({ NODE_ENV: "test", SEED_DEMO: "0" });
    await admin(`create database ${name}`);
    try {
      // The first start makes the tables and the queue, then the instance stops.
      const before = await buildApp(config, { database: await open(), logger: false });
      await before.ready();
      const client = await createTestClient(before.database.db);
      await before.close();

      // Asked for just before the stop: the row and its job are stored, no worker runs.
      const between = await open();
      const [row] = await between.db
        .insert(dataExports)
        .values({ clientId: client.id })
        .returning({ id: dataExports.id });
      const exportId = row?.id ?? "";
      const jobs = createJobQueue(between, silent);
      await jobs.start();
      await jobs.boss.send(DATA_EXPORT_QUEUE, { exportId }, { id: exportId });
      await jobs.stop();
      await between.close();

      const after = await buildApp(config, { database: await open(), logger: false });
      try {
        await after.ready();
        await after.dataExports.whenSettled(20_000);
        const [done] = await after.database.db
          .select({ status: dataExports.status, attempts: dataExports.attempts })
          .from(dataExports)
          .where(eq(dataExports.id, exportId));
        expect(done).toEqual({ status: "ready", attempts: 1 });
      } finally {
        await after.close();
      }
    } finally {
      await admin(`drop database if exists ${name} with (force)`);
    }
  }, 60_000);
});
