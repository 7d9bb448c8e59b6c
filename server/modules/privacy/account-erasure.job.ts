import type { Db } from "../../db/client.ts";
import type { JobQueue } from "../../integrations/jobs/job-queue.ts";
import type { DeliveryLog } from "../../integrations/jobs/queued-delivery.ts";
import { createScheduledJob, type ScheduledJob } from "../../integrations/jobs/scheduled-job.ts";
import { HEALTH_DATA_DOCUMENT } from "../legal/index.ts";
import {
  eraseDeferred,
  eraseWithdrawnHealthData,
  findDueErasures,
} from "./account-erasure.repository.ts";

export const ACCOUNT_ERASURE_QUEUE = "account-erasure";
const EVERY_SECONDS = 60 * 60;
const BATCH = 100;
/** 152-FZ art. 21 part 5: data kept on a withdrawn consent is destroyed within 30 days. */
export const WITHDRAWN_CONSENT_DAYS = 30;
const DAY_MS = 24 * 60 * 60_000;

/**
 * Runs the deferred erasure of every deleted account whose time has come; each in its own
 * transaction, so a crash leaves the rest for the next run. Safe to repeat.
 */
export async function runDueErasures(db: Db, now = new Date()): Promise<number> {
  let done = 0;
  for (;;) {
    const due = await findDueErasures(db, now, BATCH);
    for (const deletion of due) {
      await db.transaction((tx) => eraseDeferred(tx, deletion, now));
      done += 1;
    }
    if (due.length < BATCH) return done;
  }
}

/**
 * The client's own medical card entries and uploads of accounts whose health-data consent has been
 * withdrawn for 30 days (given again before that, nothing goes). A day early, so that an hourly
 * run late by any margin still keeps the 30 days.
 */
export function eraseLapsedHealthData(db: Db, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - (WITHDRAWN_CONSENT_DAYS - 1) * DAY_MS);
  return eraseWithdrawnHealthData(db, HEALTH_DATA_DOCUMENT, before);
}

/** The erasure, hourly on one instance at a time (its due dates are days apart). */
export function createAccountErasureJob(options: {
  jobs: JobQueue;
  db: Db;
  log: DeliveryLog;
}): ScheduledJob {
  const { db, log } = options;
  return createScheduledJob({
    jobs: options.jobs,
    queue: ACCOUNT_ERASURE_QUEUE,
    everySeconds: EVERY_SECONDS,
    log,
    async run() {
      const erased = await runDueErasures(db);
      if (erased > 0) log.info({ erased }, "deferred erasure of deleted accounts done");
      const lapsed = await eraseLapsedHealthData(db);
      if (lapsed > 0) log.info({ accounts: lapsed }, "health data of withdrawn consents erased");
    },
  });
}
