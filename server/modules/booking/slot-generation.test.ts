import { describe, expect, it } from "vitest";
import { generateSlots, type WeeklyTemplate } from "./slot-generation.ts";

// 7 December 2026 is a Monday.
const mondayMorning = new Date("2026-12-07T06:00:00+03:00");

const template: WeeklyTemplate = {
  slotMinutes: 30,
  days: [
    { weekday: 1, hours: { start: "09:00", end: "12:00" }, breaks: [] },
    {
      weekday: 2,
      hours: { start: "09:00", end: "13:10" },
      breaks: [{ start: "10:45", end: "11:15" }],
    },
  ],
};

const moscowTimes = (slots: { start: Date; end: Date }[]) =>
  slots.map(
    ({ start, end }) =>
      `${start.toLocaleString("ru-RU", { timeZone: "Europe/Moscow" })}–${end.toLocaleTimeString("ru-RU", { timeZone: "Europe/Moscow" })}`,
  );

describe("generateSlots", () => {
  it("lays slots over the working hours as [start, end) UTC instants of Moscow time", () => {
    const slots = generateSlots({ template, exceptions: [], now: mondayMorning, days: 1 });
    expect(slots).toHaveLength(6);
    expect(slots[0]).toEqual({
      start: new Date("2026-12-07T06:00:00Z"),
      end: new Date("2026-12-07T06:30:00Z"),
    });
    expect(slots[5]?.end).toEqual(new Date("2026-12-07T09:00:00Z"));
  });

  it("crosses neither a break nor the end of hours", () => {
    const slots = generateSlots({ template, exceptions: [], now: mondayMorning, days: 2 });
    expect(moscowTimes(slots.slice(6))).toEqual([
      "08.12.2026, 09:00:00–09:30:00",
      "08.12.2026, 09:30:00–10:00:00",
      "08.12.2026, 10:00:00–10:30:00",
      // 10:30–11:00 would cross the break at 10:45; after it, slots start at 11:15
      "08.12.2026, 11:15:00–11:45:00",
      "08.12.2026, 11:45:00–12:15:00",
      "08.12.2026, 12:15:00–12:45:00",
      // 12:45–13:15 would end after 13:10
    ]);
  });

  it("offers nothing on a day off, repeating the template week after week", () => {
    const slots = generateSlots({ template, exceptions: [], now: mondayMorning, days: 8 });
    const days = new Set(slots.map((slot) => slot.start.toISOString().slice(0, 10)));
    expect([...days]).toEqual(["2026-12-07", "2026-12-08", "2026-12-14"]);
  });

  it("drops a whole day of leave and only the hours of a partial exception", () => {
    const slots = generateSlots({
      template,
      exceptions: [
        { date: "2026-12-07" },
        { date: "2026-12-08", hours: { start: "09:15", end: "10:00" } },
      ],
      now: mondayMorning,
      days: 2,
    });
    expect(moscowTimes(slots)).toEqual([
      "08.12.2026, 10:00:00–10:30:00",
      "08.12.2026, 11:15:00–11:45:00",
      "08.12.2026, 11:45:00–12:15:00",
      "08.12.2026, 12:15:00–12:45:00",
    ]);
  });

  it("does not offer a slot that has started", () => {
    const now = new Date("2026-12-07T10:00:00+03:00");
    const slots = generateSlots({ template, exceptions: [], now, days: 1 });
    expect(moscowTimes(slots)).toEqual([
      "07.12.2026, 10:30:00–11:00:00",
      "07.12.2026, 11:00:00–11:30:00",
      "07.12.2026, 11:30:00–12:00:00",
    ]);
  });

  it("counts days from today's Moscow date, not the UTC one", () => {
    // 23:30 UTC on Sunday 6 December is already 02:30 on Monday in Moscow.
    const now = new Date("2026-12-06T23:30:00Z");
    const slots = generateSlots({ template, exceptions: [], now, days: 1 });
    expect(slots).toHaveLength(6);
  });

  it("refuses a template it cannot lay slots in", () => {
    const broken = { ...template, slotMinutes: 0 };
    expect(() =>
      generateSlots({ template: broken, exceptions: [], now: mondayMorning, days: 1 }),
    ).toThrow(RangeError);
    const backwards: WeeklyTemplate = {
      slotMinutes: 30,
      days: [{ weekday: 1, hours: { start: "12:00", end: "09:00" }, breaks: [] }],
    };
    expect(() =>
      generateSlots({ template: backwards, exceptions: [], now: mondayMorning, days: 1 }),
    ).toThrow(RangeError);
  });
});
