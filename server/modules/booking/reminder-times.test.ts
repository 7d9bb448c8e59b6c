import { describe, expect, it } from "vitest";
import { moscowInstant } from "./moscow-time.ts";
import { isQuietHour, reminderAtSend, reminderTimes } from "./reminder-times.ts";

const moscow = (dateTime: string) => new Date(`${dateTime}:00+03:00`);
const bookedLongAgo = moscow("2026-11-01T12:00");

function sendTimes(startsAt: string, now = bookedLongAgo) {
  return reminderTimes(moscow(startsAt), now).map((reminder) => ({
    kind: reminder.kind,
    at: reminder.sendAt.toLocaleString("ru-RU", { timeZone: "Europe/Moscow" }),
  }));
}

describe("isQuietHour", () => {
  it("is quiet from 21:00 to 08:59 and not from 09:00 to 20:59", () => {
    expect(isQuietHour(moscow("2026-12-10T08:59"))).toBe(true);
    expect(isQuietHour(moscow("2026-12-10T09:00"))).toBe(false);
    expect(isQuietHour(moscow("2026-12-10T20:59"))).toBe(false);
    expect(isQuietHour(moscow("2026-12-10T21:00"))).toBe(true);
  });
});

describe("reminderTimes", () => {
  it("reminds a day before and two hours before a midday visit", () => {
    expect(sendTimes("2026-12-10T14:00")).toEqual([
      { kind: "day_before", at: "09.12.2026, 14:00:00" },
      { kind: "two_hours_before", at: "10.12.2026, 12:00:00" },
    ]);
  });

  it("keeps a reminder at 09:00 and at 20:59, the edges of the allowed hours", () => {
    expect(sendTimes("2026-12-10T11:00")[1]).toEqual({
      kind: "two_hours_before",
      at: "10.12.2026, 09:00:00",
    });
    expect(sendTimes("2026-12-10T22:59")[1]).toEqual({
      kind: "two_hours_before",
      at: "10.12.2026, 20:59:00",
    });
  });

  it("moves a reminder due at 08:59 to 09:00 when that is still an hour or more before the visit", () => {
    expect(sendTimes("2026-12-10T10:59")[1]).toEqual({
      kind: "two_hours_before",
      at: "10.12.2026, 09:00:00",
    });
    // the day-before reminder of an 08:00 visit comes the day before at 09:00, not two evenings before
    expect(sendTimes("2026-12-10T08:00")[0]).toEqual({
      kind: "day_before",
      at: "09.12.2026, 09:00:00",
    });
  });

  it("moves a reminder due at 21:00 to 20:00 when 09:00 would be after the visit", () => {
    expect(sendTimes("2026-12-10T23:00")[1]).toEqual({
      kind: "two_hours_before",
      at: "10.12.2026, 20:00:00",
    });
  });

  it("reminds of a 09:30 visit at 20:00 the evening before, not 30 minutes ahead", () => {
    expect(sendTimes("2026-12-10T09:30")).toEqual([
      { kind: "day_before", at: "09.12.2026, 09:30:00" },
      { kind: "two_hours_before", at: "09.12.2026, 20:00:00" },
    ]);
  });

  it("sends no reminder for a visit booked an hour ahead", () => {
    expect(sendTimes("2026-12-10T15:00", moscow("2026-12-10T14:00"))).toEqual([]);
  });

  it("sends only the two-hour reminder for a visit booked in the morning for the afternoon", () => {
    expect(sendTimes("2026-12-10T15:00", moscow("2026-12-10T10:00"))).toEqual([
      { kind: "two_hours_before", at: "10.12.2026, 13:00:00" },
    ]);
  });

  it("drops an evening fallback that has already passed when the visit is booked", () => {
    // 09:30 visit booked at 22:00 the night before: the 20:00 fallback is gone, 09:00 is too close.
    expect(sendTimes("2026-12-10T09:30", moscow("2026-12-09T22:00"))).toEqual([]);
  });

  it("never reminds after the visit started or less than an hour before it", () => {
    for (const startsAt of ["2026-12-10T09:00", "2026-12-10T09:30", "2026-12-10T10:30"]) {
      for (const reminder of reminderTimes(moscow(startsAt), bookedLongAgo)) {
        expect(moscow(startsAt).getTime() - reminder.sendAt.getTime()).toBeGreaterThanOrEqual(
          60 * 60_000,
        );
        expect(isQuietHour(reminder.sendAt)).toBe(false);
      }
    }
  });
});

describe("a reminder's job when it runs", () => {
  const at = (date: string, hhmm: string) => {
    const [h = 0, m = 0] = hhmm.split(":").map(Number);
    return moscowInstant(date, h * 60 + m);
  };
  const start = at("2026-12-10", "14:00");

  it("sends in the day, with at least an hour left before the visit", () => {
    expect(reminderAtSend(start, at("2026-12-09", "14:00"))).toEqual({ action: "send" });
    expect(reminderAtSend(start, at("2026-12-10", "12:59"))).toEqual({ action: "send" });
    expect(reminderAtSend(start, at("2026-12-10", "13:00"))).toEqual({ action: "send" });
  });

  it("waits for 09:00 when it runs late into the quiet hours, evening or early morning", () => {
    expect(reminderAtSend(start, at("2026-12-09", "21:00"))).toEqual({
      action: "defer",
      until: at("2026-12-10", "09:00"),
    });
    expect(reminderAtSend(start, at("2026-12-10", "03:15"))).toEqual({
      action: "defer",
      until: at("2026-12-10", "09:00"),
    });
  });

  it("is dropped once the last useful moment has passed, or when 09:00 would be too late", () => {
    expect(reminderAtSend(start, at("2026-12-10", "13:01"))).toEqual({ action: "drop" });
    const early = at("2026-12-10", "09:30");
    expect(reminderAtSend(early, at("2026-12-10", "06:00"))).toEqual({ action: "drop" });
  });
});
