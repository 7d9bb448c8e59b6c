import type { JobQueue } from "./job-queue.ts";
import type { DeliveryLog } from "./queued-delivery.ts";

export interface ScheduledJobOptions {
  /** The process's pg-boss, started before this job. */
  jobs: JobQueue;
  /** The pg-boss queue's name; it also names the job in the logs. */
  queue: string;
  /** How often the job runs, all instances together. */
  everySeconds: number;
  /** The work; it must be safe to repeat, since a run cut off by a crash is not resumed. */
  run(): Promise<void>;
  log: DeliveryLog;
  /** A run still going after this long (its process died) no longer holds the others off. */
  timeoutSeconds?: number;
}

/** Housekeeping that one instance at a time runs every so often. */
export interface ScheduledJob {
  /** Creates the queue when it is missing and starts this instance's timer. */
  start(): Promise<void>;
  /** Stops the timer and waits for a run in progress, so the database can close. Idempotent. */
  stop(): Promise<void>;
  /**
   * What the timer does: makes this period's job unless an instance already did, and runs it
   * unless an instance already took it. Resolves with whether this call ran it.
   */
  tick(): Promise<boolean>;
}

/**
 * Every instance wakes each `everySeconds`; pg-boss lets one job a period into the queue (a
 * singleton key throttled to the period) and one run at a time out of it (the queue's singleton
 * policy), so however many instances there are, the job runs once a period. Our own timer rather
 * than boss.schedule(): pg-boss's cron worker does not wait for its last fetch on stop, and would
 * poll every few seconds in every process for a job that runs a few times an hour.
 */
export function createScheduledJob(options: ScheduledJobOptions): ScheduledJob {
  const { jobs, queue, everySeconds, log } = options;
  const { boss } = jobs;
  const timeoutSeconds = options.timeoutSeconds ?? 30 * 60;
  let state: "new" | "started" | "stopped" = "new";
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<boolean> | undefined;

  async function runOnce(): Promise<boolean> {
    // Null when this period's job exists already: made by another instance, or by an earlier tick.
    await boss.send(
      queue,
      {},
      {
        singletonKey: queue,
        singletonSeconds: everySeconds,
        retryLimit: 0,
        expireInSeconds: timeoutSeconds,
        retentionSeconds: everySeconds,
      },
    );
    // Empty when the job is taken, or running elsewhere (the singleton policy refuses a second).
    const [job] = await boss.fetch(queue);
    if (!job) return false;
    try {
      await options.run();
    } catch (error) {
      log.error({ err: error }, `${queue}: the run failed`);
      await boss.fail(queue, job.id, { message: error instanceof Error ? error.message : "" });
      return true;
    }
    await boss.complete(queue, job.id);
    return true;
  }

  async function tick(): Promise<boolean> {
    if (state !== "started") return false;
    // A tick while this process's previous one still runs waits for it instead of running too.
    if (running) return running.then(() => false);
    running = runOnce().finally(() => {
      running = undefined;
    });
    return running;
  }

  return {
    async start() {
      if (state !== "new") throw new Error(`${queue} cannot start: it is ${state}`);
      await boss.createQueue(queue, { name: queue, policy: "singleton" });
      state = "started";
      timer = setInterval(() => {
        tick().catch((error) => log.error({ err: error }, `${queue}: could not start a run`));
      }, everySeconds * 1000);
      // The timer alone does not keep a process alive.
      timer.unref();
    },
    async stop() {
      state = "stopped";
      clearInterval(timer);
      await running?.catch(() => {});
    },
    tick,
  };
}
