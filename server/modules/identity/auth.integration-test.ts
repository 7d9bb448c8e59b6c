import { eq } from "drizzle-orm";
import type { LightMyRequestResponse } from "fastify";
import { beforeAll, describe, expect, it } from "vitest";
import { securityEvents, sessions } from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import { createTestClient, type TestClient, uniquePhone } from "../../test/factories.ts";
import { hashToken } from "./session-token.ts";
import { resolveSession } from "./sessions.service.ts";
import { PHONE_LOCK_MS, signInClient } from "./sign-in.service.ts";

const t = setupTestApp();
let client: TestClient;
beforeAll(async () => {
  client = await createTestClient(t.database.db);
});

function signIn(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return t.app.inject({ method: "POST", url: "/api/auth/sign-in", payload: body, headers });
}

function sessionCookie(res: LightMyRequestResponse) {
  const cookie = res.cookies.find((c) => c.name === "rms_session");
  if (!cookie) throw new Error("no session cookie in the answer");
  return cookie;
}

function getSession(token: string) {
  return t.app.inject({ method: "GET", url: "/api/auth/session", cookies: { rms_session: token } });
}

/** The client signed in with this token, or null. */
async function sessionOf(token: string): Promise<string | null> {
  const res = await getSession(token);
  expect(res.statusCode).toBe(200);
  return res.json().session?.client.id ?? null;
}

const meta = { ip: "203.0.113.7", userAgent: "vitest" };

describe("client sign-in", () => {
  it("signs in with the phone as people type it and sets an HttpOnly, SameSite=Lax browser-session cookie", async () => {
    const typed = client.phone.replace(/^\+7(\d{3})(\d{3})(\d{2})(\d{2})$/, "8 ($1) $2-$3-$4");
    const res = await signIn({ phone: typed, password: client.password });
    expect(res.statusCode).toBe(200);
    expect(res.json().client).toMatchObject({ id: client.id, phone: client.phone });
    const cookie = sessionCookie(res);
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe("Lax");
    expect(cookie.maxAge).toBeUndefined();
    expect(cookie.value).toMatch(/^[\w-]{43}$/);

    expect(await sessionOf(cookie.value)).toBe(client.id);
  });

  it("keeps a remembered session for 30 days", async () => {
    const res = await signIn({ phone: client.phone, password: client.password, remember: true });
    expect(sessionCookie(res).maxAge).toBe(30 * 24 * 60 * 60);
  });

  it("stores only the hash of the session token and issues a new one at every sign-in", async () => {
    const first = sessionCookie(await signIn({ phone: client.phone, password: client.password }));
    const second = sessionCookie(await signIn({ phone: client.phone, password: client.password }));
    expect(first.value).not.toBe(second.value);
    const stored = await t.database.db
      .select({ tokenHash: sessions.tokenHash })
      .from(sessions)
      .where(eq(sessions.tokenHash, hashToken(first.value)));
    expect(stored).toHaveLength(1);
    const plain = await t.database.db
      .select()
      .from(sessions)
      .where(eq(sessions.tokenHash, first.value));
    expect(plain).toHaveLength(0);
  });

  it("answers a wrong password and an unknown phone alike", async () => {
    const wrong = await signIn({ phone: client.phone, password: "not-the-password" });
    const unknown = await signIn({ phone: uniquePhone(), password: "not-the-password" });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const { requestId: _a, ...wrongBody } = wrong.json();
    const { requestId: _b, ...unknownBody } = unknown.json();
    expect(wrongBody).toEqual(unknownBody);
    expect(wrongBody.title).toBe("Неверный телефон или пароль");
  });

  it("refuses a session after sign-out, on the server", async () => {
    const token = sessionCookie(
      await signIn({ phone: client.phone, password: client.password }),
    ).value;
    const out = await t.app.inject({
      method: "POST",
      url: "/api/auth/sign-out",
      cookies: { rms_session: token },
    });
    expect(out.statusCode).toBe(204);
    expect(await sessionOf(token)).toBeNull();
  });

  it("answers that nobody is signed in without an error status", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/auth/session" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ session: null });
  });

  it("refuses a state-changing request from another site", async () => {
    const foreign = await signIn(
      { phone: client.phone, password: client.password },
      { origin: "https://evil.example" },
    );
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().detail).toContain("другого сайта");
    const own = await signIn(
      { phone: client.phone, password: client.password },
      // PUBLIC_ORIGIN is unset: the own origin is the address the request was sent to.
      { origin: "http://localhost:80" },
    );
    expect(own.statusCode).toBe(200);
  });
});

