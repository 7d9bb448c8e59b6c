import { randomInt } from "node:crypto";
import type { Page } from "playwright-core";
import { apiRequest, sessionCookie } from "./api.ts";
import { expectVisible } from "./browser.ts";

export const DEMO_STAFF_PASSWORD = "rms-demo-2026";

/** A console account a spec made for itself: its first sign-in replaces the temporary password. */
export interface SpecStaffMember {
  email: string;
  /** The password it signs in with after the first time. */
  password: string;
  /** Until the first sign-in in the browser. */
  temporaryPassword: string | null;
}

/** The demo administrator's API session (the console's cookie header). */
export async function signInDemoAdmin(base: string): Promise<string> {
  const res = await apiRequest(base, "/api/staff/auth/sign-in", {
    method: "POST",
    body: { email: "admin@rms.local", password: DEMO_STAFF_PASSWORD },
  });
  return sessionCookie(res, "rms_staff_session");
}

/**
 * A staff member of the spec's own, made by the demo administrator: the demo operator may have
 * TOTP switched on when the whole suite runs (accounts.e2e.ts enrols it).
 */
export async function createSpecStaffMember(
  base: string,
  adminCookie: string,
  options: { role: "operator" | "doctor" | "admin"; emailPrefix: string; fullName: string },
): Promise<SpecStaffMember> {
  const email = `${options.emailPrefix}.${randomInt(1e6)}@rms.local`;
  const res = await apiRequest(base, "/api/staff/members", {
    method: "POST",
    cookie: adminCookie,
    body: { email, fullName: `${options.fullName} ${randomInt(1e6)}`, role: options.role },
  });
  if (res.status !== 201) throw new Error(`the staff member was not created: ${res.status}`);
  const created = (await res.json()) as { temporaryPassword: string };
  return {
    email,
    password: `Пароль-${options.emailPrefix}-2026`,
    temporaryPassword: created.temporaryPassword,
  };
}

/** Signs in on the console's page; the first time, the temporary password is replaced. */
export async function signInConsole(page: Page, member: SpecStaffMember): Promise<void> {
  await page.goto("/staff/sign-in");
  await page.getByLabel("E-mail").fill(member.email);
  await page
    .getByLabel("Пароль", { exact: true })
    .fill(member.temporaryPassword ?? member.password);
  await page.getByRole("button", { name: "Войти" }).click();
  if (member.temporaryPassword) {
    await page.getByLabel("Новый пароль").fill(member.password);
    await page.getByLabel("Повторите пароль").fill(member.password);
    await page.getByRole("button", { name: "Сохранить пароль" }).click();
    member.temporaryPassword = null;
  }
  await expectVisible(page.getByRole("button", { name: "Выйти" }));
}
