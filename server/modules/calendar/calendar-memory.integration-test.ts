import { describe, expect, it } from "vitest";
import { setupTestApp } from "../../test/build-test-app.ts";
import { createTestStaff } from "../../test/factories.ts";
import { countRoundTrips } from "../../test/round-trips.ts";
import { type Instance, setupInstances } from "../../test/two-instances.ts";
import { replaceCalendarYear } from "./calendar.repository.ts";
import { saveCalendarYear } from "./calendar.service.ts";
import { addBusinessDays, isBusinessDay } from "./production-calendar.ts";

const t = setupTestApp();

async function eventually(check: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

describe("the production calendar kept in memory", () => {
  it("answers business-day questions with one small version read once the calendar is read", async () => {
    await addBusinessDays(t.database.db, "2026-03-02", 2);
    const { roundTrips } = await countRoundTrips(t.database, () =>
      addBusinessDays(t.database.db, "2026-05-06", 2),
    );
    expect(roundTrips).toBe(1);
  });

  it("sees an edit made through the service at once", async () => {
    expect(await isBusinessDay(t.database.db, "2026-06-15")).toBe(true);
    const admin = await createTestStaff(t.database.db, "admin");
    await saveCalendarYear(
      t.database.db,
      2026,
      { days: [{ day: "2026-06-15", kind: "day-off" }] },
      admin.id,
    );
    expect(await isBusinessDay(t.database.db, "2026-06-15")).toBe(false);
  });

  it("sees an edit stored past the service at once", async () => {
    expect(await isBusinessDay(t.database.db, "2024-06-17")).toBe(true);
    await replaceCalendarYear(t.database.db, 2024, [{ day: "2024-06-17", kind: "day-off" }], null);
    expect(await eventually(async () => !(await isBusinessDay(t.database.db, "2024-06-17")))).toBe(
      true,
    );
  });
});

/** Two instances on one PostgreSQL database (only with TEST_DATABASE_URL). */
describe.skipIf(!process.env.TEST_DATABASE_URL)("the calendar across two instances", () => {
  const instances = setupInstances();

  it("drops the calendar another instance keeps when one instance changes it", async () => {
    const [one, two] = instances.list as [Instance, Instance];
    expect(await isBusinessDay(two.database.db, "2026-07-15")).toBe(true);
    await replaceCalendarYear(
      one.database.db,
      2026,
      [{ day: "2026-07-15", kind: "day-off" }],
      null,
    );
    expect(
      await eventually(async () => !(await isBusinessDay(two.database.db, "2026-07-15"))),
    ).toBe(true);
  });
});
