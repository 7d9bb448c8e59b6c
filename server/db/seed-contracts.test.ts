import { describe, expect, it } from "vitest";
import { runningUntil } from "./seed-contracts.ts";

describe("runningUntil", () => {
  it("keeps a demo contract's own end while it is more than half a year away", () => {
    expect(runningUntil("2027-02-28", new Date("2026-03-10T09:00:00Z"))).toBe("2027-02-28");
  });

  it("moves an end that comes sooner to the end of the month six months after the seeding", () => {
    expect(runningUntil("2026-12-31", new Date("2026-12-03T09:00:00Z"))).toBe("2027-06-30");
    // Moscow's date decides the month: 31 May 22:00 UTC is already 1 June there.
    expect(runningUntil("2026-12-31", new Date("2026-05-31T22:00:00Z"))).toBe("2026-12-31");
    expect(runningUntil("2026-12-31", new Date("2026-07-01T09:00:00Z"))).toBe("2027-01-31");
  });
});
