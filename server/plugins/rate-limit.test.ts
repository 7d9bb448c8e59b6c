import { describe, expect, it } from "vitest";
import { tooManyRequests } from "./rate-limit.ts";

describe("tooManyRequests", () => {
  it("answers 429 with Retry-After in whole seconds, rounded up", () => {
    const error = tooManyRequests("Попробуйте позже.", 61_001);
    expect(error.status).toBe(429);
    expect(error.title).toBe("Слишком много попыток");
    expect(error.detail).toBe("Попробуйте позже.");
    expect(error.headers).toEqual({ "retry-after": "62" });
  });

  it("never asks to wait less than a second, and takes its own title", () => {
    const error = tooManyRequests("Попробуйте позже.", 0, "Слишком много проверок");
    expect(error.title).toBe("Слишком много проверок");
    expect(error.headers).toEqual({ "retry-after": "1" });
  });
});
