import { describe, expect, it } from "vitest";
import {
  accountOfSessionAnswer,
  isKeepable,
  mustForget,
  type RequestFacts,
  routeOf,
} from "./offline-routes.ts";

const origin = "https://lk.rms.example";
const shell = new Set(["/cabinet", "/assets/cabinet-AbC123.js", "/assets/contracts-XyZ.css"]);
const contract = "0b5e8f1e-6a55-4f0e-9a47-5b8f6f7b2c11";

function route(path: string, { method = "GET", mode = "cors" }: Partial<RequestFacts> = {}) {
  return routeOf({ method, mode, url: new URL(path, origin).href }, origin, shell).kind;
}

describe("which requests the cabinet's service worker answers", () => {
  it("keeps the session, «Мои договоры» and a contract's page, read with GET", () => {
    expect(route("/api/auth/session")).toBe("session");
    expect(route("/api/contracts")).toBe("data");
    expect(route(`/api/contracts/${contract}`)).toBe("data");
  });

  it("never keeps another API answer: chat, medcard, payments, profile, files, events", () => {
    for (const path of [
      "/api/chat/conversations",
      "/api/medcard",
      "/api/orders",
      "/api/payments",
      "/api/profile",
      "/api/auth/sessions",
      "/api/events",
      `/api/contracts/${contract}/print`,
      `/api/contracts/${contract}/certificate.pdf`,
      `/api/contracts/${contract}/messages`,
      "/api/contracts/links",
      `/api/programs/${contract}/procedure`,
      "/api/contracts?page=2",
    ]) {
      expect(route(path), path).toBe("network");
    }
  });

  it("never answers a change, not even of a kept address", () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      expect(route("/api/contracts", { method }), method).toBe("network");
      expect(route(`/api/contracts/${contract}`, { method }), method).toBe("network");
      expect(route("/api/auth/session", { method }), method).toBe("network");
    }
  });

  it("opens the cabinet's pages offline, and nothing of the landing, the shop or /staff", () => {
    expect(route("/cabinet/contracts", { mode: "navigate" })).toBe("page");
    expect(route(`/cabinet/contracts/${contract}`, { mode: "navigate" })).toBe("page");
    for (const path of ["/", "/staff", "/staff/chats", "/shop", "/verify", "/cabinetx"]) {
      expect(route(path, { mode: "navigate" }), path).toBe("network");
    }
  });

  it("opens «Мои договоры» instead of «Главная» when the app starts offline", () => {
    const start = routeOf(
      { method: "GET", mode: "navigate", url: `${origin}/cabinet` },
      origin,
      shell,
    );
    expect(start).toEqual({ kind: "page", opensContracts: true });
    const card = routeOf(
      { method: "GET", mode: "navigate", url: `${origin}/cabinet/contracts` },
      origin,
      shell,
    );
    expect(card).toEqual({ kind: "page", opensContracts: false });
  });

  it("serves the cabinet's built files, and no file the build did not list", () => {
    expect(route("/assets/cabinet-AbC123.js")).toBe("asset");
    expect(route("/assets/contracts-XyZ.css")).toBe("asset");
    expect(route("/assets/staff-QwE456.js")).toBe("network");
    expect(route("/icons/icon-192.png")).toBe("network");
  });

  it("leaves other origins alone", () => {
    const other = routeOf(
      { method: "GET", mode: "cors", url: "https://elsewhere.example/api/contracts" },
      origin,
      shell,
    );
    expect(other.kind).toBe("network");
  });
});

describe("whose contracts the worker keeps", () => {
  it("reads the account from a session answer, and nobody from a null session", () => {
    expect(accountOfSessionAnswer({ session: { client: { id: "a-1" } } })).toEqual({
      kind: "account",
      id: "a-1",
    });
    expect(accountOfSessionAnswer({ session: null })).toEqual({ kind: "signed-out" });
    expect(accountOfSessionAnswer("nonsense")).toEqual({ kind: "none" });
    expect(accountOfSessionAnswer({ session: { client: {} } })).toEqual({ kind: "none" });
  });

  it("forgets the kept data when another account signs in on the device, or nobody is signed in", () => {
    expect(mustForget("a-1", { kind: "account", id: "b-2" })).toBe(true);
    expect(mustForget("a-1", { kind: "signed-out" })).toBe(true);
    expect(mustForget(null, { kind: "signed-out" })).toBe(true);
    expect(mustForget("a-1", { kind: "account", id: "a-1" })).toBe(false);
    expect(mustForget(null, { kind: "account", id: "a-1" })).toBe(false);
    expect(mustForget("a-1", { kind: "none" })).toBe(false);
  });

  it("keeps only whole JSON answers: no error, no redirect, no other type", () => {
    expect(isKeepable(200, "application/json; charset=utf-8")).toBe(true);
    expect(isKeepable(401, "application/problem+json")).toBe(false);
    expect(isKeepable(500, "application/json")).toBe(false);
    expect(isKeepable(200, "text/html")).toBe(false);
    expect(isKeepable(200, null)).toBe(false);
  });
});
