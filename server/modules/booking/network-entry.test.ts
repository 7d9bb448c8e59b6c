import { describe, expect, it } from "vitest";
import { type NetworkRow, networkRowFor, toNetworkEntry } from "./network-entry.ts";

const row = (overrides: Partial<NetworkRow>): NetworkRow => ({
  specialtyId: null,
  serviceId: null,
  guaranteeLetterRequired: false,
  limitVisits: null,
  limitPeriod: "year",
  ...overrides,
});

const wholeClinic = row({});
const dentistry = row({ specialtyId: "dentistry", limitVisits: 5 });
const implant = row({
  specialtyId: "dentistry",
  serviceId: "implant",
  guaranteeLetterRequired: true,
});

describe("networkRowFor", () => {
  it("picks the service's own row over its specialty's and the clinic's", () => {
    expect(networkRowFor([wholeClinic, dentistry, implant], "dentistry", "implant")).toBe(implant);
  });

  it("falls back to the specialty's row, then to the whole clinic's", () => {
    expect(networkRowFor([wholeClinic, dentistry, implant], "dentistry", "filling")).toBe(
      dentistry,
    );
    expect(networkRowFor([wholeClinic, dentistry], "cardiology", "ecg")).toBe(wholeClinic);
  });

  it("finds nothing when no row covers the specialty or the service", () => {
    expect(networkRowFor([dentistry, implant], "cardiology", "ecg")).toBeNull();
    expect(networkRowFor([implant], "dentistry", "filling")).toBeNull();
    expect(networkRowFor([], "dentistry", "filling")).toBeNull();
  });
});

describe("toNetworkEntry", () => {
  it("carries the row's limit with the visits used, and no limit when the row has none", () => {
    expect(toNetworkEntry(dentistry, 3)).toEqual({
      guaranteeLetterRequired: false,
      limit: { visits: 5, period: "year", usedInPeriod: 3 },
    });
    expect(toNetworkEntry(implant, 3)).toEqual({ guaranteeLetterRequired: true, limit: null });
    expect(toNetworkEntry(null, 0)).toBeNull();
  });
});
