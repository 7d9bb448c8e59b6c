import { describe, expect, it } from "vitest";
import { setupTestApp } from "../../test/build-test-app.ts";
import { createTestStaff, signInStaff } from "../../test/factories.ts";
import { isBusinessDay } from "./production-calendar.ts";

const t = setupTestApp();

async function staffCookie(role: "admin" | "operator" | "doctor") {
  return {
    rms_staff_session: await signInStaff(t.app, await createTestStaff(t.database.db, role)),
  };
}

function save(cookies: Record<string, string>, year: number | string, days: unknown) {
  return t.app.inject({
    method: "PUT",
    url: `/api/staff/calendar/${year}`,
    cookies,
    payload: { days },
  });
}

describe("the production calendar in the console", () => {
  it("lists the loaded years and a year's exceptions to any staff member", async () => {
    const cookies = await staffCookie("operator");
    const list = await t.app.inject({ method: "GET", url: "/api/staff/calendar", cookies });
    expect(list.statusCode).toBe(200);
    expect(list.json().years.map((entry: { year: number }) => entry.year)).toEqual(
      expect.arrayContaining([2025, 2026]),
    );
    const year = await t.app.inject({ method: "GET", url: "/api/staff/calendar/2026", cookies });
    expect(year.statusCode).toBe(200);
    expect(year.json()).toMatchObject({ year: 2026, loaded: true });
    expect(year.json().days).toContainEqual({ day: "2026-01-01", kind: "day-off" });
  });

  it("lets an admin replace a year's exceptions, which business days then follow", async () => {
    const cookies = await staffCookie("admin");
    const res = await save(cookies, 2031, [
      { day: "2031-01-06", kind: "day-off" },
      { day: "2031-01-04", kind: "workday" },
    ]);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      year: 2031,
      loaded: true,
      days: [
        { day: "2031-01-04", kind: "workday" },
        { day: "2031-01-06", kind: "day-off" },
      ],
    });
    expect(await isBusinessDay(t.database.db, "2031-01-06")).toBe(false);
    expect(await isBusinessDay(t.database.db, "2031-01-04")).toBe(true);
    const list = await t.app.inject({ method: "GET", url: "/api/staff/calendar", cookies });
    const saved = list.json().years.find((entry: { year: number }) => entry.year === 2031);
    expect(saved.updatedBy).toMatch(/^Сотрудникова/);
  });

  it("refuses dates outside the year, a day off on a weekend, a workday on a weekday and duplicates", async () => {
    const cookies = await staffCookie("admin");
    const res = await save(cookies, 2032, [
      { day: "2033-01-03", kind: "day-off" },
      { day: "2032-01-03", kind: "day-off" },
      { day: "2032-01-05", kind: "workday" },
      { day: "2032-01-06", kind: "day-off" },
      { day: "2032-01-06", kind: "day-off" },
      { day: "2032-02-30", kind: "day-off" },
    ]);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      { field: "days.0.day", message: "Дата должна быть в 2032 году" },
      {
        field: "days.1.day",
        message: "Суббота и воскресенье и так выходные: выходным можно сделать только будний день",
      },
      {
        field: "days.2.day",
        message: "Рабочим днём по переносу может быть только суббота или воскресенье",
      },
      { field: "days.4.day", message: "Эта дата уже есть в списке" },
      { field: "days.5.day", message: "Укажите существующую дату" },
    ]);
    const year = await t.app.inject({ method: "GET", url: "/api/staff/calendar/2032", cookies });
    expect(year.json()).toEqual({ year: 2032, loaded: false, days: [] });
  });

  it("refuses an operator's or doctor's change with 403", async () => {
    for (const role of ["operator", "doctor"] as const) {
      const res = await save(await staffCookie(role), 2033, []);
      expect(res.statusCode).toBe(403);
    }
    const anonymous = await save({}, 2033, []);
    expect(anonymous.statusCode).toBe(401);
  });

  it("refuses a year that is not a year", async () => {
    const cookies = await staffCookie("admin");
    const res = await t.app.inject({ method: "GET", url: "/api/staff/calendar/20x6", cookies });
    expect(res.statusCode).toBe(400);
  });
});
