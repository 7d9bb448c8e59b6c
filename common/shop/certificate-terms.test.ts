import { describe, expect, it } from "vitest";
import { ageOn, audienceProblem, startDateRange, termEnd } from "./certificate-terms.ts";

describe("an online certificate's dates and persons", () => {
  it("starts from tomorrow to 30 days ahead, across a month's and a year's end", () => {
    expect(startDateRange("2026-12-03")).toEqual({ first: "2026-12-04", last: "2027-01-02" });
    expect(startDateRange("2027-02-28")).toEqual({ first: "2027-03-01", last: "2027-03-30" });
  });

  it("runs its term to the day before the same date months later", () => {
    expect(termEnd("2027-01-10", 12)).toBe("2028-01-09");
    expect(termEnd("2026-12-04", 6)).toBe("2027-06-03");
    // 31 January + 1 month is the last day of February, so the term ends the day before it.
    expect(termEnd("2027-01-31", 1)).toBe("2027-02-27");
  });

  it("counts full years on the start date", () => {
    expect(ageOn("2008-12-05", "2026-12-04")).toBe(17);
    expect(ageOn("2008-12-04", "2026-12-04")).toBe(18);
    expect(ageOn("2000-02-29", "2027-02-28")).toBe(26);
  });

  it("keeps adults' programs for 18 and over, children's for under 18", () => {
    expect(audienceProblem("adult", "2008-12-05", "2026-12-04")).toMatch(/для взрослых/);
    expect(audienceProblem("adult", "2008-12-04", "2026-12-04")).toBeNull();
    expect(audienceProblem("child", "2008-12-04", "2026-12-04")).toMatch(/для детей/);
    expect(audienceProblem("child", "2015-01-01", "2026-12-04")).toBeNull();
    expect(audienceProblem("any", "1950-01-01", "2026-12-04")).toBeNull();
  });
});
