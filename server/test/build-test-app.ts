import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { FastifyInstance } from "fastify";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { buildApp } from "../app.ts";
import { type Config, loadConfig } from "../config.ts";
import { createDatabase, type DatabaseHandle } from "../db/client.ts";

/**
 * A fresh database for one test file: in-memory PGlite by default, or, when TEST_DATABASE_URL is
 * set, a new database created on that server and dropped afterwards.
 */
export async function createTestDatabase(): Promise<{
  database: DatabaseHandle;
  dispose: () => Promise<void>;
}> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const templatePath = process.env.PGLITE_TEMPLATE;
    const template = templatePath ? new Blob([await readFile(templatePath)]) : undefined;
    const database = await createDatabase({ kind: "embedded", template });
    return { database, dispose: () => database.close() };
  }
  const name = `rms_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await createDatabase({ kind: "server", url: url.toString(), poolMax: 4 });
  return {
    database,
    async dispose() {
      await database.close();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

export interface TestApp {
  app: FastifyInstance;
  config: Config;
  database: DatabaseHandle;
}

/**
 * Builds the real app on a fresh database before the file's tests and closes both after them.
 * Read the returned object's fields inside tests (they are filled in beforeAll).
 */
export function setupTestApp(
  overrides: { env?: NodeJS.ProcessEnv; webRoot?: string } = {},
): TestApp {
  const context = {} as TestApp;
  let dispose: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const test = await createTestDatabase();
    dispose = test.dispose;
    context.config = loadConfig({ NODE_ENV: "test", SEED_DEMO: "0", ...overrides.env });
    context.database = test.database;
    context.app = await buildApp(context.config, {
      database: test.database,
      logger: false,
      webRoot: overrides.webRoot,
    });
    await context.app.ready();
  });
  afterAll(async () => {
    await context.app?.close();
    await dispose?.();
  });
  return context;
}
