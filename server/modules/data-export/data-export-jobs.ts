import { z } from "zod";
import type { JobQueue } from "../../integrations/jobs/job-queue.ts";
import {
  createQueuedDelivery,
  type QueuedDelivery,
} from "../../integrations/jobs/queued-delivery.ts";
import { createScheduledJob, type ScheduledJob } from "../../integrations/jobs/scheduled-job.ts";
import {
  markExportExpired,
  markExportFailed,
  selectExpiredExports,
  selectStalePreparing,
  selectStaleQueued,
} from "./data-export.repository.ts";
import type { DataExportContext } from "./data-export.service.ts";

export const DATA_EXPORT_QUEUE = "data-export";
export const DATA_EXPORT_SWEEP_QUEUE = "data-export-sweep";
const SWEEP_EVERY_SECONDS = 10 * 60;
/** A queued export whose job is this late was probably never queued (a crash between the two). */
const QUEUED_STALE_MS = 10 * 60 * 1000;
/** No run takes this long: an export still «preparing» after it is failed. */
const PREPARING_STALE_MS = 60 * 60 * 1000;

const jobSchema = z.object({ exportId: z.uuid() });
type ExportJob = z.infer<typeof jobSchema>;

/**
 * The exports' queue on pg-boss: a job per export, queued under the export's id, so it survives a
 * restart and runs on one instance. pg-boss takes a job that a killed instance left active again
 * after a minute; prepareExport takes an export in «preparing» again, so the run is repeated, not
 * lost. A run's own failure is recorded on the export (it is not retried: «Попробовать снова»).
 */
export function createExportQueue(
  jobs: JobQueue,
  run: (exportId: string) => Promise<void>,
  log: DataExportContext["log"],
): QueuedDelivery<ExportJob> {
  return createQueuedDelivery({
    jobs,
    queue: DATA_EXPORT_QUEUE,
    kind: "data export",
    schema: jobSchema,
    send: (job) => run(job.exportId),
    isPermanent: () => false,
    describe: (job) => ({ exportId: job.exportId }),
    log,
    // Retries only for what prepareExport could not record (the database away for a moment).
    retry: { limit: 3, delaySeconds: 30, backoff: true, expireInHours: 2 },
    pollingIntervalMs: 2_000,
  });
}

/**
 * Removes the files of exports past their 24 hours and marks them expired; queues again an export
 * whose job was lost and fails one stuck in «preparing». Safe to run beside itself.
 */
export async function sweepExports(ctx: DataExportContext, now = new Date()) {
  let expired = 0;
  for (const row of await selectExpiredExports(ctx.db, now)) {
    for (const key of [row.jsonStorageKey, row.pdfStorageKey]) {
      if (key) await ctx.files.delete(key);
    }
    await markExportExpired(ctx.db, row.id, now);
    expired++;
  }
  const requeued = await selectStaleQueued(ctx.db, new Date(now.getTime() - QUEUED_STALE_MS));
  for (const row of requeued) await ctx.enqueue(row.id);
  const stuck = [
    ...(await selectStalePreparing(ctx.db, new Date(now.getTime() - PREPARING_STALE_MS))),
    // Queued again and still not taken: the queue does not know it; the client may try again.
    ...(await selectStaleQueued(ctx.db, new Date(now.getTime() - PREPARING_STALE_MS))),
  ];
  for (const row of stuck) await markExportFailed(ctx.db, row.id, "stuck in preparing", now);
  return { expired, requeued: requeued.length, failed: stuck.length };
}

/** The sweep every ten minutes, on one instance at a time. */
export function createExportSweep(jobs: JobQueue, ctx: DataExportContext): ScheduledJob {
  return createScheduledJob({
    jobs,
    queue: DATA_EXPORT_SWEEP_QUEUE,
    everySeconds: SWEEP_EVERY_SECONDS,
    log: ctx.log,
    async run() {
      const result = await sweepExports(ctx);
      if (result.expired + result.requeued + result.failed > 0) {
        ctx.log.info(result, "data export sweep");
      }
    },
  });
}
