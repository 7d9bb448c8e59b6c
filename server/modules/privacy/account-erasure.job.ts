import type { Db } from "../../db/client.ts";
import type { JobQueue } from "../../integrations/jobs/job-queue.ts";
import type { DeliveryLog } from "../../integrations/jobs/queued-delivery.ts";
import { createScheduledJob, type ScheduledJob } from "../../integrations/jobs/scheduled-job.ts";
import { eraseDeferred, findDueErasures } from "./account-erasure.repository.ts";

export const ACCOUNT_ERASURE_QUEUE = "account-erasure";
const EVERY_SECONDS = 60 * 60;
const BATCH = 100;

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
    },
  });
}
