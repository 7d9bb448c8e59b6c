import PgBoss from "pg-boss";
import type { DatabaseHandle } from "../../db/client.ts";
import { pgBossDb } from "./pg-boss-db.ts";
import type { DeliveryLog } from "./queued-delivery.ts";

/** pg-boss's default schema, named here because deliveries read its job table. */
export const BOSS_SCHEMA = "pgboss";

/**
 * The one pg-boss instance of a process, on the app's own database connection (decision 0004),
 * with scheduling on (decision 0014). Deliveries (SMS, e-mail), the file sweep and later reminders
 * add their queues, workers and schedules to it; the jobs plugin owns it.
 */
export interface JobQueue {
  readonly boss: PgBoss;
  /** pg-boss's view of the database, for the SQL deliveries run on its tables. */
  readonly db: PgBoss.Db;
  /** Creates pg-boss's tables when they are missing; start before any delivery. */
  start(): Promise<void>;
  /**
   * Stops pg-boss and waits for its queries in flight, so the database can close after it; stop
   * the deliveries first, so no send is cut off.
   */
  stop(): Promise<void>;
}

/** pg-boss's timing, shortened by tests that watch a schedule fire. */
export interface JobQueueTiming {
  /** How often an instance checks whether a schedule is due (pg-boss: 30 s). */
  cronMonitorIntervalSeconds?: number;
  /** How often due schedules become jobs (pg-boss: 5 s). */
  cronWorkerIntervalSeconds?: number;
}

/** Raised by a pg-boss query made after stop(): the database may already be closed. */
export class JobQueueStoppedError extends Error {
  constructor() {
    super("the job queue is stopped");
  }
}

/**
 * pg-boss's database, closed by stop(): stop() waits for the queries in flight, and any query
 * pg-boss starts after it (its cron worker and clock check do not wait at stop) fails at once
 * instead of reaching a database that is closing.
 */
function closableDb(db: PgBoss.Db): { db: PgBoss.Db; close(): Promise<void> } {
  let open = true;
  const inFlight = new Set<Promise<unknown>>();
  return {
    db: {
      executeSql(text, values) {
        if (!open) return Promise.reject(new JobQueueStoppedError());
        const query = db.executeSql(text, values);
        inFlight.add(query);
        const forget = () => inFlight.delete(query);
        query.then(forget, forget);
        return query;
      },
    },
    async close() {
      open = false;
      await Promise.allSettled([...inFlight]);
    },
  };
}

export function createJobQueue(
  database: DatabaseHandle,
  log: DeliveryLog,
  timing: JobQueueTiming = {},
): JobQueue {
  const connection = closableDb(pgBossDb(database));
  const { db } = connection;
  const boss = new PgBoss({
    db,
    schema: BOSS_SCHEMA,
    // On for reminders and expiry (boss.schedule, decision 0014). pg-boss then checks the clock
    // against the database's every 10 minutes and looks for due schedules every 30 s, once across
    // instances; on PGlite the clock is this process's own, so the check always agrees.
    schedule: true,
    ...timing,
    // Job rows hold the text, sign-in codes included: keep finished ones for hours, not a week.
    archiveCompletedAfterSeconds: 60 * 60,
    deleteAfterDays: 1,
  });
  boss.on("error", (error) => {
    if (error instanceof JobQueueStoppedError) return;
    log.error({ err: error }, "job queue error");
  });
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
      await connection.close();
    },
  };
}
