import { describe, expect, it } from "vitest";
import {
  addCalendarDays,
  isoWeekday,
  minutesOf,
  moscowDate,
  moscowInstant,
  moscowMinutesOfDay,
} from "./moscow-time.ts";

describe("Moscow calendar helpers", () => {
  it("turns a Moscow wall-clock time into the UTC instant three hours earlier", () => {
    expect(moscowInstant("2026-12-07", 9 * 60)).toEqual(new Date("2026-12-07T06:00:00Z"));
    expect(moscowInstant("2026-12-07", 24 * 60)).toEqual(new Date("2026-12-07T21:00:00Z"));
    // Asked again (remembered): the same instant, as a Date of its own that a caller may change.
    const again = moscowInstant("2026-12-07", 9 * 60);
    expect(again).toEqual(new Date("2026-12-07T06:00:00Z"));
    again.setUTCHours(0);
    expect(moscowInstant("2026-12-07", 9 * 60)).toEqual(new Date("2026-12-07T06:00:00Z"));
    expect(moscowInstant("2013-06-02", 0)).toEqual(new Date("2013-06-01T20:00:00Z"));
  });

  it("reads an instant's date and time of day on the Moscow clock", () => {
    const lateUtc = new Date("2026-12-31T22:15:00Z");
    expect(moscowDate(lateUtc)).toBe("2027-01-01");
    expect(moscowMinutesOfDay(lateUtc)).toBe(75);
  });

  it("gives the Moscow date on either side of midnight, however often and in whatever order it is asked", () => {
    // Asked late in the hour first, then at its start and just before it: remembered per UTC hour.
    expect(moscowDate(new Date("2026-12-07T21:59:59.999Z"))).toBe("2026-12-08");
    expect(moscowDate(new Date("2026-12-07T21:00:00Z"))).toBe("2026-12-08");
    expect(moscowDate(new Date("2026-12-07T20:59:59.999Z"))).toBe("2026-12-07");
    expect(moscowDate(new Date("2026-12-07T20:30:00Z"))).toBe("2026-12-07");
    // 2011–2014 Moscow kept UTC+4 all year: 20:00 UTC was already midnight.
    expect(moscowDate(new Date("2013-06-01T20:00:00Z"))).toBe("2013-06-02");
    expect(moscowDate(new Date("2013-06-01T19:59:00Z"))).toBe("2013-06-01");
  });

  it("numbers weekdays from Monday 1 to Sunday 7 and steps over month ends", () => {
    expect(isoWeekday("2026-12-07")).toBe(1);
    expect(isoWeekday("2026-12-13")).toBe(7);
    expect(addCalendarDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addCalendarDays("2026-03-01", -1)).toBe("2026-02-28");
  });

  it("reads HH:mm up to 24:00 and refuses anything else", () => {
    expect(minutesOf("09:30")).toBe(570);
    expect(minutesOf("24:00")).toBe(1440);
    expect(() => minutesOf("9:30")).toThrow(RangeError);
    expect(() => minutesOf("12:60")).toThrow(RangeError);
    expect(() => minutesOf("24:01")).toThrow(RangeError);
    expect(() => moscowInstant("2026-12-7", 0)).toThrow(RangeError);
  });
});
