import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { setupTestApp } from "./test/build-test-app.ts";

const t = setupTestApp();

describe("the API conventions", () => {
  it("answers the health check when the database is up", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/health" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: "ok" });
  });

  it("answers an unknown API route with a Russian problem+json 404", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/no-such-thing?x=1" });
    expect(res.statusCode).toBe(404);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body).toMatchObject({ type: "/problems/not-found", status: 404, title: "Не найдено" });
    expect(body.detail).toContain("/api/no-such-thing");
    expect(body.requestId).toBe(res.headers["x-request-id"]);
  });

  it("answers a POST to an unknown API route with a problem too", async () => {
    const res = await t.app.inject({ method: "POST", url: "/api/nothing", payload: {} });
    expect(res.statusCode).toBe(404);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
  });

  it("keeps a caller's request id and invents one otherwise", async () => {
    const kept = await t.app.inject({
      method: "GET",
      url: "/api/health",
      headers: { "x-request-id": "trace-12345678" },
    });
    expect(kept.headers["x-request-id"]).toBe("trace-12345678");
    const made = await t.app.inject({ method: "GET", url: "/api/health" });
    expect(made.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("sends the security headers with a strict script policy", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/health" });
    const csp = String(res.headers["content-security-policy"]);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    // Outside production the site is plain HTTP on a LAN address, where Chromium ignores COOP
    // and says so in the console: it is sent only in production (HTTPS).
    expect(res.headers["cross-origin-opener-policy"]).toBeUndefined();
  });

  it("publishes a valid OpenAPI 3.1 document that lists the health check", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/openapi.json" });
    expect(res.statusCode).toBe(200);
    const document = res.json();
    expect(document.openapi).toBe("3.1.0");
    expect(document.paths["/api/health"].get.responses["200"]).toBeDefined();
    expect(Object.keys(document.paths).some((path) => path.startsWith("/cabinet"))).toBe(false);
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("renders the API documentation at /api/docs", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/docs/" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/text\/html/);
    expect(res.body).toContain("swagger");
  });

  it("compresses large answers for clients that accept it", async () => {
    const res = await t.app.inject({
      method: "GET",
      url: "/api/openapi.json",
      headers: { "accept-encoding": "gzip" },
    });
    expect(res.headers["content-encoding"]).toBe("gzip");
  });
});

describe("the health check when the database is gone", () => {
  it("answers 503 with a problem body", async () => {
    await t.database.close();
    const res = await t.app.inject({ method: "GET", url: "/api/health" });
    expect(res.statusCode).toBe(503);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 503, title: "Сервис временно недоступен" });
  });
});
