import type { FastifyBaseLogger } from "fastify";
import PgBoss from "pg-boss";
import { z } from "zod";
import type { DatabaseHandle } from "../../db/client.ts";
import { pgBossDb } from "./pg-boss-db.ts";
import type { SmsMessage, SmsProvider } from "./sms-provider.ts";
import { SmsSendError } from "./sms-send-error.ts";

/** The pg-boss queue of SMS waiting to be handed to the provider. */
export const SMS_QUEUE = "sms-send";

/** How a message that the provider refused is tried again, and how long it may wait at all. */
export interface SmsRetryPolicy {
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
 * minutes. A gateway outage shorter than that delays a message but loses none.
 */
export const DEFAULT_SMS_RETRY: SmsRetryPolicy = {
  limit: 9,
  delaySeconds: 5,
  backoff: true,
  expireInHours: 3,
};

export type SmsLog = Pick<FastifyBaseLogger, "info" | "warn" | "error">;

export interface SmsDeliveryOptions {
  database: DatabaseHandle;
  provider: SmsProvider;
  log: SmsLog;
  retry?: Partial<SmsRetryPolicy>;
  /** How often an idle worker looks for due messages (retries become due between looks). */
  pollingIntervalMs?: number;
}

/** Hands SMS to the provider through a durable queue, so that a failed send is retried. */
export interface SmsDelivery {
  /** Creates the queue tables when they are missing and starts this process's worker. */
  start(): Promise<void>;
  /** Stops taking new jobs, waits for the sends in progress, and stops pg-boss. Idempotent. */
  stop(): Promise<void>;
  /**
   * Stores the message in the queue and wakes the worker; resolves with the job id. On the
   * embedded database call it outside db.transaction(): PGlite is one session, so the insert
   * would wait for the very transaction that waits for it.
   */
  enqueue(message: SmsMessage): Promise<string>;
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

const jobDataSchema = z.object({ to: z.string(), text: z.string() });

// pg-boss's default schema, named here because whenSettled() reads its job table.
const BOSS_SCHEMA = "pgboss";
const busyJobs = `select exists (
  select 1 from ${BOSS_SCHEMA}.job
  where name = $1 and (state = 'active' or (state < 'active' and start_after <= now()))
) as busy`;

/** Creates the SMS delivery; nothing touches the database before start(). */
export function createSmsDelivery(options: SmsDeliveryOptions): SmsDelivery {
  const { provider, log } = options;
  const retry = { ...DEFAULT_SMS_RETRY, ...options.retry };
  const pollingIntervalMs = options.pollingIntervalMs ?? 2_000;

  const db = pgBossDb(options.database);
  const boss = new PgBoss({
    db,
    schema: BOSS_SCHEMA,
    // No cron jobs here; this also spares the clock-skew checks.
    schedule: false,
    // Job rows hold the text, sign-in codes included: keep finished ones for hours, not a week.
    archiveCompletedAfterSeconds: 60 * 60,
    deleteAfterDays: 1,
  });
  boss.on("error", (error) => log.error({ err: error }, "sms delivery: job queue error"));

  let state: "new" | "started" | "stopping" | "stopped" = "new";
  let loop: Promise<void> | undefined;
  let stopping: Promise<void> | undefined;
  // Set by enqueue(): there is work now, so the loop should not sit out its polling interval.
  let woken = false;
  let interruptIdle: (() => void) | undefined;

  function wake(): void {
    woken = true;
    interruptIdle?.();
  }

  async function deliver(job: PgBoss.JobWithMetadata<unknown>): Promise<void> {
    const attempt = job.retryCount + 1;
    const data = jobDataSchema.safeParse(job.data);
    if (!data.success) {
      log.error({ jobId: job.id }, "sms delivery: a job without a message, dropped");
      await boss.cancel(SMS_QUEUE, job.id);
      return;
    }
    const context = {
      jobId: job.id,
      to: maskPhone(data.data.to),
      provider: provider.name,
      attempt,
    };
    try {
      await provider.send(data.data);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof SmsSendError && error.permanent) {
        log.error({ ...context, reason: message }, "sms dropped: the provider will never take it");
        await boss.cancel(SMS_QUEUE, job.id);
      } else if (attempt > job.retryLimit) {
        log.error({ ...context, reason: message }, "sms not sent, and that was the last try");
        await boss.fail(SMS_QUEUE, job.id, { message });
      } else {
        log.warn({ ...context, reason: message }, "sms not sent, will try again");
        await boss.fail(SMS_QUEUE, job.id, { message });
      }
      return;
    }
    await boss.complete(SMS_QUEUE, job.id);
    log.info(context, "sms sent");
  }

  function idle(): Promise<void> {
    if (woken) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        interruptIdle = undefined;
        resolve();
      };
      const timer = setTimeout(done, pollingIntervalMs);
      interruptIdle = done;
    });
  }

  // Our own loop rather than boss.work(): stop() can then wait for a fetch that is in flight as
  // well as for the sends, so nothing runs after stop() resolves and the database can close.
  async function work(): Promise<void> {
    while (state === "started") {
      woken = false;
      let jobs: PgBoss.JobWithMetadata<unknown>[] = [];
      try {
        jobs = await boss.fetch<unknown>(SMS_QUEUE, {
          batchSize: BATCH_SIZE,
          includeMetadata: true,
        });
        // A job whose complete() or fail() did not reach the database stays active and is
        // retried after ACTIVE_TIMEOUT_SECONDS: a rare duplicate rather than a lost code.
        const results = await Promise.allSettled(jobs.map(deliver));
        for (const result of results) {
          if (result.status === "rejected") {
            log.error({ err: result.reason }, "sms delivery: could not record a job's outcome");
          }
        }
      } catch (error) {
        log.error({ err: error }, "sms delivery: could not fetch jobs");
        jobs = [];
      }
      // A full batch suggests a backlog: go straight on. Otherwise wait for a poll or a wake-up.
      if (state === "started" && jobs.length < BATCH_SIZE) await idle();
    }
  }

  return {
    async start() {
      if (state !== "new") throw new Error(`SMS delivery cannot start: it is ${state}`);
      await boss.start();
      await boss.createQueue(SMS_QUEUE);
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
          await boss.stop({ graceful: false });
          state = "stopped";
        })();
      }
      return stopping ?? Promise.resolve();
    },

    async enqueue(message) {
      if (state !== "started") throw new Error(`SMS delivery cannot take messages: it is ${state}`);
      const id = await boss.send(SMS_QUEUE, message, {
        retryLimit: retry.limit,
        retryDelay: retry.delaySeconds,
        retryBackoff: retry.backoff,
        expireInSeconds: ACTIVE_TIMEOUT_SECONDS,
        retentionHours: retry.expireInHours,
      });
      // send() answers null only for throttled or singleton jobs, which these are not.
      if (!id) throw new Error("pg-boss did not store the SMS job");
      wake();
      return id;
    },

    async whenSettled(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { rows } = await db.executeSql(busyJobs, [SMS_QUEUE]);
        if (!rows[0]?.busy) return;
        if (Date.now() > deadline) throw new Error(`SMS still being sent after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}

/** `+79261111111` → `+7926***1111`: enough to match a complaint, not enough to leak a number. */
function maskPhone(e164: string): string {
  return e164.length > 8 ? `${e164.slice(0, 5)}***${e164.slice(-4)}` : "***";
}
