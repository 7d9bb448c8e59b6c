import type { LightMyRequestResponse } from "fastify";
import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD, seedDemo } from "../../db/seed.ts";
import { setupTestApp, type TestApp } from "../../test/build-test-app.ts";
import { createTestClient } from "../../test/factories.ts";
import { currentTotpCode } from "./totp.ts";

const t = setupTestApp();
const production = setupTestApp({
  env: {
    NODE_ENV: "production",
    PUBLIC_ORIGIN: "https://lk.rms-med.ru",
    SMS_PROVIDER: "outbox",
    EMAIL_PROVIDER: "outbox",
    PAYMENTS_PROVIDER: "sandbox",
    PAYMENTS_VAT_CODE: "1",
  },
});

function staffCookie(res: LightMyRequestResponse): string {
  const cookie = res.cookies.find((c) => c.name === "rms_staff_session");
  if (!cookie) throw new Error(`no staff cookie: ${res.body}`);
  expect(cookie.path).toBe("/api/staff");
  return cookie.value;
}

async function seeded(app: TestApp) {
  await seedDemo(app.database.db);
}

function post(app: TestApp, url: string, payload?: object, cookie?: string) {
  return app.app.inject({
    method: "POST",
    url,
    payload,
    cookies: cookie ? { rms_staff_session: cookie } : {},
  });
}

async function signInAsAdmin(app: TestApp): Promise<string> {
  const res = await post(app, "/api/staff/auth/sign-in", {
    email: "ADMIN@rms.local",
    password: DEMO_PASSWORD,
  });
  expect(res.json().step).toBe("done");
  return staffCookie(res);
}

