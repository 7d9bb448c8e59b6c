import { describe, expect, it } from "vitest";
import { isUnderParentAccessAge } from "./child-age.ts";

describe("a parent's access to a child's card", () => {
  it("lasts until the day before the fifteenth birthday", () => {
    expect(isUnderParentAccessAge("2011-12-04", "2026-12-03")).toBe(true);
  });

  it("ends on the fifteenth birthday", () => {
    expect(isUnderParentAccessAge("2011-12-03", "2026-12-03")).toBe(false);
    expect(isUnderParentAccessAge("2000-01-01", "2026-12-03")).toBe(false);
  });

  it("counts a birthday on 29 February as passed on 1 March of a common year", () => {
    expect(isUnderParentAccessAge("2012-02-29", "2027-02-28")).toBe(true);
    expect(isUnderParentAccessAge("2012-02-29", "2027-03-01")).toBe(false);
  });
});
