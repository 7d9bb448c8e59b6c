import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { DatabaseHandle } from "../../db/client.ts";
import { outboxMessages } from "../../db/schema/outbox.ts";
import { createTestDatabase } from "../../test/build-test-app.ts";
import { createJobQueue, type JobQueue } from "../jobs/job-queue.ts";
import { pgBossDb } from "../jobs/pg-boss-db.ts";
import { createSmsDelivery, type SmsDelivery, type SmsDeliveryOptions } from "./sms-delivery.ts";
import { createSmsProvider, type SmsMessage, type SmsProvider } from "./sms-provider.ts";
import { SmsSendError } from "./sms-send-error.ts";

let database: DatabaseHandle;
let dispose: () => Promise<void>;
let jobs: JobQueue;
const running: SmsDelivery[] = [];
const quietLog = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };

beforeAll(async () => {
  ({ database, dispose } = await createTestDatabase());
  await database.migrate();
  jobs = createJobQueue(database, quietLog);
  await jobs.start();
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((delivery) => delivery.stop()));
  // Every test starts with an empty queue, whatever the one before it left behind.
  await pgBossDb(database).executeSql("delete from pgboss.job", []);
});
afterAll(async () => {
  await jobs.stop();
  await dispose();
});

let phoneCounter = 1_000_000;
/** A unique Russian mobile number per call, so tests never see each other's messages. */
function uniquePhone(): string {
  phoneCounter += 1;
  return `+7926${phoneCounter}`;
}

async function startDelivery(
  provider: SmsProvider,
  options: Partial<SmsDeliveryOptions> = {},
): Promise<SmsDelivery> {
  const delivery = createSmsDelivery({
    jobs,
    provider,
    log: quietLog,
    // Short waits, so that retries happen within a test.
    retry: { delaySeconds: 1, backoff: false },
    pollingIntervalMs: 100,
    ...options,
  });
  await delivery.start();
  running.push(delivery);
  return delivery;
}

function outbox(): SmsProvider {
  return createSmsProvider({ provider: "outbox" }, database.db);
}

async function outboxTexts(phone: string): Promise<string[]> {
  const rows = await database.db
    .select({ body: outboxMessages.body })
    .from(outboxMessages)
    .where(and(eq(outboxMessages.channel, "sms"), eq(outboxMessages.recipient, phone)));
  return rows.map((row) => row.body);
}

async function jobState(id: string): Promise<{ state: string; retryCount: number } | undefined> {
  const { rows } = await pgBossDb(database).executeSql(
    'select state, retry_count as "retryCount" from pgboss.job where id = $1',
    [id],
  );
  return rows[0];
}

/** Wraps the outbox so that it fails its first `failures` sends, as a gateway outage would. */
function flakyOutbox(failures: number, error = () => new SmsSendError("gateway is down")) {
  const inner = outbox();
  let calls = 0;
  const provider: SmsProvider = {
    name: "flaky",
    async send(message: SmsMessage) {
      calls += 1;
      if (calls <= failures) throw error();
      await inner.send(message);
    },
  };
  return { provider, calls: () => calls };
}