describe("staff sign-in", () => {
  it("signs a demo operator in with e-mail and password outside production", async () => {
    await seeded(t);
    const res = await post(t, "/api/staff/auth/sign-in", {
      email: "operator@rms.local",
      password: DEMO_PASSWORD,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      step: "done",
      staff: { role: "operator", totpEnabled: false },
    });
    const session = await t.app.inject({
      method: "GET",
      url: "/api/staff/auth/session",
      cookies: { rms_staff_session: staffCookie(res) },
    });
    expect(session.json().session.staff.email).toBe("operator@rms.local");
  });

  it("asks for the TOTP code once it is enrolled, and refuses a wrong one", async () => {
    await seeded(t);
    const first = await post(t, "/api/staff/auth/sign-in", {
      email: "doctor@rms.local",
      password: DEMO_PASSWORD,
    });
    const cookie = staffCookie(first);
    const enrolment = await post(t, "/api/staff/me/totp/enrolment", undefined, cookie);
    const { secret, qrDataUrl, otpauthUrl } = enrolment.json();
    expect(qrDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(otpauthUrl).toContain("otpauth://totp/");
    const wrong = await post(t, "/api/staff/me/totp/enrolment/confirm", { code: "000000" }, cookie);
    expect(wrong.statusCode).toBe(400);
    const confirmed = await post(
      t,
      "/api/staff/me/totp/enrolment/confirm",
      { code: currentTotpCode(secret) },
      cookie,
    );
    expect(confirmed.json().staff.totpEnabled).toBe(true);

    const next = await post(t, "/api/staff/auth/sign-in", {
      email: "doctor@rms.local",
      password: DEMO_PASSWORD,
    });
    expect(next.json().step).toBe("totp");
    expect(next.cookies.find((c) => c.name === "rms_staff_session")).toBeUndefined();
    const { challenge } = next.json();
    const bad = await post(t, "/api/staff/auth/totp", { challenge, code: "000000" });
    expect(bad.json().errors[0]).toMatchObject({ field: "code" });
    // The enrolment used this step's code; the app's next code is accepted (one step of drift).
    const nextCode = currentTotpCode(secret, Date.now() + 30_000);
    const good = await post(t, "/api/staff/auth/totp", { challenge, code: nextCode });
    expect(good.json(), good.body).toMatchObject({ step: "done" });
    staffCookie(good);

    // A code is good once: seen over a shoulder, it opens nothing.
    const replay = await post(t, "/api/staff/auth/sign-in", {
      email: "doctor@rms.local",
      password: DEMO_PASSWORD,
    });
    const reused = await post(t, "/api/staff/auth/totp", {
      challenge: replay.json().challenge,
      code: nextCode,
    });
    expect(reused.statusCode).toBe(400);
    expect(reused.json().errors[0].field).toBe("code");
  });

  it("requires TOTP enrolment for every staff account in production", async () => {
    await seeded(production);
    const res = await post(production, "/api/staff/auth/sign-in", {
      email: "operator@rms.local",
      password: DEMO_PASSWORD,
    });
    expect(res.json().step).toBe("enrol-totp");
    const { challenge } = res.json();
    const enrolment = await post(production, "/api/staff/auth/totp/enrolment", { challenge });
    const { secret } = enrolment.json();
    const done = await post(production, "/api/staff/auth/totp/enrolment/confirm", {
      challenge,
      code: currentTotpCode(secret),
    });
    expect(done.json()).toMatchObject({ step: "done", staff: { totpEnabled: true } });
    expect(done.cookies.find((c) => c.name === "rms_staff_session")?.secure).toBe(true);
  });

  it("keeps client and staff sessions apart", async () => {
    await seeded(t);
    const client = await createTestClient(t.database.db);
    const clientRes = await t.app.inject({
      method: "POST",
      url: "/api/auth/sign-in",
      payload: { phone: client.phone, password: client.password },
    });
    const clientToken = clientRes.cookies.find((c) => c.name === "rms_session")?.value ?? "";
    const asStaff = await t.app.inject({
      method: "GET",
      url: "/api/staff/auth/session",
      cookies: { rms_session: clientToken, rms_staff_session: clientToken },
    });
    expect(asStaff.json()).toEqual({ session: null });

    const staffToken = await signInAsAdmin(t);
    const asClient = await t.app.inject({
      method: "GET",
      url: "/api/auth/session",
      cookies: { rms_session: staffToken },
    });
    expect(asClient.json()).toEqual({ session: null });
  });
});

describe("staff accounts managed by an admin", () => {
  it("creates an account whose temporary password must be changed at the first sign-in", async () => {
    await seeded(t);
    const admin = await signInAsAdmin(t);
    const created = await post(
      t,
      "/api/staff/members",
      { email: "New.Operator@rms.local", fullName: "Соколова Анна Игоревна", role: "operator" },
      admin,
    );
    expect(created.statusCode).toBe(201);
    const { temporaryPassword, member } = created.json();
    expect(member).toMatchObject({ email: "new.operator@rms.local", mustChangePassword: true });

    const first = await post(t, "/api/staff/auth/sign-in", {
      email: "new.operator@rms.local",
      password: temporaryPassword,
    });
    expect(first.json().step).toBe("change-password");
    const mismatch = await post(t, "/api/staff/auth/password", {
      challenge: first.json().challenge,
      newPassword: "Новый-пароль-оператора-1",
      newPasswordRepeat: "другой",
    });
    expect(mismatch.statusCode).toBe(400);
    const changed = await post(t, "/api/staff/auth/password", {
      challenge: first.json().challenge,
      newPassword: "Новый-пароль-оператора-1",
      newPasswordRepeat: "Новый-пароль-оператора-1",
    });
    expect(changed.json().step).toBe("done");
    const again = await post(t, "/api/staff/auth/sign-in", {
      email: "new.operator@rms.local",
      password: "Новый-пароль-оператора-1",
    });
    expect(again.json().step).toBe("done");

    const duplicate = await post(
      t,
      "/api/staff/members",
      { email: "new.operator@rms.local", fullName: "Другая Анна", role: "doctor" },
      admin,
    );
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().errors).toEqual([
      { field: "email", message: "Сотрудник с таким e-mail уже есть." },
    ]);
  });

  it("disables an account: its sessions end and it cannot sign in", async () => {
    await seeded(t);
    const admin = await signInAsAdmin(t);
    const created = await post(
      t,
      "/api/staff/members",
      { email: `doc.${Date.now()}@rms.local`, fullName: "Белов Пётр Ильич", role: "doctor" },
      admin,
    );
    const { member, temporaryPassword } = created.json();
    const signIn = () =>
      post(t, "/api/staff/auth/sign-in", { email: member.email, password: temporaryPassword });
    expect((await signIn()).json().step).toBe("change-password");

    const disabled = await post(t, `/api/staff/members/${member.id}/disable`, undefined, admin);
    expect(disabled.json().member.disabled).toBe(true);
    const refused = await signIn();
    expect(refused.statusCode).toBe(401);
    expect(refused.json().title).toBe("Учётная запись отключена");

    const enabled = await post(t, `/api/staff/members/${member.id}/enable`, undefined, admin);
    expect(enabled.json().member.disabled).toBe(false);
  });

  it("lets only admins manage accounts", async () => {
    await seeded(t);
    const operator = staffCookie(
      await post(t, "/api/staff/auth/sign-in", {
        email: "operator@rms.local",
        password: DEMO_PASSWORD,
      }),
    );
    const list = await t.app.inject({
      method: "GET",
      url: "/api/staff/members",
      cookies: { rms_staff_session: operator },
    });
    expect(list.statusCode).toBe(403);
    expect(list.json().detail).toBe("Управлять сотрудниками может только администратор.");
    const anonymous = await t.app.inject({ method: "GET", url: "/api/staff/members" });
    expect(anonymous.statusCode).toBe(401);
  });

  it("locks an e-mail after 5 wrong passwords", async () => {
    await seeded(t);
    for (let i = 0; i < 4; i += 1) {
      const res = await post(t, "/api/staff/auth/sign-in", {
        email: "admin@rms.local",
        password: `wrong-${i}`,
      });
      expect(res.statusCode).toBe(401);
    }
    const locked = await post(t, "/api/staff/auth/sign-in", {
      email: "admin@rms.local",
      password: "wrong-5",
    });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().detail).toContain("обратитесь к администратору");
  });
});
