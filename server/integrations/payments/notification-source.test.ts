import { describe, expect, it } from "vitest";
import { createNotificationSource } from "./notification-source.ts";
import { YOOKASSA_NOTIFY_CIDRS } from "./payments-config.ts";

describe("a provider's notification source", () => {
  const yookassa = createNotificationSource(YOOKASSA_NOTIFY_CIDRS);

  it("allows an IPv4 and an IPv6 address inside ЮKassa's published ranges", () => {
    expect(yookassa.allows("185.71.76.5")).toBe(true);
    expect(yookassa.allows("77.75.156.11")).toBe(true);
    expect(yookassa.allows("2a02:5180:0:1::1")).toBe(true);
  });

  it("allows an IPv4-mapped IPv6 address by its IPv4 range, as a dual-stack socket reports it", () => {
    expect(yookassa.allows("::ffff:185.71.76.5")).toBe(true);
    expect(yookassa.allows("::FFFF:185.71.77.30")).toBe(true);
    expect(yookassa.allows("::ffff:185.71.76.40")).toBe(false);
  });

  it("refuses an address just outside a range, a single address's neighbour and the loopback", () => {
    // 185.71.76.0/27 ends at .31.
    expect(yookassa.allows("185.71.76.40")).toBe(false);
    expect(yookassa.allows("77.75.156.12")).toBe(false);
    expect(yookassa.allows("127.0.0.1")).toBe(false);
    expect(yookassa.allows("::1")).toBe(false);
    expect(yookassa.allows("2a03:5180::1")).toBe(false);
  });

  it("refuses what is not an address instead of throwing", () => {
    for (const garbage of [
      "",
      "not-an-ip",
      "185.71.76",
      "185.71.76.5/27",
      "::ffff:999.1.1.1",
      " 185.71.76.5",
    ]) {
      expect(yookassa.allows(garbage)).toBe(false);
    }
  });

  it("takes the sandbox's loopback ranges", () => {
    const sandbox = createNotificationSource(["127.0.0.1/32", "::1/128"]);
    expect(sandbox.allows("127.0.0.1")).toBe(true);
    expect(sandbox.allows("::ffff:127.0.0.1")).toBe(true);
    expect(sandbox.allows("::1")).toBe(true);
    expect(sandbox.allows("127.0.0.2")).toBe(false);
  });

  it("refuses to start with a range that is not an address and a prefix", () => {
    expect(() => createNotificationSource(["185.71.76.0/27", "localhost/8"])).toThrow(
      /not an address range: localhost\/8/,
    );
  });
});
