import { describe, expect, it } from "vitest";
import { isLockNotAvailable, isPoolExhausted } from "./database-busy.ts";

describe("a busy database", () => {
  it("tells a NOWAIT lock refusal (55P03), however deep drizzle wraps it", () => {
    const pgError = Object.assign(new Error("could not obtain lock on row"), { code: "55P03" });
    expect(isLockNotAvailable(pgError)).toBe(true);
    expect(isLockNotAvailable(new Error("Failed query", { cause: pgError }))).toBe(true);
    expect(isLockNotAvailable(Object.assign(new Error("duplicate"), { code: "23505" }))).toBe(
      false,
    );
    expect(isLockNotAvailable("55P03")).toBe(false);
  });

  it("tells node-postgres's pool timing out, and nothing else", () => {
    const timeout = new Error("timeout exceeded when trying to connect");
    expect(isPoolExhausted(timeout)).toBe(true);
    expect(isPoolExhausted(new Error("Failed query: select 1", { cause: timeout }))).toBe(true);
    expect(isPoolExhausted(new Error("Connection terminated due to connection timeout"))).toBe(
      false,
    );
    expect(isPoolExhausted(null)).toBe(false);
  });
});
