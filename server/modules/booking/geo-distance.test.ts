import { describe, expect, it } from "vitest";
import { distanceKm } from "./geo-distance.ts";

describe("distanceKm", () => {
  it("is zero from a point to itself", () => {
    expect(
      distanceKm({ latitude: 55.75, longitude: 37.62 }, { latitude: 55.75, longitude: 37.62 }),
    ).toBe(0);
  });

  it("puts the Kremlin about 9 km from metro Сокол", () => {
    const kremlin = { latitude: 55.752, longitude: 37.6175 };
    const sokol = { latitude: 55.8053, longitude: 37.5152 };
    expect(distanceKm(kremlin, sokol)).toBeCloseTo(8.9, 0);
  });

  it("is symmetric", () => {
    const a = { latitude: 55.6, longitude: 37.4 };
    const b = { latitude: 55.9, longitude: 37.8 };
    expect(distanceKm(a, b)).toBeCloseTo(distanceKm(b, a), 10);
  });
});