describe("SMS delivery through the job queue", () => {
  it("delivers an enqueued message to the outbox", async () => {
    const delivery = await startDelivery(outbox());
    const phone = uniquePhone();

    await delivery.enqueue({ to: phone, text: "Код для входа: 123456" });

    await vi.waitFor(async () =>
      expect(await outboxTexts(phone)).toEqual(["Код для входа: 123456"]),
    );
  });

  it("retries a provider that fails twice and delivers the message exactly once", async () => {
    const flaky = flakyOutbox(2);
    const delivery = await startDelivery(flaky.provider);
    const phone = uniquePhone();

    const id = await delivery.enqueue({ to: phone, text: "Код: 654321" });

    await vi.waitFor(async () => expect(await outboxTexts(phone)).toHaveLength(1), {
      timeout: 10_000,
      interval: 100,
    });
    // Long enough for a wrongly repeated job to show up.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await outboxTexts(phone)).toEqual(["Код: 654321"]);
    expect(flaky.calls()).toBe(3);
    expect(await jobState(id)).toEqual({ state: "completed", retryCount: 2 });
  });

  it("gives up on a message after the last allowed retry", async () => {
    const flaky = flakyOutbox(Number.POSITIVE_INFINITY);
    const delivery = await startDelivery(flaky.provider, {
      retry: { limit: 1, delaySeconds: 1, backoff: false },
    });

    const id = await delivery.enqueue({ to: uniquePhone(), text: "x" });

    await vi.waitFor(async () => expect((await jobState(id))?.state).toBe("failed"), {
      timeout: 10_000,
      interval: 100,
    });
    expect(flaky.calls()).toBe(2);
  });

  it("drops at once a message that the provider will never take", async () => {
    const flaky = flakyOutbox(1, () => new SmsSendError("number is blocked", true));
    const delivery = await startDelivery(flaky.provider);

    const id = await delivery.enqueue({ to: uniquePhone(), text: "x" });

    await vi.waitFor(async () => expect((await jobState(id))?.state).toBe("cancelled"));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(flaky.calls()).toBe(1);
  });

  it("lets stop() finish the send in progress, and takes no message after it", async () => {
    const inner = outbox();
    const events: string[] = [];
    let sendStarted: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      sendStarted = resolve;
    });
    const slow: SmsProvider = {
      name: "slow",
      async send(message) {
        events.push("send started");
        sendStarted();
        await new Promise((resolve) => setTimeout(resolve, 300));
        await inner.send(message);
        events.push("send finished");
      },
    };
    const delivery = await startDelivery(slow);
    const phone = uniquePhone();

    const id = await delivery.enqueue({ to: phone, text: "Код: 111111" });
    await started;
    await delivery.stop();
    events.push("stopped");

    expect(events).toEqual(["send started", "send finished", "stopped"]);
    expect(await jobState(id)).toEqual({ state: "completed", retryCount: 0 });
    expect(await outboxTexts(phone)).toEqual(["Код: 111111"]);
    await expect(delivery.enqueue({ to: phone, text: "late" })).rejects.toThrow(/stopped/);
    await delivery.stop();
  });

  it("keeps a message that failed before a restart and sends it after", async () => {
    const phone = uniquePhone();
    const down = flakyOutbox(Number.POSITIVE_INFINITY);
    const first = await startDelivery(down.provider);
    const id = await first.enqueue({ to: phone, text: "Код: 222222" });
    await vi.waitFor(async () => expect((await jobState(id))?.state).toBe("retry"));
    await first.stop();

    await startDelivery(outbox());

    await vi.waitFor(async () => expect(await outboxTexts(phone)).toEqual(["Код: 222222"]), {
      timeout: 10_000,
      interval: 100,
    });
  });

  it("settles once every due message has reached the provider", async () => {
    const delivery = await startDelivery(outbox(), { pollingIntervalMs: 5_000 });
    const phone = uniquePhone();
    const texts = Array.from({ length: 7 }, (_, i) => `Сообщение ${i + 1}`);

    for (const text of texts) await delivery.enqueue({ to: phone, text });
    await delivery.whenSettled();

    expect((await outboxTexts(phone)).sort()).toEqual(texts);
  });

  it("settles while a failed message waits for its retry", async () => {
    const flaky = flakyOutbox(1);
    const delivery = await startDelivery(flaky.provider, {
      retry: { delaySeconds: 60, backoff: false },
    });

    const id = await delivery.enqueue({ to: uniquePhone(), text: "x" });
    await delivery.whenSettled();

    expect(await jobState(id)).toEqual({ state: "retry", retryCount: 0 });
  });

  it("refuses messages before it has started", async () => {
    const delivery = createSmsDelivery({ jobs, provider: outbox(), log: quietLog });
    await expect(delivery.enqueue({ to: uniquePhone(), text: "x" })).rejects.toThrow(/new/);
    await delivery.stop();
  });
});

describe("pg-boss on the app's database connection", () => {
  it("rolls a failed script back, so the shared connection stays usable", async () => {
    const db = pgBossDb(database);

    await expect(
      db.executeSql("BEGIN; create table sms_probe (x int); select 1 / 0; COMMIT;", []),
    ).rejects.toThrow(/division by zero/);

    const { rows } = await db.executeSql("select to_regclass('sms_probe') is null as gone", []);
    expect(rows).toEqual([{ gone: true }]);
    await database.ping();
  });
});
