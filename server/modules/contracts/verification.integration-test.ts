import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { setupTestApp } from "../../test/build-test-app.ts";

// A stand-in for dist/web: the public page is the cabinet's app outside the signed-in layout.
const webRoot = mkdtempSync(join(tmpdir(), "rms-web-"));
mkdirSync(join(webRoot, "cabinet"));
writeFileSync(join(webRoot, "cabinet/index.html"), "<!doctype html><title>cabinet</title>");

const t = setupTestApp({ webRoot });

describe("the public verification page", () => {
  it("is served by the cabinet's app with status 200, query string and all", async () => {
    const res = await t.app.inject({ method: "GET", url: "/verify?number=11%2F22445568" });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("<title>cabinet</title>");
  });

  it("is documented in the OpenAPI under the contracts tag with the client's routes", async () => {
    const document = (await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json();
    expect(document.paths["/api/verification"].post.tags).toEqual(["contracts"]);
    expect(document.paths["/api/contracts/{id}/certificate.pdf"].get.tags).toEqual(["contracts"]);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        "/api/contracts",
        "/api/contracts/{id}",
        "/api/contracts/{id}/persons",
        "/api/contracts/{id}/replacement-requests",
        "/api/contracts/{id}/print",
        "/api/programs/{id}/procedure",
      ]),
    );
  });
});
