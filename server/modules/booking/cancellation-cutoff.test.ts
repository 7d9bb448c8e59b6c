import { describe, expect, it } from "vitest";
import { clientCancellation } from "./cancellation-cutoff.ts";

const startsAt = new Date("2026-12-10T14:00:00+03:00");
const at = (time: string) => new Date(`2026-12-10T${time}+03:00`);

describe("clientCancellation", () => {
  it("lets the client cancel up to and at exactly four hours before the start", () => {
    expect(clientCancellation(startsAt, new Date("2026-12-09T14:00:00+03:00"))).toEqual({
      allowed: true,
    });
    expect(clientCancellation(startsAt, at("10:00:00"))).toEqual({ allowed: true });
  });

  it("sends the client to the clinic's phone a second after the cut-off", () => {
    expect(clientCancellation(startsAt, at("10:00:01"))).toEqual({
      allowed: false,
      reason: "past_cutoff",
    });
  });

  it("refuses a visit that has started", () => {
    expect(clientCancellation(startsAt, at("14:00:00"))).toEqual({
      allowed: false,
      reason: "started",
    });
  });

  it("uses the clinic's own cut-off when it has one", () => {
    expect(clientCancellation(startsAt, at("11:30:00"), 2)).toEqual({ allowed: true });
    expect(clientCancellation(startsAt, at("11:30:00"), 24)).toMatchObject({ allowed: false });
    expect(clientCancellation(startsAt, at("13:59:00"), 0)).toEqual({ allowed: true });
  });
});
