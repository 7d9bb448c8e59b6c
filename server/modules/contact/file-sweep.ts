import type { FastifyBaseLogger } from "fastify";
import type { Db } from "../../db/client.ts";
import type { JobQueue } from "../../integrations/jobs/job-queue.ts";
import { createScheduledJob, type ScheduledJob } from "../../integrations/jobs/scheduled-job.ts";
import type { FileStorage } from "../../integrations/storage/file-storage.ts";
import { referencedStorageKeys } from "./file-sweep.repository.ts";

/**
 * A file is stored before the row that names it is committed (decision 0009), so a young file
 * without a row may belong to an upload still in progress. An hour is far beyond any real one: a
 * local file's time is its last write, and an S3 object's is at worst its upload's start, so only
 * a message whose 25 MB took over an hour (under 7 KB/s) could lose a file to the sweep.
 */
export const ORPHAN_AGE_MS = 60 * 60 * 1000;
export const FILE_SWEEP_QUEUE = "file-sweep";
const EVERY_SECONDS = 15 * 60;
// Keys looked up in the database at a time.
const BATCH = 500;

export interface SweepResult {
  /** Stored files that no attachment row refers to. */
  orphans: number;
  /** Remains of uploads that never finished (local .part files). */
  unfinished: number;
}

/**
 * Removes the stored files, an hour old or more, that no message refers to: those a crash left
 * between storing a file and committing its message, and the remains of uploads cut off by a
 * killed server. Safe to run beside itself: both runs remove the same files, and removing a
 * missing one is no error.
 */
export async function sweepOrphanFiles(
  db: Db,
  storage: FileStorage,
  now = new Date(),
): Promise<SweepResult> {
  const olderThan = new Date(now.getTime() - ORPHAN_AGE_MS);
  const unfinished = await storage.removeUnfinished(olderThan);
  let orphans = 0;
  let batch: string[] = [];
  const removeUnreferenced = async () => {
    // Looked up after the listing, so a row committed meanwhile keeps its file.
    const referenced = await referencedStorageKeys(db, batch);
    const unreferenced = batch.filter((key) => !referenced.has(key));
    for (const key of unreferenced) await storage.delete(key);
    orphans += unreferenced.length;
    batch = [];
  };
  for await (const { key } of storage.list(olderThan)) {
    batch.push(key);
    if (batch.length >= BATCH) await removeUnreferenced();
  }
  await removeUnreferenced();
  return { orphans, unfinished };
}

/** The sweep, every quarter of an hour on one instance of the app at a time. */
export function createFileSweep(options: {
  jobs: JobQueue;
  db: Db;
  storage: FileStorage;
  log: Pick<FastifyBaseLogger, "info" | "warn" | "error" | "debug">;
}): ScheduledJob {
  const { db, storage, log } = options;
  return createScheduledJob({
    jobs: options.jobs,
    queue: FILE_SWEEP_QUEUE,
    everySeconds: EVERY_SECONDS,
    log,
    async run() {
      const removed = await sweepOrphanFiles(db, storage);
      // Counts only: the names of clients' files stay out of the logs.
      if (removed.orphans > 0 || removed.unfinished > 0) {
        log.info({ storage: storage.name, ...removed }, "file sweep removed stored files");
      } else {
        log.debug({ storage: storage.name }, "file sweep found nothing to remove");
      }
    },
  });
}
