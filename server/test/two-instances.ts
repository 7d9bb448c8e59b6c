import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { buildApp } from "../app.ts";
import { loadConfig } from "../config.ts";
import { createDatabase, type DatabaseHandle } from "../db/client.ts";

/** One app instance of several on a shared PostgreSQL database, listening on a free port. */
export interface Instance {
  app: FastifyInstance;
  database: DatabaseHandle;
  /** http://127.0.0.1:port */
  base: string;
}

export interface Instances {
  /** Filled in beforeAll: read it inside tests. */
  readonly list: Instance[];
  /** The test database's name on the server. */
  readonly name: string;
  /** Runs one statement on the server as the admin connection; answers the row count. */
  admin(statement: string): Promise<number>;
}

/**
 * Several app instances on one new PostgreSQL database, as behind a load balancer: for
 * `describe.skipIf(!process.env.TEST_DATABASE_URL)` blocks (the embedded database is one
 * process's). Each instance LISTENs on its own connections; the database is dropped after.
 */
export function setupInstances(
  options: {
    count?: number;
    env?: NodeJS.ProcessEnv;
    /** Runs on each app before it is ready, e.g. to add an event handler. */
    beforeReady?: (app: FastifyInstance) => void;
  } = {},
): Instances {
  const serverUrl = process.env.TEST_DATABASE_URL ?? "";
  const name = `rms_test_${randomBytes(6).toString("hex")}`;
  const list: Instance[] = [];

  async function admin(statement: string): Promise<number> {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    const result = await client.query(statement);
    await client.end();
    return result.rowCount ?? 0;
  }

  async function instance(): Promise<Instance> {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const database = await createDatabase({ kind: "server", url: url.toString(), poolMax: 4 });
    const app = await buildApp(loadConfig({ NODE_ENV: "test", SEED_DEMO: "0", ...options.env }), {
      database,
      logger: false,
    });
    options.beforeReady?.(app);
    await app.listen({ port: 0, host: "127.0.0.1" });
    const address = app.server.address();
    if (typeof address !== "object" || !address) throw new Error("not listening");
    return { app, database, base: `http://127.0.0.1:${address.port}` };
  }

  beforeAll(async () => {
    await admin(`create database ${name}`);
    // One after the other: the first applies the migrations, the next finds them applied.
    for (let i = 0; i < (options.count ?? 2); i++) list.push(await instance());
  });
  afterAll(async () => {
    for (const one of [...list].reverse()) await one.app.close();
    await admin(`drop database if exists ${name} with (force)`);
  });
  return { list, name, admin };
}
