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
  });

  it("reads an instant's date and time of day on the Moscow clock", () => {
    const lateUtc = new Date("2026-12-31T22:15:00Z");
    expect(moscowDate(lateUtc)).toBe("2027-01-01");
    expect(moscowMinutesOfDay(lateUtc)).toBe(75);
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