describe("sign-in throttling", () => {
  it("locks a phone after 5 failures in 15 minutes, even for the right password, with Retry-After", async () => {
    const victim = await createTestClient(t.database.db);
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      expect((await signIn({ phone: victim.phone, password: `wrong-${attempt}` })).statusCode).toBe(
        401,
      );
    }
    const fifth = await signIn({ phone: victim.phone, password: "wrong-5" });
    expect(fifth.statusCode).toBe(429);
    expect(Number(fifth.headers["retry-after"])).toBe(900);
    expect(fifth.json().detail).toContain("Забыли пароль?");

    const right = await signIn({ phone: victim.phone, password: victim.password });
    expect(right.statusCode).toBe(429);
    expect(Number(right.headers["retry-after"])).toBeGreaterThan(800);
    expect(right.cookies.find((c) => c.name === "rms_session")).toBeUndefined();

    const kinds = await t.database.db
      .select({ kind: securityEvents.kind })
      .from(securityEvents)
      .where(eq(securityEvents.subject, victim.phone));
    expect(kinds.map((row) => row.kind)).toEqual(
      expect.arrayContaining(["sign_in_failed", "sign_in_locked", "sign_in_refused_locked"]),
    );
  });

  it("lets the owner in once the lock has passed", async () => {
    const owner = await createTestClient(t.database.db);
    const start = new Date();
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      await signInClient(
        t.database.db,
        { phone: owner.phone, password: "wrong", remember: false },
        meta,
        start,
      ).catch(() => {});
    }
    const during = new Date(start.getTime() + PHONE_LOCK_MS - 60_000);
    await expect(
      signInClient(
        t.database.db,
        { phone: owner.phone, password: owner.password, remember: false },
        meta,
        during,
      ),
    ).rejects.toMatchObject({ status: 429 });
    const after = new Date(start.getTime() + PHONE_LOCK_MS + 1_000);
    const result = await signInClient(
      t.database.db,
      { phone: owner.phone, password: owner.password, remember: false },
      meta,
      after,
    );
    expect(result.clientId).toBe(owner.id);
  });
});

