import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { DatabaseHandle } from "../db/client.ts";
import { createTestDatabase } from "../test/build-test-app.ts";
import {
  createEventRelay,
  type EventHandler,
  type EventRelay,
  type EventRelayOptions,
} from "./event-relay.ts";
import { emit, type LiveEvent } from "./events.ts";

let database: DatabaseHandle;
let dispose: () => Promise<void>;
const running: EventRelay[] = [];
const quietLog = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };

beforeAll(async () => {
  ({ database, dispose } = await createTestDatabase());
  await database.migrate();
});
afterEach(async () => {
  for (const relay of running.splice(0)) await relay.stop();
  vi.clearAllMocks();
});
afterAll(async () => {
  await dispose();
});

let handlerNumber = 0;

/** A handler of its own per test (deliveries are per handler name), recording what it got. */
function recordingHandler(
  handle?: (event: LiveEvent, attempt: number) => Promise<void>,
): EventHandler & { received: { id: string; key: string; attempt: number }[] } {
  handlerNumber += 1;
  const received: { id: string; key: string; attempt: number }[] = [];
  return {
    name: `test-handler-${handlerNumber}`,
    types: ["message.replied"],
    received,
    async handle(event, delivery) {
      received.push({ id: event.id, key: delivery.key, attempt: delivery.attempt });
      await handle?.(event, delivery.attempt);
    },
  };
}

function startRelay(handlers: EventHandler[], options: Partial<EventRelayOptions> = {}) {
  const relay = createEventRelay({
    db: database.db,
    log: quietLog,
    handlers: () => handlers,
    pollingIntervalMs: 50,
    ...options,
  });
  relay.start();
  running.push(relay);
  return relay;
}

let replyNumber = 0;

async function commitReply(): Promise<string> {
  replyNumber += 1;
  const replyId = `reply-${replyNumber}`;
  await database.db.transaction((tx) =>
    emit(tx, "message.replied", { messageId: "message-1", replyId }, { accountId: "account-1" }),
  );
  return replyId;
}

describe("the event relay", () => {
  it("hands a committed event to its handler once, and a rolled-back one never", async () => {
    const handler = recordingHandler();
    const relay = startRelay([handler]);
    await expect(
      database.db.transaction(async (tx) => {
        await emit(tx, "message.replied", { messageId: "m", replyId: "rolled-back" }, {});
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    await commitReply();
    await relay.whenSettled();
    expect(handler.received).toHaveLength(1);
    expect(handler.received[0]?.attempt).toBe(1);
  });

  it("catches up at start with events committed while no relay ran", async () => {
    await commitReply();
    await commitReply();
    const handler = recordingHandler();
    const relay = startRelay([handler]);
    await relay.whenSettled();
    expect(handler.received).toHaveLength(2);
    expect(new Set(handler.received.map((one) => one.id)).size).toBe(2);
  });

  it("tries a failing handler again with backoff until it succeeds, with the same key", async () => {
    const handler = recordingHandler(async (_event, attempt) => {
      if (attempt < 3) throw new Error("the provider is down");
    });
    const relay = startRelay([handler], { retry: { delaySeconds: 0.1, maxDelaySeconds: 1 } });
    await commitReply();
    await vi.waitFor(() => expect(handler.received.map((one) => one.attempt)).toEqual([1, 2, 3]), {
      timeout: 5_000,
    });
    await relay.whenSettled();
    expect(new Set(handler.received.map((one) => one.key)).size).toBe(1);
    expect(quietLog.warn).toHaveBeenCalledTimes(2);
  });

  it("gives a delivery up after its last try and logs it", async () => {
    const handler = recordingHandler(async () => {
      throw new Error("never works");
    });
    const relay = startRelay([handler], {
      retry: { attempts: 2, delaySeconds: 0.05, maxDelaySeconds: 0.05 },
    });
    await commitReply();
    await vi.waitFor(() => expect(quietLog.error).toHaveBeenCalledTimes(1), { timeout: 5_000 });
    await relay.whenSettled();
    expect(handler.received.map((one) => one.attempt)).toEqual([1, 2]);
    expect(quietLog.error).toHaveBeenCalledWith(
      expect.objectContaining({ handler: handler.name, reason: "never works", attempt: 2 }),
      "event handler failed, and that was the last try",
    );
  });

  it("lets another instance deliver once the lease of a process that died mid-delivery runs out", async () => {
    let release = () => {};
    const hang = new Promise<void>((resolve) => {
      release = resolve;
    });
    const dying = recordingHandler(() => hang);
    // The first process takes the delivery and never finishes it: it died.
    const first = createEventRelay({
      db: database.db,
      log: quietLog,
      handlers: () => [dying],
      pollingIntervalMs: 50,
      leaseSeconds: 1,
    });
    first.start();
    await commitReply();
    await vi.waitFor(() => expect(dying.received).toHaveLength(1));
    const next = { ...recordingHandler(), name: dying.name };
    const survivor = startRelay([next], { leaseSeconds: 1 });
    await vi.waitFor(() => expect(next.received).toHaveLength(1), { timeout: 5_000 });
    expect(next.received[0]).toMatchObject({ id: dying.received[0]?.id, attempt: 2 });
    await survivor.whenSettled();
    release();
    await first.stop();
  });

  it("delivers each event once when two instances relay the same database", async () => {
    const counts = new Map<string, number>();
    const name = `shared-handler-${++handlerNumber}`;
    const handlerOf = (): EventHandler => ({
      name,
      types: ["message.replied"],
      async handle(event) {
        counts.set(event.id, (counts.get(event.id) ?? 0) + 1);
        // A little work, so that both instances have deliveries in hand at once.
        await new Promise((resolve) => setTimeout(resolve, 5));
      },
    });
    const one = startRelay([handlerOf()]);
    const two = startRelay([handlerOf()]);
    const replies = await Promise.all(Array.from({ length: 40 }, () => commitReply()));
    await vi.waitFor(() => expect(counts.size).toBe(replies.length), {
      timeout: 10_000,
    });
    await Promise.all([one.whenSettled(), two.whenSettled()]);
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
  });
});
