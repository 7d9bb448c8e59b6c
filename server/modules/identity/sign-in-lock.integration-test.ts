import { randomInt } from "node:crypto";
import { eq } from "drizzle-orm";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { DatabaseHandle } from "../../db/client.ts";
import { securityEvents, staffMembers } from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import { createTestClient, createTestStaff } from "../../test/factories.ts";
import { type Instance, setupInstances } from "../../test/two-instances.ts";
import { currentTotpCode, newTotpSecret } from "../staff/totp.ts";
import { PHONE_FAILURE_LIMIT } from "./sign-in.service.ts";

// Every password check the app makes is counted here, whichever instance makes it.
const checked = vi.hoisted(() => ({ passwords: 0 }));
vi.mock(import("./password.ts"), async (importOriginal) => {
  const actual = await importOriginal();
  return {
    ...actual,
    verifyPassword: async (password: string, stored: string) => {
      checked.passwords += 1;
      return actual.verifyPassword(password, stored);
    },
  };
});

const t = setupTestApp();
beforeEach(() => {
  checked.passwords = 0;
});

const TRIES = 25;
// The right password comes late among the tries that arrive together.
const RIGHT_AT = 20;

/** Fires all the bodies at once, spread over the given apps, from one IP address. */
function together(
  apps: FastifyInstance[],
  url: string,
  bodies: object[],
  ip: string,
): Promise<LightMyRequestResponse[]> {
  return Promise.all(
    bodies.map((payload, index) =>
      (apps[index % apps.length] as FastifyInstance).inject({
        method: "POST",
        url,
        payload,
        remoteAddress: ip,
      }),
    ),
  );
}

/** A fresh address per test, so that the per-IP limit of one test does not reach another. */
function testIp(): string {
  return `198.51.100.${randomInt(1, 255)}`;
}

function passwordTries(field: "phone" | "email", subject: string, right: string) {
  return Array.from({ length: TRIES }, (_, index) => ({
    [field]: subject,
    password: index === RIGHT_AT ? right : `wrong-password-${index}`,
  }));
}

function expectTooManyTries(res: LightMyRequestResponse) {
  expect(res.statusCode).toBe(429);
  expect(Number(res.headers["retry-after"])).toBeGreaterThan(0);
  expect(res.headers["content-type"]).toContain("application/problem+json");
  expect(res.json().title).toBe("Слишком много попыток");
  expect(res.json().detail).toMatch(/временно заблокирован/);
}

async function eventKinds(database: DatabaseHandle, subject: string): Promise<string[]> {
  const rows = await database.db
    .select({ kind: securityEvents.kind })
    .from(securityEvents)
    .where(eq(securityEvents.subject, subject));
  return rows.map((row) => row.kind);
}

function countOf(kinds: string[], kind: string): number {
  return kinds.filter((k) => k === kind).length;
}

/** Asserts what 25 simultaneous tries on one account, the right one late, come to. */
async function expectLockHeld(
  answers: LightMyRequestResponse[],
  database: DatabaseHandle,
  subject: string,
  cookie: string,
) {
  // Five passwords are checked: four answered as wrong, and the fifth failure sets the lock (429).
  expect(checked.passwords).toBe(PHONE_FAILURE_LIMIT);
  const wrong = answers.filter((res) => res.statusCode === 401);
  expect(wrong).toHaveLength(PHONE_FAILURE_LIMIT - 1);
  expect(answers.filter((res) => res.statusCode === 429)).toHaveLength(
    TRIES - PHONE_FAILURE_LIMIT + 1,
  );
  for (const res of answers) {
    if (res.statusCode === 429) expectTooManyTries(res);
  }
  const right = answers[RIGHT_AT] as LightMyRequestResponse;
  expect(right.statusCode).toBe(429);
  expect(answers.some((res) => res.cookies.some((c) => c.name === cookie))).toBe(false);

  const kinds = await eventKinds(database, subject);
  expect(countOf(kinds, "sign_in_failed")).toBe(PHONE_FAILURE_LIMIT);
  expect(countOf(kinds, "sign_in_locked")).toBe(1);
  expect(countOf(kinds, "sign_in_attempt")).toBe(0);
  expect(countOf(kinds, "sign_in_refused_locked")).toBe(TRIES - PHONE_FAILURE_LIMIT);
}

