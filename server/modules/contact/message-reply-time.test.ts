import { describe, expect, it } from "vitest";
import { isMessageOverdue } from "./message-reply-time.ts";

const now = new Date("2026-03-05T12:00:00Z");
const sent = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * 3_600_000);

describe("isMessageOverdue", () => {
  it("counts an open message unanswered for more than 24 hours as overdue", () => {
    expect(isMessageOverdue({ status: "new", createdAt: sent(25), replies: 0 }, now)).toBe(true);
    expect(
      isMessageOverdue({ status: "in_progress", createdAt: sent(24.1), replies: 0 }, now),
    ).toBe(true);
  });

  it("does not count a message within the reply time, answered, or closed", () => {
    expect(isMessageOverdue({ status: "new", createdAt: sent(23), replies: 0 }, now)).toBe(false);
    expect(isMessageOverdue({ status: "in_progress", createdAt: sent(30), replies: 1 }, now)).toBe(
      false,
    );
    expect(isMessageOverdue({ status: "closed", createdAt: sent(30), replies: 0 }, now)).toBe(
      false,
    );
  });
});
