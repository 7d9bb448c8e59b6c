import { describe, expect, it } from "vitest";
import { minutesSince, oldestWaitFirst, splitMinutes } from "./chat-format.ts";

describe("the chat queue's waiting times", () => {
  it("counts whole minutes and never goes below zero", () => {
    const now = Date.parse("2026-12-02T10:00:00Z");
    expect(minutesSince("2026-12-02T09:44:30Z", now)).toBe(15);
    expect(minutesSince("2026-12-02T10:00:20Z", now)).toBe(0);
  });

  it("splits a long wait into hours and minutes", () => {
    expect(splitMinutes(75)).toEqual({ hours: 1, minutes: 15 });
    expect(splitMinutes(14)).toEqual({ hours: 0, minutes: 14 });
  });

  it("puts the longest wait first and a chat nobody waits on last", () => {
    const chat = (id: string, waitingSince: string | null) => ({
      id,
      waitingSince,
      createdAt: "2026-12-02T08:00:00Z",
    });
    const sorted = oldestWaitFirst([
      chat("recent", "2026-12-02T09:50:00Z"),
      chat("answered", null),
      chat("oldest", "2026-12-02T09:10:00Z"),
    ]);
    expect(sorted.map((c) => c.id)).toEqual(["oldest", "recent", "answered"]);
  });
});
