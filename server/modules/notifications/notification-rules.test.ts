import { describe, expect, it } from "vitest";
import { CONFIGURABLE_NOTIFICATION_KINDS } from "../../../common/notifications/notifications.schema.ts";
import { moscowInstant } from "../booking/moscow-time.ts";
import {
  channelsFor,
  channelsOfEveryKind,
  DEFAULT_QUIET_HOURS,
  isSameDayInMoscow,
  quietHoursEnd,
} from "./notification-rules.ts";

const at = (date: string, time: string) => {
  const [hours = 0, minutes = 0] = time.split(":").map(Number);
  return moscowInstant(date, hours * 60 + minutes);
};

describe("quietHoursEnd", () => {
  it("holds a moment of 21:00–09:00 Moscow time until 09:00, across midnight", () => {
    expect(quietHoursEnd(DEFAULT_QUIET_HOURS, at("2026-12-03", "21:00"))).toEqual(
      at("2026-12-04", "09:00"),
    );
    expect(quietHoursEnd(DEFAULT_QUIET_HOURS, at("2026-12-03", "23:59"))).toEqual(
      at("2026-12-04", "09:00"),
    );
    expect(quietHoursEnd(DEFAULT_QUIET_HOURS, at("2026-12-04", "03:10"))).toEqual(
      at("2026-12-04", "09:00"),
    );
  });

  it("lets 09:00 through to 20:59, and everything when the quiet hours are off or empty", () => {
    expect(quietHoursEnd(DEFAULT_QUIET_HOURS, at("2026-12-04", "09:00"))).toBeNull();
    expect(quietHoursEnd(DEFAULT_QUIET_HOURS, at("2026-12-04", "20:59"))).toBeNull();
    const night = at("2026-12-04", "02:00");
    expect(quietHoursEnd({ ...DEFAULT_QUIET_HOURS, enabled: false }, night)).toBeNull();
    expect(quietHoursEnd({ enabled: true, start: "09:00", end: "09:00" }, night)).toBeNull();
  });

  it("keeps quiet hours within one day (13:00–15:00) until their end that day", () => {
    const nap = { enabled: true, start: "13:00", end: "15:00" };
    expect(quietHoursEnd(nap, at("2026-12-04", "14:30"))).toEqual(at("2026-12-04", "15:00"));
    expect(quietHoursEnd(nap, at("2026-12-04", "15:00"))).toBeNull();
    expect(quietHoursEnd(nap, at("2026-12-04", "12:59"))).toBeNull();
  });
});

describe("channels", () => {
  it("keep what went before the preferences existed, and push on for every kind", () => {
    const kinds = channelsOfEveryKind([]);
    expect(kinds.map((row) => row.kind)).toEqual([...CONFIGURABLE_NOTIFICATION_KINDS]);
    expect(kinds.every((row) => row.push)).toBe(true);
    expect(channelsFor("message_reply", [])).toEqual({ sms: false, email: true, push: true });
  });

  it("are every channel for a security message, whatever was chosen", () => {
    expect(channelsFor("security", [])).toEqual({ sms: true, email: true, push: true });
  });

  it("follow the client's choice for a kind it chose", () => {
    const chosen = [{ kind: "reminder" as const, sms: false, email: true, push: false }];
    expect(channelsFor("reminder", chosen)).toEqual({ sms: false, email: true, push: false });
  });
});

describe("isSameDayInMoscow", () => {
  it("compares Moscow dates, not UTC ones", () => {
    // 00:30 Moscow on the 5th is 21:30 UTC on the 4th.
    expect(isSameDayInMoscow(at("2026-12-05", "00:30"), at("2026-12-05", "23:00"))).toBe(true);
    expect(isSameDayInMoscow(at("2026-12-05", "00:30"), at("2026-12-04", "23:00"))).toBe(false);
    expect(isSameDayInMoscow(null, at("2026-12-04", "23:00"))).toBe(false);
  });
});
