import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DatabaseHandle } from "../../db/client.ts";
import { createTestDatabase } from "../../test/build-test-app.ts";
import { createJobQueue, type JobQueue } from "./job-queue.ts";
import { createScheduledJob } from "./scheduled-job.ts";

const quietLog = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
let database: DatabaseHandle;
let dispose: () => Promise<void>;
// Two app instances on one database, each with its own pg-boss.
let instances: JobQueue[];

beforeAll(async () => {
  ({ database, dispose } = await createTestDatabase());
  await database.migrate();
  instances = [createJobQueue(database, quietLog), createJobQueue(database, quietLog)];
  for (const jobs of instances) await jobs.start();
});
afterAll(async () => {
  for (const jobs of instances) await jobs.stop();
  await dispose();
});

describe("a scheduled job", () => {
  it("runs on one instance at a time, even when the next period comes while it still runs", async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const runs: number[] = [];
    const jobs = instances.map((queue, index) =>
      createScheduledJob({
        jobs: queue,
        queue: "test-slow-housekeeping",
        everySeconds: 1,
        log: quietLog,
        async run() {
          runs.push(index);
          await gate;
        },
      }),
    );
    for (const job of jobs) await job.start();
    try {
      await vi.waitFor(() => expect(runs).toHaveLength(1), { timeout: 5_000 });
      // Both timers tick through two more periods; each period has its job, none may start.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(runs).toHaveLength(1);
      release();
      await vi.waitFor(() => expect(runs.length).toBeGreaterThan(1), { timeout: 5_000 });
    } finally {
      release();
      for (const job of jobs) await job.stop();
    }
    expect(quietLog.error).not.toHaveBeenCalled();
  });

  it("logs a failed run and runs again in the next period", async () => {
    let runs = 0;
    const job = createScheduledJob({
      jobs: instances[0] as JobQueue,
      queue: "test-failing-housekeeping",
      everySeconds: 1,
      log: quietLog,
      async run() {
        runs += 1;
        if (runs === 1) throw new Error("the storage did not answer");
      },
    });
    await job.start();
    try {
      await vi.waitFor(() => expect(runs).toBeGreaterThan(1), { timeout: 5_000 });
      expect(quietLog.error).toHaveBeenCalledWith(
        { err: expect.objectContaining({ message: "the storage did not answer" }) },
        "test-failing-housekeeping: the run failed",
      );
    } finally {
      await job.stop();
    }
  });

  it("runs nothing after stop() resolves", async () => {
    let runs = 0;
    const job = createScheduledJob({
      jobs: instances[1] as JobQueue,
      queue: "test-stopped-housekeeping",
      everySeconds: 1,
      log: quietLog,
      async run() {
        runs += 1;
      },
    });
    await job.start();
    await vi.waitFor(() => expect(runs).toBe(1), { timeout: 5_000 });
    await job.stop();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(runs).toBe(1);
    expect(await job.tick()).toBe(false);
  });
});
