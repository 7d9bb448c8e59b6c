import { describe, expect, it } from "vitest";
import { isOfferHeld, nextWaitingClient, type WaitingClient } from "./waitlist.ts";

describe("isOfferHeld", () => {
  const offeredAt = new Date("2026-12-10T10:00:00Z");

  it("holds an offer for fifteen minutes and lets it lapse at the fifteenth", () => {
    expect(isOfferHeld(offeredAt, new Date("2026-12-10T10:00:00Z"))).toBe(true);
    expect(isOfferHeld(offeredAt, new Date("2026-12-10T10:14:59.999Z"))).toBe(true);
    expect(isOfferHeld(offeredAt, new Date("2026-12-10T10:15:00Z"))).toBe(false);
  });
});

describe("nextWaitingClient", () => {
  const freed = new Date("2026-12-10T10:00:00+03:00");
  const client = (id: string, joined: string, current: string): WaitingClient => ({
    id,
    joinedAt: new Date(joined),
    currentStartsAt: new Date(current),
  });
  const anna = client("anna", "2026-12-01T09:00:00Z", "2026-12-12T10:00:00+03:00");
  const boris = client("boris", "2026-12-01T08:00:00Z", "2026-12-15T10:00:00+03:00");
  const vera = client("vera", "2026-12-01T07:00:00Z", "2026-12-10T10:00:00+03:00");
  const gleb = client("gleb", "2026-11-30T07:00:00Z", "2026-12-09T12:00:00+03:00");

  it("offers the freed time to whoever joined first", () => {
    expect(nextWaitingClient(freed, [anna, boris])?.id).toBe("boris");
  });

  it("skips clients whose own time is not later than the freed one", () => {
    expect(nextWaitingClient(freed, [anna, boris, vera, gleb])?.id).toBe("boris");
  });

  it("skips clients already offered this time and answers null when nobody is left", () => {
    expect(nextWaitingClient(freed, [anna, boris], new Set(["boris"]))?.id).toBe("anna");
    expect(nextWaitingClient(freed, [anna, boris], new Set(["boris", "anna"]))).toBeNull();
    expect(nextWaitingClient(freed, [])).toBeNull();
  });

  it("breaks a tie of joining times by id, so every server picks the same client", () => {
    const twin = client("alla", anna.joinedAt.toISOString(), "2026-12-20T10:00:00+03:00");
    expect(nextWaitingClient(freed, [anna, twin])?.id).toBe("alla");
  });
});
