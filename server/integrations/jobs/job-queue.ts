import PgBoss from "pg-boss";
import type { DatabaseHandle } from "../../db/client.ts";
import { pgBossDb } from "./pg-boss-db.ts";
import type { DeliveryLog } from "./queued-delivery.ts";

/** pg-boss's default schema, named here because deliveries read its job table. */
export const BOSS_SCHEMA = "pgboss";

/**
 * The one pg-boss instance of a process, on the app's own database connection (decision 0004).
 * Deliveries (SMS, e-mail) add their queues and workers to it.
 */
export interface JobQueue {
  readonly boss: PgBoss;
  /** pg-boss's view of the database, for the SQL deliveries run on its tables. */
  readonly db: PgBoss.Db;
  /** Creates pg-boss's tables when they are missing; start before any delivery. */
  start(): Promise<void>;
  /** Stops pg-boss; stop the deliveries first, so no send is cut off. */
  stop(): Promise<void>;
}

export function createJobQueue(database: DatabaseHandle, log: DeliveryLog): JobQueue {
  const db = pgBossDb(database);
  const boss = new PgBoss({
    db,
    schema: BOSS_SCHEMA,
    // No cron jobs here; this also spares the clock-skew checks.
    schedule: false,
    // Job rows hold the text, sign-in codes included: keep finished ones for hours, not a week.
    archiveCompletedAfterSeconds: 60 * 60,
    deleteAfterDays: 1,
  });
  boss.on("error", (error) => log.error({ err: error }, "job queue error"));
  let started = false;
  return {
    boss,
    db,
    async start() {
      await boss.start();
      started = true;
    },
    async stop() {
      if (!started) return;
      started = false;
      await boss.stop({ graceful: false });
    },
  };
}
