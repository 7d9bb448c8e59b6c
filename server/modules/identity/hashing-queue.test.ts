import { describe, expect, it } from "vitest";
import { BoundedQueue } from "./hashing-queue.ts";

/** A task that runs until the test finishes (or fails) it, noting when it starts. */
function gatedTask(started: string[], name: string) {
  let finish: () => void = () => {};
  let fail: (error: Error) => void = () => {};
  const task = () => {
    started.push(name);
    return new Promise<string>((resolve, reject) => {
      finish = () => resolve(name);
      fail = reject;
    });
  };
  return { task, finish: () => finish(), fail: (error: Error) => fail(error) };
}

/** Lets queued promise callbacks run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("the bounded queue", () => {
  it("never runs more tasks at once than its concurrency", async () => {
    const queue = new BoundedQueue({ concurrency: 2, maxWaiting: 20 });
    let running = 0;
    let highest = 0;
    const task = async () => {
      running += 1;
      highest = Math.max(highest, running);
      await settle();
      running -= 1;
    };
    const runs = Array.from({ length: 20 }, () => queue.tryRun(task));
    expect(runs.every((run) => run !== null)).toBe(true);
    await Promise.all(runs);
    expect(highest).toBe(2);
    expect(queue.stats).toEqual({ running: 0, waiting: 0 });
  });

  it("refuses a task beyond the running and waiting places at once, without running it", async () => {
    const queue = new BoundedQueue({ concurrency: 1, maxWaiting: 2 });
    const started: string[] = [];
    const tasks = ["a", "b", "c", "d"].map((name) => gatedTask(started, name));
    const runs = tasks.slice(0, 3).map(({ task }) => queue.tryRun(task));
    expect(queue.full).toBe(true);
    runs.push(queue.tryRun((tasks[3] as (typeof tasks)[number]).task));
    expect(runs.map((run) => run !== null)).toEqual([true, true, true, false]);
    expect(queue.stats).toEqual({ running: 1, waiting: 2 });
    for (const { finish } of tasks.slice(0, 3)) {
      await settle();
      finish();
    }
    await Promise.all(runs);
    expect(started).toEqual(["a", "b", "c"]);
  });

  it("starts waiting tasks in the order they came", async () => {
    const queue = new BoundedQueue({ concurrency: 1, maxWaiting: 10 });
    const started: string[] = [];
    const tasks = ["first", "second", "third", "fourth"].map((name) => gatedTask(started, name));
    const runs = tasks.map(({ task }) => queue.tryRun(task));
    for (const { finish } of tasks) {
      await settle();
      finish();
    }
    expect(await Promise.all(runs)).toEqual(["first", "second", "third", "fourth"]);
    expect(started).toEqual(["first", "second", "third", "fourth"]);
  });

  it("frees the slot of a failing task for the next one and passes the failure on", async () => {
    const queue = new BoundedQueue({ concurrency: 1, maxWaiting: 1 });
    const started: string[] = [];
    const failing = gatedTask(started, "failing");
    const next = gatedTask(started, "next");
    const failed = queue.tryRun(failing.task);
    const following = queue.tryRun(next.task);
    expect(queue.tryRun(async () => "third")).toBeNull();
    failing.fail(new Error("scrypt refused"));
    await expect(failed).rejects.toThrow("scrypt refused");
    await settle();
    expect(started).toEqual(["failing", "next"]);
    next.finish();
    expect(await following).toBe("next");
    expect(queue.stats).toEqual({ running: 0, waiting: 0 });
    expect(await queue.tryRun(async () => "after")).toBe("after");
  });

  it("takes more tasks at once when its limits are raised, keeping those already queued", async () => {
    const queue = new BoundedQueue({ concurrency: 1, maxWaiting: 1 });
    const started: string[] = [];
    const tasks = ["a", "b", "c"].map((name) => gatedTask(started, name));
    const runs = tasks.slice(0, 2).map(({ task }) => queue.tryRun(task));
    queue.setLimits({ concurrency: 3, maxWaiting: 0 });
    runs.push(queue.tryRun((tasks[2] as (typeof tasks)[number]).task));
    expect(queue.stats).toEqual({ running: 3, waiting: 0 });
    expect(queue.tryRun(async () => "d")).toBeNull();
    await settle();
    expect(started).toEqual(["a", "b", "c"]);
    for (const { finish } of tasks) finish();
    expect(await Promise.all(runs)).toEqual(["a", "b", "c"]);
  });

  it("asks a refused caller to come back after the queued tasks' likely time, at least its mean", () => {
    const queue = new BoundedQueue({ concurrency: 2, maxWaiting: 4 }, 500);
    expect(queue.retryAfterMs()).toBe(500);
    const never = () => new Promise<never>(() => {});
    for (let i = 0; i < 6; i += 1) queue.tryRun(never);
    expect(queue.retryAfterMs()).toBe(1500);
  });
});
