import { describe, expect, it } from "vitest";
import { createThrottle } from "../../plugins/events.ts";
import { ageOn, isOverdue, previewOf } from "./chat-view.ts";

describe("the person's age on the list", () => {
  it("counts whole years, a birthday later in the year not yet", () => {
    expect(ageOn("1988-08-08", "2026-08-07")).toBe(37);
    expect(ageOn("1988-08-08", "2026-08-08")).toBe(38);
    expect(ageOn("2016-02-29", "2026-02-28")).toBe(9);
  });

  it("gives no age for a birth date after the day", () => {
    expect(ageOn("2027-01-01", "2026-12-02")).toBeNull();
  });
});

describe("an overdue chat", () => {
  const now = new Date("2026-12-02T10:00:00Z");
  const since = (minutes: number) => new Date(now.getTime() - minutes * 60_000);

  it("is one whose client has waited longer than the target", () => {
    expect(
      isOverdue({ status: "waiting", waitingSince: since(16), escalatedAt: null }, 15, now),
    ).toBe(true);
    expect(
      isOverdue({ status: "active", waitingSince: since(14), escalatedAt: null }, 15, now),
    ).toBe(false);
  });

  it("is one the escalation marked, even if this clock says a little less", () => {
    expect(
      isOverdue({ status: "waiting", waitingSince: since(14), escalatedAt: now }, 15, now),
    ).toBe(true);
  });

  it("is never one the doctor answered last, nor a closed one", () => {
    expect(isOverdue({ status: "active", waitingSince: null, escalatedAt: null }, 15, now)).toBe(
      false,
    );
    expect(
      isOverdue({ status: "closed", waitingSince: since(90), escalatedAt: now }, 15, now),
    ).toBe(false);
  });
});

describe("the list's preview of the newest message", () => {
  it("shows the text on one line, «Файл» for files alone, and cuts a long text", () => {
    expect(previewOf({ body: "Болит\nгорло", hasFiles: false, unread: 0 })).toBe("Болит горло");
    expect(previewOf({ body: "", hasFiles: true, unread: 0 })).toBe("Файл");
    const long = previewOf({ body: "а".repeat(500), hasFiles: false, unread: 0 });
    expect(long).toHaveLength(140);
    expect(long.endsWith("…")).toBe(true);
  });
});

describe("the typing throttle", () => {
  it("lets one call a key through per interval, other keys unaffected", () => {
    const throttle = createThrottle(2_000);
    expect(throttle.allow("c1:client", 0)).toBe(true);
    expect(throttle.allow("c1:client", 1_999)).toBe(false);
    expect(throttle.allow("c1:doctor", 1_999)).toBe(true);
    expect(throttle.allow("c1:client", 2_000)).toBe(true);
  });

  it("forgets the oldest keys beyond its size", () => {
    const throttle = createThrottle(2_000, 2);
    throttle.allow("a", 0);
    throttle.allow("b", 0);
    throttle.allow("c", 0);
    expect(throttle.allow("a", 1)).toBe(true);
    expect(throttle.allow("c", 1)).toBe(false);
  });
});
