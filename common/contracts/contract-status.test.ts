import { describe, expect, it } from "vitest";
import { changesAllowed, contractStatus } from "./contract-status.ts";

const period = { startsOn: "2026-12-10", endsOn: "2027-12-09" };

describe("contractStatus", () => {
  it("is not started the day before the start, active from the start to the end, expired after", () => {
    expect(contractStatus(period, "2026-12-09")).toBe("not-started");
    expect(contractStatus(period, "2026-12-10")).toBe("active");
    expect(contractStatus(period, "2027-12-09")).toBe("active");
    expect(contractStatus(period, "2027-12-10")).toBe("expired");
  });
});

describe("changesAllowed", () => {
  it("allows changes only before the start date", () => {
    expect(changesAllowed(period, "2026-12-09")).toBe(true);
    expect(changesAllowed(period, "2026-12-10")).toBe(false);
    expect(changesAllowed(period, "2026-12-11")).toBe(false);
  });
});
