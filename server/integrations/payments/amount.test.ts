import { describe, expect, it } from "vitest";
import { kopecksToRoubles, roublesToKopecks } from "./amount.ts";

describe("amounts between kopecks and the provider's roubles", () => {
  it.each([
    [1, "0.01"],
    [99, "0.99"],
    [100, "1.00"],
    [1001, "10.01"],
    [290000, "2900.00"],
    [100_000_000, "1000000.00"],
  ])("%i kopecks ⇄ %s", (kopecks, roubles) => {
    expect(kopecksToRoubles(kopecks)).toBe(roubles);
    expect(roublesToKopecks(roubles)).toBe(kopecks);
  });

  it("refuses what is not a whole number of kopecks", () => {
    expect(() => kopecksToRoubles(1.5)).toThrow(RangeError);
    expect(() => kopecksToRoubles(-1)).toThrow(RangeError);
    for (const bad of ["2900", "2900.0", "2900.000", "-1.00", "1e3.00", "2 900.00", ""]) {
      expect(() => roublesToKopecks(bad), bad).toThrow(RangeError);
    }
  });
});
