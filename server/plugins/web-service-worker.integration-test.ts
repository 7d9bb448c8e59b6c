import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { setupTestApp } from "../test/build-test-app.ts";

// A stand-in for dist/web with the cabinet's service worker beside the built files.
const webRoot = mkdtempSync(join(tmpdir(), "rms-web-sw-"));
mkdirSync(join(webRoot, "cabinet"));
mkdirSync(join(webRoot, "assets"));
writeFileSync(join(webRoot, "cabinet/index.html"), "<!doctype html><title>cabinet</title>");
writeFileSync(
  join(webRoot, "service-worker.js"),
  "(function(){self.addEventListener('fetch',()=>{})})();",
);
writeFileSync(join(webRoot, "assets/cabinet-AbC123.js"), "console.log('app')");

const t = setupTestApp({ webRoot });

describe("serving the cabinet's service worker (docs/decisions/0026)", () => {
  it("serves /service-worker.js as a script that the browser checks for a new build every time", async () => {
    const res = await t.app.inject({ method: "GET", url: "/service-worker.js" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^(text|application)\/javascript/);
    expect(res.headers["cache-control"]).toBe("no-cache");
  });

  it("lets the page register a worker of its own origin under the CSP", async () => {
    const res = await t.app.inject({ method: "GET", url: "/cabinet/contracts" });
    expect(String(res.headers["content-security-policy"])).toContain("worker-src 'self'");
  });
});
