import type { FastifyBaseLogger } from "fastify";
import type PgBoss from "pg-boss";
import type { z } from "zod";
import { BOSS_SCHEMA, type JobQueue } from "./job-queue.ts";
import { createWakeablePause } from "./wakeable-pause.ts";

/** How a message that the provider refused is tried again, and how long it may wait at all. */
export interface RetryPolicy {
  /** Retries after the first try. */
  limit: number;
  /** The first retry's delay; with backoff each next one roughly doubles, with some jitter. */
  delaySeconds: number;
  backoff: boolean;
  /** A message not sent within this time (all retries waiting, or no worker running) is dropped. */
  expireInHours: number;
}

/**
 * 10 tries over about an hour: with pg-boss's backoff the nine waits add up to between 43 and 85
 * minutes. A provider outage shorter than that delays a message but loses none.
 */
export const DEFAULT_RETRY: RetryPolicy = {
  limit: 9,
  delaySeconds: 5,
  backoff: true,
  expireInHours: 3,
};

export type DeliveryLog = Pick<FastifyBaseLogger, "info" | "warn" | "error">;

export interface QueuedDeliveryOptions<Message> {
  /** The process's pg-boss, started before this delivery. */
  jobs: JobQueue;
  /** The pg-boss queue's name. */
  queue: string;
  /** "sms", "email": names the messages in the logs. */
  kind: string;
  /** What a job must hold; a job that does not is dropped. */
  schema: z.ZodType<Message>;
  /** Hands one message to the provider; throws when it was not taken. */
  send(message: Message): Promise<void>;
  /** A refusal that trying again cannot change: the message is dropped, not retried. */
  isPermanent(error: unknown): boolean;
  /** What of a message may go to the logs (a masked recipient, the provider's name). */
  describe(message: Message): Record<string, unknown>;
  log: DeliveryLog;
  retry?: Partial<RetryPolicy>;
  /** How often an idle worker looks for due messages (retries become due between looks). */
  pollingIntervalMs?: number;
}

/** Hands messages to a provider through a durable queue, so that a failed send is retried. */
export interface QueuedDelivery<Message> {
  /** Creates the queue when it is missing and starts this process's worker for it. */
  start(): Promise<void>;
  /** Stops taking new jobs and waits for the sends in progress. Idempotent. */
  stop(): Promise<void>;
  /**
   * Stores the message in the queue and wakes the worker; resolves with the job id. On the
   * embedded database call it outside db.transaction(): PGlite is one session, so the insert
   * would wait for the very transaction that waits for it.
   *
   * With `id`, a message already queued under that id is not queued again: an event handler
   * passes its delivery's key, so a repeated delivery sends one message. With
   * `startAfterSeconds` the message waits that long before it is due.
   */
  enqueue(message: Message, options?: { id?: string; startAfterSeconds?: number }): Promise<string>;
  /**
   * Resolves once no message is due or being sent: each one enqueued so far has been handed to
   * the provider, dropped, or is waiting for a later retry. Tests wait on it before reading the
   * outbox, since delivery is asynchronous.
   */
  whenSettled(timeoutMs?: number): Promise<void>;
}

// Messages are sent a few at a time, so one slow answer does not hold up the rest.
const BATCH_SIZE = 5;
// A job still active after this long (its process died mid-send) is failed by pg-boss's
// maintenance and so retried. Providers time out well before it.
const ACTIVE_TIMEOUT_SECONDS = 60;

const busyJobs = `select exists (
  select 1 from ${BOSS_SCHEMA}.job
  where name = $1 and (state = 'active' or (state < 'active' and start_after <= now()))
) as busy`;

