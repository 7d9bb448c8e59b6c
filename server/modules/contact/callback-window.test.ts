import { describe, expect, it } from "vitest";
import { AppError } from "../../errors.ts";
import { callbackWindow } from "./callback-window.ts";

// 25.11.2026 21:30 in Moscow (UTC+3).
const now = new Date("2026-11-25T18:30:00Z");

describe("callbackWindow", () => {
  it("makes an «as soon as possible» call due in half an hour", () => {
    expect(callbackWindow({ kind: "asap" }, now)).toEqual({
      windowStart: null,
      windowEnd: null,
      dueAt: new Date("2026-11-25T19:00:00Z"),
    });
  });

  it("reads the window in Moscow time, tomorrow included", () => {
    expect(
      callbackWindow({ kind: "window", day: "tomorrow", from: "09:00", to: "11:00" }, now),
    ).toEqual({
      windowStart: new Date("2026-11-26T06:00:00Z"),
      windowEnd: new Date("2026-11-26T08:00:00Z"),
      dueAt: new Date("2026-11-26T08:00:00Z"),
    });
  });

  it("takes a window today that has begun but not ended", () => {
    const window = callbackWindow(
      { kind: "window", day: "today", from: "21:00", to: "23:00" },
      now,
    );
    expect(window.dueAt).toEqual(new Date("2026-11-25T20:00:00Z"));
  });

  it("refuses a window that is over, on the field of its end", () => {
    expect(() =>
      callbackWindow({ kind: "window", day: "today", from: "18:00", to: "20:00" }, now),
    ).toThrow(AppError);
    try {
      callbackWindow({ kind: "window", day: "today", from: "18:00", to: "20:00" }, now);
    } catch (error) {
      expect((error as AppError).fields).toEqual([
        { field: "when.to", message: "Это время уже прошло: выберите промежуток позже" },
      ]);
    }
  });

  it("refuses a window with less than half an hour left, saying why", () => {
    try {
      callbackWindow({ kind: "window", day: "today", from: "20:00", to: "21:45" }, now);
      expect.unreachable("a window ending in 15 minutes was taken");
    } catch (error) {
      expect((error as AppError).fields).toEqual([
        {
          field: "when.to",
          message:
            "До конца этого промежутка меньше 30 минут, оператор может не успеть: выберите промежуток позже или «Как можно скорее»",
        },
      ]);
    }
  });

  it("counts tomorrow from Moscow's date, not UTC's, just after Moscow midnight", () => {
    // 26.11.2026 00:30 in Moscow is still 25.11 in UTC.
    const justAfterMidnight = new Date("2026-11-25T21:30:00Z");
    const window = callbackWindow(
      { kind: "window", day: "tomorrow", from: "10:00", to: "12:00" },
      justAfterMidnight,
    );
    expect(window.windowStart).toEqual(new Date("2026-11-27T07:00:00Z"));
  });
});
