import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { sql } from "drizzle-orm";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { migrationsDir } from "../paths.ts";
import { keepStatementsPrepared } from "./embedded-statements.ts";
import {
  type Listener,
  type ListenHandlers,
  listenEmbedded,
  listenServer,
  sharedListen,
} from "./listener.ts";
import * as schema from "./schema/index.ts";

/** The Drizzle database every repository receives, whichever client is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export type DatabaseOptions =
  | {
      kind: "embedded";
      /** Omit for an in-memory database (tests). */
      dataDir?: string;
      /** A dumped empty cluster to start from instead of running initdb (faster tests). */
      template?: Blob;
    }
  | { kind: "server"; url: string; poolMax?: number };

export interface DatabaseHandle {
  readonly db: Db;
  readonly kind: "embedded" | "server";
  /** Applies the pending migrations under an advisory lock; tells whether the database was new. */
  migrate(): Promise<{ wasEmpty: boolean }>;
  /** Throws when the database does not answer. */
  ping(): Promise<void>;
  /**
   * LISTENs on `channel` (lower case) over a connection of its own, never a pooled one; every
   * part of the process that listens on a channel shares its one connection.
   */
  listen(channel: string, handlers: ListenHandlers): Promise<Listener>;
  close(): Promise<void>;
}

// Any constant shared by all instances of the app; several instances starting at once queue on it.
const MIGRATION_LOCK_KEY = 7_700_709_4;

const migrationsTableExists = sql`select to_regclass('drizzle.__drizzle_migrations') is not null as "exists"`;

async function lockedMigrate(
  db: Db,
  runMigrations: () => Promise<void>,
): Promise<{ wasEmpty: boolean }> {
  await db.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
  try {
    const result = await db.execute(migrationsTableExists);
    const row = (result as unknown as { rows: { exists: boolean }[] }).rows[0];
    await runMigrations();
    return { wasEmpty: !row?.exists };
  } finally {
    await db.execute(sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
  }
}

/**
 * PGlite's own start parameters with a smaller buffer pool: its default 128 MB of shared_buffers
 * lives in the WASM heap for the life of the process; 32 MB holds the demo database and more
 * (decision 0017).
 */
const embeddedStartParams = [...PGlite.defaultStartParams, "-c", "shared_buffers=32MB"];

/** Extensions every embedded database loads: the booking constraints need btree_gist (0020). */
export const embeddedExtensions = { btree_gist };

/** The client factory: PGlite when no server is given, a node-postgres pool when it is. */
export async function createDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.kind === "embedded") {
    let client: PGlite;
    if (options.dataDir) {
      mkdirSync(options.dataDir, { recursive: true });
      client = await PGlite.create(join(options.dataDir, "pglite"), {
        startParams: embeddedStartParams,
        extensions: embeddedExtensions,
      });
    } else {
      client = await PGlite.create({
        startParams: embeddedStartParams,
        extensions: embeddedExtensions,
        ...(options.template ? { loadDataDir: options.template } : {}),
      });
    }
    keepStatementsPrepared(client);
    const db = drizzlePglite({ client, schema });
    // PGlite is one session, in which advisory locks are re-entrant: queue migrations in-process.
    let migrations: Promise<unknown> = Promise.resolve();
    return {
      db,
      kind: "embedded",
      migrate() {
        const run = migrations.then(() =>
          lockedMigrate(db, () => migratePglite(db, { migrationsFolder: migrationsDir })),
        );
        migrations = run.catch(() => {});
        return run;
      },
      async ping() {
        await db.execute(sql`select 1`);
      },
      listen: sharedListen((channel, handlers) => listenEmbedded(client, channel, handlers)),
      async close() {
        if (!client.closed) await client.close();
      },
    };
  }

  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolMax ?? 10,
    connectionTimeoutMillis: 5_000,
    application_name: "rms-cabinet",
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on("error", () => {});
  const db = drizzleNodePg({ client: pool, schema });
  return {
    db,
    kind: "server",
    async migrate() {
      // A session-level advisory lock needs one connection for the whole run.
      const connection = await pool.connect();
      try {
        const lockedDb = drizzleNodePg({ client: connection, schema });
        return await lockedMigrate(lockedDb, () =>
          migrateNodePg(lockedDb, { migrationsFolder: migrationsDir }),
        );
      } finally {
        connection.release();
      }
    },
    async ping() {
      await db.execute(sql`select 1`);
    },
    listen: sharedListen((channel, handlers) => listenServer(options.url, channel, handlers)),
    async close() {
      if (!pool.ended) await pool.end();
    },
  };
}