/** Creates a queued delivery; nothing touches the database before start(). */
export function createQueuedDelivery<Message extends object>(
  options: QueuedDeliveryOptions<Message>,
): QueuedDelivery<Message> {
  const { queue, kind, log } = options;
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const pollingIntervalMs = options.pollingIntervalMs ?? 2_000;

  const { boss, db } = options.jobs;

  let state: "new" | "started" | "stopping" | "stopped" = "new";
  let loop: Promise<void> | undefined;
  let stopping: Promise<void> | undefined;
  // Woken by enqueue(): there is work now, so the loop should not sit out its polling interval.
  const idle = createWakeablePause(pollingIntervalMs);
  const wake = (): void => idle.wake();

  async function deliver(job: PgBoss.JobWithMetadata<unknown>): Promise<void> {
    const attempt = job.retryCount + 1;
    const data = options.schema.safeParse(job.data);
    if (!data.success) {
      log.error({ jobId: job.id }, `${kind} delivery: a job without a message, dropped`);
      await boss.cancel(queue, job.id);
      return;
    }
    const context = { jobId: job.id, ...options.describe(data.data), attempt };
    try {
      await options.send(data.data);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (options.isPermanent(error)) {
        log.error(
          { ...context, reason: message },
          `${kind} dropped: the provider will never take it`,
        );
        await boss.cancel(queue, job.id);
      } else if (attempt > job.retryLimit) {
        log.error({ ...context, reason: message }, `${kind} not sent, and that was the last try`);
        await boss.fail(queue, job.id, { message });
      } else {
        log.warn({ ...context, reason: message }, `${kind} not sent, will try again`);
        await boss.fail(queue, job.id, { message });
      }
      return;
    }
    await boss.complete(queue, job.id);
    log.info(context, `${kind} sent`);
  }

  // Our own loop rather than boss.work(): stop() can then wait for a fetch that is in flight as
  // well as for the sends, so nothing runs after stop() resolves and the database can close.
  async function work(): Promise<void> {
    while (state === "started") {
      idle.beginRound();
      let jobs: PgBoss.JobWithMetadata<unknown>[] = [];
      try {
        jobs = await boss.fetch<unknown>(queue, {
          batchSize: BATCH_SIZE,
          includeMetadata: true,
        });
        // A job whose complete() or fail() did not reach the database stays active and is
        // retried after ACTIVE_TIMEOUT_SECONDS: a rare duplicate rather than a lost message.
        const results = await Promise.allSettled(jobs.map(deliver));
        for (const result of results) {
          if (result.status === "rejected") {
            log.error({ err: result.reason }, `${kind} delivery: could not record a job's outcome`);
          }
        }
      } catch (error) {
        log.error({ err: error }, `${kind} delivery: could not fetch jobs`);
        jobs = [];
      }
      // A full batch suggests a backlog: go straight on. Otherwise wait for a poll or a wake-up.
      if (state === "started" && jobs.length < BATCH_SIZE) await idle.pause();
    }
  }

  return {
    async start() {
      if (state !== "new") throw new Error(`${kind} delivery cannot start: it is ${state}`);
      await boss.createQueue(queue);
      state = "started";
      loop = work();
    },

    stop() {
      if (state === "new") state = "stopped";
      if (state === "started") {
        state = "stopping";
        wake();
        // Every caller waits for the same drain, so none closes the database under it.
        stopping = (async () => {
          await loop;
          state = "stopped";
        })();
      }
      return stopping ?? Promise.resolve();
    },

    async enqueue(message, { id: given, startAfterSeconds } = {}) {
      if (state !== "started") {
        throw new Error(`${kind} delivery cannot take messages: it is ${state}`);
      }
      const id = await boss.send(queue, message, {
        ...(given ? { id: given } : {}),
        ...(startAfterSeconds ? { startAfter: startAfterSeconds } : {}),
        retryLimit: retry.limit,
        retryDelay: retry.delaySeconds,
        retryBackoff: retry.backoff,
        expireInSeconds: ACTIVE_TIMEOUT_SECONDS,
        retentionHours: retry.expireInHours,
      });
      // send() answers null for a job whose id is taken (queued before: nothing to do), otherwise
      // only for throttled or singleton jobs, which these are not.
      if (!id && given) return given;
      if (!id) throw new Error(`pg-boss did not store the ${kind} job`);
      wake();
      return id;
    },

    async whenSettled(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { rows } = await db.executeSql(busyJobs, [queue]);
        if (!rows[0]?.busy) return;
        if (Date.now() > deadline)
          throw new Error(`${kind} still being sent after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}
