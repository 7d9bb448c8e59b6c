import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { setupTestApp } from "../test/build-test-app.ts";

// A stand-in for dist/web with the same shape as Vite's output.
const webRoot = mkdtempSync(join(tmpdir(), "rms-web-"));
mkdirSync(join(webRoot, "cabinet"));
mkdirSync(join(webRoot, "staff"));
mkdirSync(join(webRoot, "assets"));
writeFileSync(
  join(webRoot, "cabinet/index.html"),
  "<!doctype html><html><head><title>cabinet</title></head><body></body></html>",
);
writeFileSync(
  join(webRoot, "cabinet/first-screens.json"),
  JSON.stringify({
    "/cabinet/sign-in": ["/assets/sign-in.page-XyZ789.js", "https://elsewhere.example/x.js"],
  }),
);
writeFileSync(join(webRoot, "staff/index.html"), "<!doctype html><title>staff</title>");
writeFileSync(join(webRoot, "assets/cabinet-AbC123.js"), "console.log('app')");
writeFileSync(join(webRoot, "assets/cabinet-AbC123.js.br"), "brotli bytes");
writeFileSync(join(webRoot, "manifest.webmanifest"), '{"name":"РМС"}');

const t = setupTestApp({ webRoot });
const notBuilt = setupTestApp({ webRoot: join(webRoot, "missing") });

describe("serving the web app", () => {
  it("serves the cabinet at / and never caches the page", async () => {
    const res = await t.app.inject({ method: "GET", url: "/" });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("<title>cabinet</title>");
    expect(res.headers["cache-control"]).toBe("no-cache");
  });

  it("falls back to the cabinet for its client-side routes", async () => {
    for (const url of ["/cabinet", "/cabinet/sign-in", "/cabinet/contracts/42?tab=1"]) {
      const res = await t.app.inject({ method: "GET", url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain("<title>cabinet</title>");
    }
  });

  it("names a first screen's lazy scripts as modulepreload links in its page, and only its own", async () => {
    const signIn = await t.app.inject({ method: "GET", url: "/cabinet/sign-in?next=chat" });
    expect(signIn.statusCode).toBe(200);
    expect(signIn.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(signIn.headers["cache-control"]).toBe("no-cache");
    expect(signIn.body).toContain(
      '<link rel="modulepreload" crossorigin href="/assets/sign-in.page-XyZ789.js">',
    );
    // Only built scripts of this origin are named, whatever the list holds.
    expect(signIn.body).not.toContain("elsewhere.example");
    const other = await t.app.inject({ method: "GET", url: "/cabinet/contracts" });
    expect(other.body).toContain("<title>cabinet</title>");
    expect(other.body).not.toContain("modulepreload");
  });

  it("falls back to the staff console for its routes", async () => {
    for (const url of ["/staff", "/staff/queues/callbacks"]) {
      const res = await t.app.inject({ method: "GET", url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain("<title>staff</title>");
    }
  });

  it("caches hashed assets for a year", async () => {
    const res = await t.app.inject({ method: "GET", url: "/assets/cabinet-AbC123.js" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
  });

  it("sends the asset compressed at build time to a browser that accepts it", async () => {
    const res = await t.app.inject({
      method: "GET",
      url: "/assets/cabinet-AbC123.js",
      headers: { "accept-encoding": "br, gzip" },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-encoding"]).toBe("br");
    expect(res.body).toBe("brotli bytes");
  });

  it("serves the web app manifest from the root", async () => {
    const res = await t.app.inject({ method: "GET", url: "/manifest.webmanifest" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["cache-control"]).toBe("no-cache");
  });

  it("answers an unknown page with the cabinet and status 404", async () => {
    const res = await t.app.inject({ method: "GET", url: "/no-such-page" });
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain("<title>cabinet</title>");
  });

  it("answers a missing asset under /api with a problem, not the page", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/assets/x.js" });
    expect(res.statusCode).toBe(404);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
  });

  it("explains what to do when the web app has not been built", async () => {
    const res = await notBuilt.app.inject({ method: "GET", url: "/cabinet" });
    expect(res.statusCode).toBe(503);
    expect(res.json().detail).toContain("npm run build");
  });
});