describe("session lifetimes", () => {
  const MINUTE = 60_000;

  async function open(remember: boolean, at: Date) {
    return signInClient(
      t.database.db,
      { phone: client.phone, password: client.password, remember },
      meta,
      at,
    );
  }

  it("ends a browser-session sign-in after 30 minutes without activity", async () => {
    const start = new Date();
    const { token } = await open(false, start);
    expect(
      await resolveSession(t.database.db, token, new Date(start.getTime() + 29 * MINUTE)),
    ).not.toBeNull();
    expect(
      await resolveSession(
        t.database.db,
        token,
        new Date(start.getTime() + 29 * MINUTE + 31 * MINUTE),
      ),
    ).toBeNull();
  });

  it("ends a browser-session sign-in after 12 hours however active it is", async () => {
    const start = new Date();
    const { token } = await open(false, start);
    let at = start.getTime();
    for (let step = 0; step < 35; step += 1) {
      at += 20 * MINUTE;
      expect(await resolveSession(t.database.db, token, new Date(at))).not.toBeNull();
    }
    expect(
      await resolveSession(t.database.db, token, new Date(start.getTime() + 12 * 60 * MINUTE)),
    ).toBeNull();
  });

  it("renews a remembered sign-in by use and ends it after 30 idle days", async () => {
    const start = new Date();
    const { token } = await open(true, start);
    const day = 24 * 60 * MINUTE;
    const used = await resolveSession(t.database.db, token, new Date(start.getTime() + 20 * day));
    expect(used?.renewedUntil?.getTime()).toBe(start.getTime() + 50 * day);
    expect(
      await resolveSession(t.database.db, token, new Date(start.getTime() + 45 * day)),
    ).not.toBeNull();
    expect(
      await resolveSession(t.database.db, token, new Date(start.getTime() + 76 * day)),
    ).toBeNull();
  });

  it("ends a remembered sign-in 90 days after it began, however often it is used", async () => {
    const start = new Date();
    const { token } = await open(true, start);
    const day = 24 * 60 * MINUTE;
    let renewedUntil: Date | undefined;
    for (let days = 1; days < 90; days += 1) {
      const used = await resolveSession(
        t.database.db,
        token,
        new Date(start.getTime() + days * day),
      );
      expect(used, `day ${days}`).not.toBeNull();
      renewedUntil = used?.renewedUntil;
    }
    // The renewal on the last day reaches no further than the 90 days.
    expect(renewedUntil?.getTime()).toBe(start.getTime() + 90 * day);
    expect(
      await resolveSession(t.database.db, token, new Date(start.getTime() + 90 * day)),
    ).toBeNull();
  });
});

describe("«Безопасность»: sessions and the password", () => {
  it("lists the active sessions with device and marks this one, then signs out the other devices", async () => {
    const owner = await createTestClient(t.database.db);
    const phoneUa =
      "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36";
    const other = sessionCookie(
      await signIn({ phone: owner.phone, password: owner.password }, { "user-agent": phoneUa }),
    ).value;
    const mine = sessionCookie(
      await signIn({ phone: owner.phone, password: owner.password }),
    ).value;

    const list = await t.app.inject({
      method: "GET",
      url: "/api/auth/sessions",
      cookies: { rms_session: mine },
    });
    const sessionsSeen = list.json().sessions as { current: boolean; device: string | null }[];
    expect(sessionsSeen).toHaveLength(2);
    expect(sessionsSeen.filter((s) => s.current)).toHaveLength(1);
    expect(sessionsSeen.map((s) => s.device)).toContain("Chrome, Android");

    const revoke = await t.app.inject({
      method: "POST",
      url: "/api/auth/sessions/revoke-others",
      cookies: { rms_session: mine },
    });
    expect(revoke.json()).toEqual({ revoked: 1 });
    expect(await sessionOf(other)).toBeNull();
    expect(await sessionOf(mine)).not.toBeNull();
  });

  it("changes the password only with the current one, and ends the other sessions", async () => {
    const owner = await createTestClient(t.database.db);
    const other = sessionCookie(
      await signIn({ phone: owner.phone, password: owner.password }),
    ).value;
    const mine = sessionCookie(
      await signIn({ phone: owner.phone, password: owner.password }),
    ).value;
    const change = (payload: Record<string, string>) =>
      t.app.inject({
        method: "POST",
        url: "/api/auth/password",
        payload,
        cookies: { rms_session: mine },
      });

    const wrong = await change({
      currentPassword: "not-it",
      newPassword: "Свежий-пароль-77",
      newPasswordRepeat: "Свежий-пароль-77",
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors).toEqual([
      { field: "currentPassword", message: "Неверный текущий пароль" },
    ]);

    const ok = await change({
      currentPassword: owner.password,
      newPassword: "Свежий-пароль-77",
      newPasswordRepeat: "Свежий-пароль-77",
    });
    expect(ok.json()).toEqual({ revoked: 1 });
    expect(await sessionOf(other)).toBeNull();
    expect(await sessionOf(mine)).not.toBeNull();
    expect((await signIn({ phone: owner.phone, password: "Свежий-пароль-77" })).statusCode).toBe(
      200,
    );
  });

  it("refuses the security section without a session", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/auth/sessions" });
    expect(res.statusCode).toBe(401);
  });
});
