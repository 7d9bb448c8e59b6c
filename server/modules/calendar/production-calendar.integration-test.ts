import { describe, expect, it } from "vitest";
import { setupTestApp } from "../../test/build-test-app.ts";
import { getCalendarYear, listCalendarYears, replaceCalendarYear } from "./calendar.repository.ts";
import { addBusinessDays, isBusinessDay, publishBundledCalendars } from "./production-calendar.ts";

const t = setupTestApp();

describe("the production calendar in the database", () => {
  it("is loaded at start from the bundled years", async () => {
    const years = await listCalendarYears(t.database.db);
    expect(years.map((entry) => entry.year)).toEqual(expect.arrayContaining([2025, 2026]));
    expect(years.every((entry) => entry.updatedBy === null)).toBe(true);
    expect(await isBusinessDay(t.database.db, "2026-01-09")).toBe(false);
    expect(await isBusinessDay(t.database.db, "2026-01-12")).toBe(true);
  });

  it("counts business days across the New Year holidays (31.12 and 1–9.01 off in 2026)", async () => {
    expect(await addBusinessDays(t.database.db, "2025-12-30", 2)).toBe("2026-01-13");
    expect(await addBusinessDays(t.database.db, "2026-11-27", 2)).toBe("2026-12-01");
  });

  it("keeps a year an admin edited when the bundled calendars are published again", async () => {
    await replaceCalendarYear(t.database.db, 2025, [{ day: "2025-12-29", kind: "day-off" }], null);
    // A reload after the admin's edit: the bundled 2025 must not come back.
    await publishBundledCalendars(t.database.db);
    const year = await getCalendarYear(t.database.db, 2025);
    expect(year.days).toEqual([{ day: "2025-12-29", kind: "day-off" }]);
    expect(await isBusinessDay(t.database.db, "2025-12-29")).toBe(false);
    expect(await isBusinessDay(t.database.db, "2025-12-31")).toBe(true);
  });
});
