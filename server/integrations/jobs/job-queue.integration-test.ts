import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DatabaseHandle } from "../../db/client.ts";
import { createTestDatabase } from "../../test/build-test-app.ts";
import { createJobQueue, type JobQueue } from "./job-queue.ts";

const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
let database: DatabaseHandle;
let dispose: () => Promise<void>;
let jobs: JobQueue;

beforeAll(async () => {
  ({ database, dispose } = await createTestDatabase());
  await database.migrate();
  // pg-boss's own timing, shortened: a due schedule is looked for every second, not every 30 s.
  jobs = createJobQueue(database, log, {
    cronMonitorIntervalSeconds: 1,
    cronWorkerIntervalSeconds: 1,
  });
  await jobs.start();
});
afterAll(async () => {
  await jobs.stop();
  await dispose();
});

describe("the job queue", () => {
  it("runs a cron schedule: a due schedule becomes a job in its queue", async () => {
    await jobs.boss.createQueue("test-reminders");
    await jobs.boss.schedule("test-reminders", "* * * * *", { kind: "reminder" });
    const job = await vi.waitFor(
      async () => {
        const [next] = await jobs.boss.fetch<{ kind: string }>("test-reminders");
        if (!next) throw new Error("no job yet");
        return next;
      },
      { timeout: 15_000, interval: 250 },
    );
    expect(job.data).toEqual({ kind: "reminder" });
    await jobs.boss.complete("test-reminders", job.id);
    await jobs.boss.unschedule("test-reminders");
    expect(log.error).not.toHaveBeenCalled();
  });

  it("lets nothing of pg-boss reach the database once stop() resolves, its cron worker included", async () => {
    const { database: own, dispose: disposeOwn } = await createTestDatabase();
    const quiet = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const queue = createJobQueue(own, quiet, {
      cronMonitorIntervalSeconds: 1,
      cronWorkerIntervalSeconds: 1,
    });
    await own.migrate();
    await queue.start();
    // Long enough for the cron worker's and the clock check's loops to be going.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await queue.stop();
    await disposeOwn();
    // Past the next tick of every loop pg-boss runs with these settings.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(quiet.error).not.toHaveBeenCalled();
  });
});