describe("the sign-in lock under simultaneous tries", () => {
  it("checks at most 5 passwords of 25 sent at once for one phone and refuses the right one among the rest", async () => {
    const victim = await createTestClient(t.database.db);
    const ip = testIp();
    const answers = await together(
      [t.app],
      "/api/auth/sign-in",
      passwordTries("phone", victim.phone, victim.password),
      ip,
    );
    await expectLockHeld(answers, t.database, victim.phone, "rms_session");

    // Once the tries settle, the lock holds for the right password too, without a check.
    checked.passwords = 0;
    const after = await t.app.inject({
      method: "POST",
      url: "/api/auth/sign-in",
      payload: { phone: victim.phone, password: victim.password },
      remoteAddress: ip,
    });
    expectTooManyTries(after);
    expect(after.json().detail).toContain("Забыли пароль?");
    expect(checked.passwords).toBe(0);
  }, 60_000);

  it("does not count a right password as a failure", async () => {
    const owner = await createTestClient(t.database.db);
    const ip = testIp();
    const signIn = (password: string) =>
      t.app.inject({
        method: "POST",
        url: "/api/auth/sign-in",
        payload: { phone: owner.phone, password },
        remoteAddress: ip,
      });
    for (const wrong of ["wrong-1", "wrong-2", "wrong-3"]) {
      expect((await signIn(wrong)).statusCode).toBe(401);
    }
    expect((await signIn(owner.password)).statusCode).toBe(200);
    expect((await signIn(owner.password)).statusCode).toBe(200);
    // Four failures and two sign-ins: the next wrong password is still checked, and answered.
    checked.passwords = 0;
    expect((await signIn("wrong-4")).statusCode).toBe(401);
    expect(checked.passwords).toBe(1);
    const kinds = await eventKinds(t.database, owner.phone);
    expect(countOf(kinds, "sign_in_password_accepted")).toBe(2);
    expect(countOf(kinds, "sign_in_failed")).toBe(4);
  }, 60_000);

  it("checks at most 5 staff passwords of 25 sent at once for one e-mail", async () => {
    const staff = await createTestStaff(t.database.db, "operator");
    const answers = await together(
      [t.app],
      "/api/staff/auth/sign-in",
      passwordTries("email", staff.email, staff.password),
      testIp(),
    );
    await expectLockHeld(answers, t.database, staff.email, "rms_staff_session");
    for (const res of answers.filter((answer) => answer.statusCode === 429)) {
      expect(res.json().detail).toContain("обратитесь к администратору");
    }
  }, 60_000);

  it("checks at most 5 TOTP codes of 25 sent at once for one sign-in and refuses the right one among the rest", async () => {
    const staff = await createTestStaff(t.database.db, "doctor");
    const secret = newTotpSecret();
    await t.database.db
      .update(staffMembers)
      .set({ totpSecret: secret, totpEnabledAt: new Date() })
      .where(eq(staffMembers.id, staff.id));
    const first = await t.app.inject({
      method: "POST",
      url: "/api/staff/auth/sign-in",
      payload: { email: staff.email, password: staff.password },
      remoteAddress: testIp(),
    });
    expect(first.json().step).toBe("totp");
    const { challenge } = first.json();

    const right = currentTotpCode(secret);
    const near = [-30_000, 0, 30_000].map((drift) => currentTotpCode(secret, Date.now() + drift));
    const codes = Array.from({ length: TRIES }, (_, index) => {
      if (index === RIGHT_AT) return right;
      let code: string;
      do code = String(randomInt(1_000_000)).padStart(6, "0");
      while (near.includes(code));
      return code;
    });
    const answers = await together(
      [t.app],
      "/api/staff/auth/totp",
      codes.map((code) => ({ challenge, code })),
      testIp(),
    );
    const checkedCodes = answers.filter((res) => res.statusCode === 400);
    expect(checkedCodes).toHaveLength(5);
    expect(checkedCodes.map((res) => res.json().errors[0].field)).toEqual(Array(5).fill("code"));
    const refused = answers.filter((res) => res.statusCode !== 400);
    expect(refused.map((res) => res.statusCode)).toEqual(Array(TRIES - 5).fill(401));
    expect(refused[0]?.json().title).toBe("Вход не завершён");
    expect(answers[RIGHT_AT]?.statusCode).toBe(401);
    expect(answers.some((res) => res.cookies.some((c) => c.name === "rms_staff_session"))).toBe(
      false,
    );
  });

  it("lets the right TOTP code through as the fifth try and keeps the sign-in's later steps", async () => {
    const staff = await createTestStaff(t.database.db, "doctor");
    const secret = newTotpSecret();
    await t.database.db
      .update(staffMembers)
      .set({ totpSecret: secret, totpEnabledAt: new Date(), mustChangePassword: true })
      .where(eq(staffMembers.id, staff.id));
    const post = (url: string, payload: object) =>
      t.app.inject({ method: "POST", url, payload, remoteAddress: testIp() });
    const { challenge } = (
      await post("/api/staff/auth/sign-in", { email: staff.email, password: staff.password })
    ).json();
    const right = currentTotpCode(secret);
    for (let wrong = 1; wrong < 5; wrong += 1) {
      const code = right === "000000" ? "111111" : "000000";
      expect((await post("/api/staff/auth/totp", { challenge, code })).statusCode).toBe(400);
    }
    const passed = await post("/api/staff/auth/totp", { challenge, code: right });
    expect(passed.json()).toMatchObject({ step: "change-password" });
    const newPassword = `new-${randomInt(1e9)}-staff-pass`;
    const changed = await post("/api/staff/auth/password", {
      challenge,
      newPassword,
      newPasswordRepeat: newPassword,
    });
    expect(changed.json(), changed.body).toMatchObject({ step: "done" });
  }, 60_000);
});

/**
 * Two app instances on one PostgreSQL database, as behind a load balancer (only with
 * TEST_DATABASE_URL: the embedded database is one process's).
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)("the sign-in lock across two instances", () => {
  const instances = setupInstances();

  it("checks at most 5 passwords of 25 sent at once to two instances for one phone", async () => {
    const [one, two] = instances.list as [Instance, Instance];
    const victim = await createTestClient(one.database.db);
    const answers = await together(
      [one.app, two.app],
      "/api/auth/sign-in",
      passwordTries("phone", victim.phone, victim.password),
      testIp(),
    );
    await expectLockHeld(answers, one.database, victim.phone, "rms_session");
  }, 60_000);

  it("checks at most 5 staff passwords of 25 sent at once to two instances for one e-mail", async () => {
    const [one, two] = instances.list as [Instance, Instance];
    const staff = await createTestStaff(one.database.db, "operator");
    const answers = await together(
      [one.app, two.app],
      "/api/staff/auth/sign-in",
      passwordTries("email", staff.email, staff.password),
      testIp(),
    );
    await expectLockHeld(answers, one.database, staff.email, "rms_staff_session");
  }, 60_000);
});
