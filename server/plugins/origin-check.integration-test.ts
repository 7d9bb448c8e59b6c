import { describe, expect, it } from "vitest";
import { setupTestApp, type TestApp } from "../test/build-test-app.ts";

/** A state-changing request that reaches the origin check before anything else can refuse it. */
function post(t: TestApp, headers: Record<string, string>) {
  return t.app.inject({
    method: "POST",
    url: "/api/auth/sign-out",
    headers,
  });
}

const FOREIGN = "другого сайта";

describe("origin check with PUBLIC_ORIGIN unset", () => {
  const t = setupTestApp();

  it("accepts a request whose Origin is the address it was sent to, whichever address that is", async () => {
    for (const host of ["localhost:3000", "127.0.0.1:3000", "192.0.2.2:3000", "[::1]:3000"]) {
      const res = await post(t, { host, origin: `http://${host}` });
      expect(res.statusCode, host).toBe(204);
    }
  });

  it("refuses a foreign Origin, another port and another scheme of the same host", async () => {
    for (const origin of [
      "https://evil.example",
      "http://192.0.2.2:3001",
      "https://192.0.2.2:3000",
      "null",
    ]) {
      const res = await post(t, { host: "192.0.2.2:3000", origin });
      expect(res.statusCode, origin).toBe(403);
      expect(res.headers["content-type"]).toContain("application/problem+json");
      expect(res.json().detail).toContain(FOREIGN);
    }
  });

  it("refuses a browser request from another site that sends no Origin", async () => {
    const res = await post(t, { host: "127.0.0.1:3000", "sec-fetch-site": "cross-site" });
    expect(res.statusCode).toBe(403);
    const same = await post(t, { host: "127.0.0.1:3000", "sec-fetch-site": "same-origin" });
    expect(same.statusCode).toBe(204);
  });
});

describe("origin check with several PUBLIC_ORIGIN values", () => {
  const t = setupTestApp({
    env: { PUBLIC_ORIGIN: "https://lk.rms-med.ru, http://192.0.2.2:3000" },
  });

  it("accepts each listed origin and nothing else, not even the address the request was sent to", async () => {
    expect(t.config.publicOrigins).toEqual(["https://lk.rms-med.ru", "http://192.0.2.2:3000"]);
    expect(
      (await post(t, { host: "lk.rms-med.ru", origin: "https://lk.rms-med.ru" })).statusCode,
    ).toBe(204);
    expect(
      (await post(t, { host: "lk.rms-med.ru", origin: "http://192.0.2.2:3000" })).statusCode,
    ).toBe(204);
    const unlisted = await post(t, { host: "10.0.0.9:3000", origin: "http://10.0.0.9:3000" });
    expect(unlisted.statusCode).toBe(403);
    expect(unlisted.json().detail).toContain(FOREIGN);
  });
});

describe("origin check behind a reverse proxy", () => {
  const t = setupTestApp({ env: { TRUST_PROXY: "1" } });

  it("compares the Origin with the address the proxy was asked for", async () => {
    const headers = {
      host: "127.0.0.1:3000",
      "x-forwarded-proto": "https",
      "x-forwarded-host": "lk.rms-med.ru",
    };
    expect((await post(t, { ...headers, origin: "https://lk.rms-med.ru" })).statusCode).toBe(204);
    expect((await post(t, { ...headers, origin: "http://127.0.0.1:3000" })).statusCode).toBe(403);
  });
});
