import { describe, expect, it } from "vitest";
import {
  type CoverageInput,
  decideCoverage,
  discountedPriceKopecks,
  limitPeriodContaining,
} from "./coverage.ts";

const contract = { startDate: "2026-01-01", endDate: "2026-12-31" };

function input(overrides: Partial<CoverageInput> = {}): CoverageInput {
  return {
    visitStartsAt: new Date("2026-06-15T10:00:00+03:00"),
    contract,
    network: { guaranteeLetterRequired: false, limit: null },
    clinicPriceKopecks: 250_000,
    discountBasisPoints: 1_500,
    ...overrides,
  };
}

describe("decideCoverage", () => {
  it("covers a service in the person's network with no limit", () => {
    expect(decideCoverage(input())).toEqual({ kind: "covered" });
  });

  it("asks for a guarantee letter when the network entry needs one", () => {
    const network = { guaranteeLetterRequired: true, limit: null };
    expect(decideCoverage(input({ network }))).toEqual({ kind: "guarantee_letter" });
  });

  it("makes a service outside the network paid, with the clinic's and the company's prices", () => {
    expect(decideCoverage(input({ network: null }))).toEqual({
      kind: "paid",
      reason: "not_in_network",
      clinicPriceKopecks: 250_000,
      companyPriceKopecks: 212_500,
    });
  });

  it("covers the last visit of a limit and makes the one after it paid", () => {
    const limit = { visits: 5, period: "year" as const, usedInPeriod: 4 };
    expect(decideCoverage(input({ network: { guaranteeLetterRequired: false, limit } }))).toEqual({
      kind: "covered",
    });
    const usedUp = { ...limit, usedInPeriod: 5 };
    expect(
      decideCoverage(input({ network: { guaranteeLetterRequired: true, limit: usedUp } })),
    ).toMatchObject({ kind: "paid", reason: "limit_used_up" });
  });

  it("makes a visit paid when the contract is not active on its Moscow date", () => {
    // 23:30 on 31 December in Moscow is 20:30 UTC: still inside the contract.
    const lastEvening = new Date("2026-12-31T20:30:00Z");
    expect(decideCoverage(input({ visitStartsAt: lastEvening }))).toEqual({ kind: "covered" });
    // 00:30 on 1 January 2027 in Moscow is still 31 December in UTC.
    const afterEnd = new Date("2026-12-31T21:30:00Z");
    expect(decideCoverage(input({ visitStartsAt: afterEnd }))).toMatchObject({
      kind: "paid",
      reason: "contract_not_active",
    });
    const beforeStart = new Date("2025-12-31T12:00:00+03:00");
    expect(decideCoverage(input({ visitStartsAt: beforeStart }))).toMatchObject({
      reason: "contract_not_active",
    });
  });

  it("checks the contract before the network", () => {
    const outside = input({ network: null, visitStartsAt: new Date("2027-02-01T10:00:00+03:00") });
    expect(decideCoverage(outside)).toMatchObject({ reason: "contract_not_active" });
  });
});

describe("discountedPriceKopecks", () => {
  it("rounds the discounted price down to a whole kopeck", () => {
    expect(discountedPriceKopecks(1_001, 1_500)).toBe(850); // 850.85
    expect(discountedPriceKopecks(999, 3_333)).toBe(666); // 666.0333
    expect(discountedPriceKopecks(1, 5_000)).toBe(0); // 0.5
  });

  it("keeps the clinic's price with no discount and makes it free at 100 %", () => {
    expect(discountedPriceKopecks(123_456, 0)).toBe(123_456);
    expect(discountedPriceKopecks(123_456, 10_000)).toBe(0);
  });

  it("refuses fractional kopecks and discounts outside 0–100 %", () => {
    expect(() => discountedPriceKopecks(100.5, 0)).toThrow(RangeError);
    expect(() => discountedPriceKopecks(-1, 0)).toThrow(RangeError);
    expect(() => discountedPriceKopecks(100, 10_001)).toThrow(RangeError);
    expect(() => discountedPriceKopecks(100, 12.5)).toThrow(RangeError);
  });
});

describe("limitPeriodContaining", () => {
  const lateMarchInMoscow = new Date("2026-03-31T21:30:00Z"); // 00:30 on 1 April in Moscow

  it("counts a month, a quarter and a year of the Moscow calendar", () => {
    expect(limitPeriodContaining(lateMarchInMoscow, "month", contract)).toEqual({
      from: "2026-04-01",
      to: "2026-05-01",
    });
    expect(limitPeriodContaining(lateMarchInMoscow, "quarter", contract)).toEqual({
      from: "2026-04-01",
      to: "2026-07-01",
    });
    expect(limitPeriodContaining(lateMarchInMoscow, "year", contract)).toEqual({
      from: "2026-01-01",
      to: "2027-01-01",
    });
  });

  it("rolls December's month and the fourth quarter into the next year", () => {
    const december = new Date("2026-12-10T10:00:00+03:00");
    expect(limitPeriodContaining(december, "month", contract)).toEqual({
      from: "2026-12-01",
      to: "2027-01-01",
    });
    expect(limitPeriodContaining(december, "quarter", contract)).toEqual({
      from: "2026-10-01",
      to: "2027-01-01",
    });
  });

  it("counts a contract limit over the whole term, its last day included", () => {
    const term = { startDate: "2026-03-15", endDate: "2027-03-14" };
    expect(limitPeriodContaining(lateMarchInMoscow, "contract", term)).toEqual({
      from: "2026-03-15",
      to: "2027-03-15",
    });
  });
});
