import { randomInt } from "node:crypto";
import { eq } from "drizzle-orm";
import type { LightMyRequestResponse } from "fastify";
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../config.ts";
import { securityEvents } from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import {
  createTestClient,
  createTestStaff,
  signInClient,
  type TestClient,
} from "../../test/factories.ts";
import { passwordHashingQueue } from "./password.ts";
import { PHONE_FAILURE_LIMIT } from "./sign-in.service.ts";

// One hash at a time and two waiting: a third password check that arrives meanwhile is refused.
const t = setupTestApp({ env: { PASSWORD_HASH_CONCURRENCY: "1", PASSWORD_HASH_QUEUE: "2" } });

/**
 * Holds `count` places of the hashing queue until the test lets them go, standing in for slow
 * hashes: the first runs, the rest wait behind it. No timing is involved.
 */
function occupyHashing(count: number): () => Promise<void> {
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const held = Array.from({ length: count }, () => passwordHashingQueue.tryRun(() => gate));
  if (held.some((run) => run === null)) throw new Error("the hashing queue was not empty");
  return async () => {
    release();
    await Promise.all(held);
  };
}

let releaseHashing: (() => Promise<void>) | undefined;
afterEach(async () => {
  await releaseHashing?.();
  releaseHashing = undefined;
});

function testIp(): string {
  return `203.0.113.${randomInt(1, 255)}`;
}

function signIn(client: TestClient, password = client.password, ip = testIp()) {
  return t.app.inject({
    method: "POST",
    url: "/api/auth/sign-in",
    payload: { phone: client.phone, password },
    remoteAddress: ip,
  });
}

function expectBusy(res: LightMyRequestResponse) {
  expect(res.statusCode).toBe(503);
  expect(Number(res.headers["retry-after"])).toBeGreaterThanOrEqual(1);
  expect(res.headers["content-type"]).toContain("application/problem+json");
  expect(res.json()).toMatchObject({
    type: "/problems/busy",
    status: 503,
    title: "Сервер занят",
    detail: "Сервер сейчас занят входом других пользователей. Повторите через несколько секунд.",
  });
}

async function kindsFor(subject: string): Promise<string[]> {
  const rows = await t.database.db
    .select({ kind: securityEvents.kind })
    .from(securityEvents)
    .where(eq(securityEvents.subject, subject));
  return rows.map((row) => row.kind);
}

describe("sign-ins beyond the password queue", () => {
  it("refuses a burst beyond the queue with 503, Retry-After and a Russian message, and lets the queued ones in", async () => {
    // One after another: the factory's own hashes go through the same small queue.
    const clients: TestClient[] = [];
    for (let i = 0; i < 6; i += 1) clients.push(await createTestClient(t.database.db));
    const release = occupyHashing(1);
    releaseHashing = release;

    const answered: LightMyRequestResponse[] = [];
    const burst = clients.map((client) =>
      signIn(client).then((res) => {
        answered.push(res);
        return res;
      }),
    );
    // Two sign-ins take the waiting places; the other four are answered while the hash still runs.
    await vi.waitFor(() => expect(answered).toHaveLength(4), { timeout: 10_000 });
    expect(passwordHashingQueue.stats).toEqual({ running: 1, waiting: 2 });
    for (const res of answered) expectBusy(res);

    await release();
    const answers = await Promise.all(burst);
    expect(answers.filter((res) => res.statusCode === 503)).toHaveLength(4);
    const signedIn = answers.filter((res) => res.statusCode === 200);
    expect(signedIn).toHaveLength(2);
    for (const res of signedIn) {
      expect(res.cookies.some((cookie) => cookie.name === "rms_session")).toBe(true);
    }
  }, 30_000);

  it("does not count a try refused for a busy server towards the lock of the phone", async () => {
    const owner = await createTestClient(t.database.db);
    const ip = testIp();
    releaseHashing = occupyHashing(3);
    // Refused before the try is claimed: nothing is written.
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      expectBusy(await signIn(owner, `wrong-${attempt}`, ip));
    }
    expect(await kindsFor(owner.phone)).toEqual([]);
    // The queue filled up between the claim and the hash: the claimed try is settled as not counting.
    const looksFree = vi.spyOn(passwordHashingQueue, "full", "get").mockReturnValue(false);
    for (let attempt = 4; attempt <= 6; attempt += 1) {
      expectBusy(await signIn(owner, `wrong-${attempt}`, ip));
    }
    looksFree.mockRestore();
    expect(await kindsFor(owner.phone)).toEqual(Array(3).fill("sign_in_refused_busy"));
    await releaseHashing();
    releaseHashing = undefined;

    // Four wrong passwords are checked and answered as wrong; the right one still signs in.
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      expect((await signIn(owner, `wrong-${attempt}`, ip)).statusCode).toBe(401);
    }
    expect((await signIn(owner, owner.password, ip)).statusCode).toBe(200);
  }, 30_000);

  it("holds by default more places than one account's tries in flight, so that its burst meets the lock", () => {
    // This machine's cores, then the concurrency of one, four and eight cores.
    for (const running of [undefined, "1", "3", "7"]) {
      const { concurrency, maxWaiting } = loadConfig({
        NODE_ENV: "test",
        PASSWORD_HASH_CONCURRENCY: running,
      }).passwordHashing;
      expect(concurrency + maxWaiting, String(running)).toBeGreaterThan(PHONE_FAILURE_LIMIT);
    }
  });

  it("refuses the staff sign-in and «Сменить пароль» with 503 while the queue is full", async () => {
    const staff = await createTestStaff(t.database.db, "operator");
    const client = await createTestClient(t.database.db);
    const session = await signInClient(t.app, client);
    releaseHashing = occupyHashing(3);

    expectBusy(
      await t.app.inject({
        method: "POST",
        url: "/api/staff/auth/sign-in",
        payload: { email: staff.email, password: staff.password },
        remoteAddress: testIp(),
      }),
    );
    expect(await kindsFor(staff.email)).toEqual([]);
    const newPassword = `new-${randomInt(1e9)}-pass-word`;
    expectBusy(
      await t.app.inject({
        method: "POST",
        url: "/api/auth/password",
        payload: {
          currentPassword: client.password,
          newPassword,
          newPasswordRepeat: newPassword,
        },
        cookies: { rms_session: session },
      }),
    );
  }, 30_000);
});
