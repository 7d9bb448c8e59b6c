import { afterEach, describe, expect, it, vi } from "vitest";
import {
  callbackDays,
  callbackEndHours,
  callbackStartHours,
  callbackWindowBounds,
  callbackWindowRefusal,
  proposedCallbackEnd,
  proposedCallbackWindow,
} from "./callback-window.ts";

/** 25.11.2026 at `clock` in Moscow (UTC+3 all year). */
function moscow(clock: string): Date {
  return new Date(`2026-11-25T${clock}:00+03:00`);
}

describe("the call-back windows a client is offered", () => {
  it("at 09:59 starts today's choice at 10:00 and proposes 10:00–12:00", () => {
    const now = moscow("09:59");
    expect(callbackDays(now)).toEqual(["today", "tomorrow"]);
    expect(callbackStartHours("today", now)[0]).toBe("10:00");
    expect(proposedCallbackWindow(now)).toEqual({ day: "today", from: "10:00", to: "12:00" });
    // 09:00–10:00 ends in a minute: too late for an operator to call.
    expect(callbackWindowRefusal({ day: "today", from: "09:00", to: "10:00" }, now)).toBe(
      "too-late",
    );
  });

  it("at 10:00 offers the window that has just begun, 10:00–12:00, and every later hour", () => {
    const now = moscow("10:00");
    expect(callbackStartHours("today", now)).toEqual([
      "10:00",
      "11:00",
      "12:00",
      "13:00",
      "14:00",
      "15:00",
      "16:00",
      "17:00",
      "18:00",
      "19:00",
      "20:00",
      "21:00",
    ]);
    expect(callbackEndHours("today", "10:00", now)[0]).toBe("11:00");
    expect(proposedCallbackWindow(now)).toEqual({ day: "today", from: "10:00", to: "12:00" });
  });

  it("keeps a window that has begun while half an hour of it is left", () => {
    const now = moscow("11:30");
    expect(callbackStartHours("today", now)[0]).toBe("11:00");
    expect(callbackWindowRefusal({ day: "today", from: "11:00", to: "12:00" }, now)).toBeNull();
    expect(callbackWindowRefusal({ day: "today", from: "10:00", to: "12:00" }, now)).toBeNull();
  });

  it("at 11:59 no longer keeps a window ending at 12:00 and proposes 12:00–14:00", () => {
    const now = moscow("11:59");
    expect(callbackStartHours("today", now)[0]).toBe("12:00");
    expect(proposedCallbackWindow(now)).toEqual({ day: "today", from: "12:00", to: "14:00" });
    expect(callbackWindowRefusal({ day: "today", from: "11:00", to: "12:00" }, now)).toBe(
      "too-late",
    );
    expect(callbackWindowRefusal({ day: "today", from: "11:00", to: "13:00" }, now)).toBeNull();
    expect(callbackEndHours("today", "11:00", now)[0]).toBe("13:00");
  });

  it("keeps the last window of the day while half an hour of it is left, then only tomorrow", () => {
    expect(callbackStartHours("today", moscow("21:30"))).toEqual(["21:00"]);
    expect(proposedCallbackWindow(moscow("21:30"))).toEqual({
      day: "today",
      from: "21:00",
      to: "22:00",
    });
    expect(callbackDays(moscow("21:31"))).toEqual(["tomorrow"]);
  });

  it("at 22:41 offers no window today and proposes tomorrow's first, 08:00–10:00", () => {
    const now = moscow("22:41");
    expect(callbackDays(now)).toEqual(["tomorrow"]);
    expect(callbackStartHours("today", now)).toEqual([]);
    expect(proposedCallbackWindow(now)).toEqual({ day: "tomorrow", from: "08:00", to: "10:00" });
    expect(callbackWindowRefusal({ day: "today", from: "10:00", to: "12:00" }, now)).toBe("over");
    expect(callbackWindowRefusal({ day: "tomorrow", from: "08:00", to: "10:00" }, now)).toBeNull();
  });

  it("at 23:59 offers all of tomorrow, from 08:00 to 22:00", () => {
    const now = moscow("23:59");
    expect(callbackDays(now)).toEqual(["tomorrow"]);
    expect(callbackStartHours("tomorrow", now)).toHaveLength(14);
    expect(callbackEndHours("tomorrow", "08:00", now)).toHaveLength(14);
    expect(proposedCallbackWindow(now)).toEqual({ day: "tomorrow", from: "08:00", to: "10:00" });
  });

  it("ends a proposed window at 22:00 when two hours do not fit", () => {
    expect(proposedCallbackEnd("tomorrow", "21:00", moscow("12:00"))).toBe("22:00");
    expect(proposedCallbackEnd("tomorrow", "20:00", moscow("12:00"))).toBe("22:00");
    expect(proposedCallbackEnd("today", "14:00", moscow("14:20"))).toBe("16:00");
  });

  it("proposes the first window of the day asked for", () => {
    expect(proposedCallbackWindow(moscow("15:10"), "tomorrow")).toEqual({
      day: "tomorrow",
      from: "08:00",
      to: "10:00",
    });
  });

  it("reads tomorrow from Moscow's date just after Moscow midnight, when UTC is still on the day before", () => {
    // 26.11.2026 00:30 in Moscow is 25.11 21:30 UTC.
    const now = new Date("2026-11-25T21:30:00Z");
    expect(callbackDays(now)).toEqual(["today", "tomorrow"]);
    expect(proposedCallbackWindow(now)).toEqual({ day: "today", from: "08:00", to: "10:00" });
    expect(callbackWindowBounds({ day: "tomorrow", from: "10:00", to: "12:00" }, now)).toEqual({
      start: new Date("2026-11-27T07:00:00Z"),
      end: new Date("2026-11-27T09:00:00Z"),
    });
  });

  describe("in a browser set to another time zone", () => {
    afterEach(() => {
      vi.unstubAllEnvs();
    });

    it.each([
      ["America/Los_Angeles", 11],
      ["Asia/Vladivostok", 5],
      ["UTC", 19],
    ])("counts in Moscow time when the local zone is %s", (localZone, localHour) => {
      // Node reads TZ again when it changes: Date now speaks the local time of that zone.
      vi.stubEnv("TZ", localZone);
      // 22:41 in Moscow is 11:41 in Los Angeles and 05:41 of the next day in Vladivostok.
      const late = moscow("22:41");
      expect(late.getHours()).toBe(localHour);
      expect(callbackDays(late)).toEqual(["tomorrow"]);
      expect(proposedCallbackWindow(late)).toEqual({
        day: "tomorrow",
        from: "08:00",
        to: "10:00",
      });
      expect(callbackWindowBounds({ day: "tomorrow", from: "08:00", to: "10:00" }, late)).toEqual({
        start: new Date("2026-11-26T05:00:00Z"),
        end: new Date("2026-11-26T07:00:00Z"),
      });
      expect(proposedCallbackWindow(moscow("09:59"))).toEqual({
        day: "today",
        from: "10:00",
        to: "12:00",
      });
    });
  });
});
