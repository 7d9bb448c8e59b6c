import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../paths.ts";
import {
  addBusinessDaysIn,
  type CalendarData,
  type CalendarDayKind,
  isBusinessDayIn,
} from "./calendar-days.ts";

function bundled(year: number): CalendarData {
  const file = join(projectRoot, `server/modules/calendar/data/ru-${year}.json`);
  const data = JSON.parse(readFileSync(file, "utf8")) as {
    days: { day: string; kind: CalendarDayKind }[];
  };
  return {
    exceptions: new Map(data.days.map((entry) => [entry.day, entry.kind])),
    loadedYears: new Set([year]),
  };
}

function workingDaysIn(year: number, calendar: CalendarData): number {
  let count = 0;
  for (let day = new Date(Date.UTC(year, 0, 1)); day.getUTCFullYear() === year; ) {
    if (isBusinessDayIn(day.toISOString().slice(0, 10), calendar)) count += 1;
    day = new Date(day.getTime() + 86_400_000);
  }
  return count;
}

describe("the bundled production calendars", () => {
  it("give the official count of 247 working days in 2025 and in 2026", () => {
    expect(workingDaysIn(2025, bundled(2025))).toBe(247);
    expect(workingDaysIn(2026, bundled(2026))).toBe(247);
  });

  it("count a Saturday worked by transfer as a working day", () => {
    expect(isBusinessDayIn("2025-11-01", bundled(2025))).toBe(true);
    expect(isBusinessDayIn("2025-11-03", bundled(2025))).toBe(false);
  });
});

describe("addBusinessDaysIn", () => {
  const calendar = bundled(2026);

  it("skips the weekend: bought on Friday, due on Tuesday", () => {
    expect(addBusinessDaysIn("2026-11-27", 2, calendar)).toBe("2026-12-01");
  });

  it("skips holidays and transferred days off", () => {
    // 4 November 2026 (Wednesday) is National Unity Day.
    expect(addBusinessDaysIn("2026-11-03", 2, calendar)).toBe("2026-11-06");
    // 31 December 2026 is a day off by transfer, then 1–8 January by law.
    expect(addBusinessDaysIn("2026-12-30", 2, calendar)).toBe("2027-01-12");
  });

  it("falls back to Monday–Friday without the statutory holidays for a year not loaded", () => {
    const empty: CalendarData = { exceptions: new Map(), loadedYears: new Set() };
    expect(isBusinessDayIn("2027-01-04", empty)).toBe(false);
    expect(isBusinessDayIn("2027-01-11", empty)).toBe(true);
    expect(isBusinessDayIn("2027-01-09", empty)).toBe(false);
  });
});
