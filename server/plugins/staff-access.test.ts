import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StaffRole } from "../../common/staff/staff-auth.schema.ts";
import type { DatabaseHandle } from "../db/client.ts";
import { UnauthorizedError } from "../errors.ts";
import { errorsPlugin } from "./errors.ts";
import { DECIDERS, staffAccessPlugin } from "./staff-access.ts";

type StoredStaff = { role: StaffRole; fullName: string; disabledAt: Date | null };

// The staff "table" the lookup reads on each request; tests change it between requests.
const stored = new Map<string, StoredStaff>();

async function buildApp(): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.decorate("database", { db: {} } as unknown as DatabaseHandle);
  await app.register(errorsPlugin);
  await app.register(staffAccessPlugin, {
    // Stands in for the session: the staff id comes in a header.
    signedInStaffId: (request) => {
      const id = request.headers["x-staff"];
      if (typeof id !== "string") throw new UnauthorizedError("Войдите в консоль сотрудника.");
      return id;
    },
    findStaff: async (_db, staffId) => stored.get(staffId) ?? null,
  });
  app.get("/any", { preHandler: app.requireStaff() }, async (request) => request.staff);
  app.get(
    "/deciders",
    { preHandler: app.requireStaff(DECIDERS, "Решают операторы и администраторы.") },
    async (request) => ({ role: request.staff.role }),
  );
  app.get("/unguarded", async (request) => request.staff);
  await app.ready();
  return app;
}

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildApp();
});
afterAll(async () => {
  await app.close();
});

describe("app.requireStaff", () => {
  it("puts the signed-in staff member, with their role as stored now, on request.staff", async () => {
    stored.set("s1", { role: "doctor", fullName: "Врачева Анна", disabledAt: null });
    const res = await app.inject({ url: "/any", headers: { "x-staff": "s1" } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      staffId: "s1",
      role: "doctor",
      fullName: "Врачева Анна",
      ip: "127.0.0.1",
    });
  });

  it("refuses with 401 when no staff member is signed in, or the account is gone", async () => {
    expect((await app.inject({ url: "/any" })).statusCode).toBe(401);
    expect((await app.inject({ url: "/any", headers: { "x-staff": "gone" } })).statusCode).toBe(
      401,
    );
  });

  it("refuses a disabled account with 401 on its next request", async () => {
    stored.set("s2", { role: "admin", fullName: "Админова Ольга", disabledAt: null });
    expect((await app.inject({ url: "/any", headers: { "x-staff": "s2" } })).statusCode).toBe(200);
    stored.set("s2", { role: "admin", fullName: "Админова Ольга", disabledAt: new Date() });
    expect((await app.inject({ url: "/any", headers: { "x-staff": "s2" } })).statusCode).toBe(401);
  });

  it("refuses another role with 403 and the route's refusal, and reads a changed role afresh", async () => {
    stored.set("s3", { role: "doctor", fullName: "Врачев Павел", disabledAt: null });
    const refused = await app.inject({ url: "/deciders", headers: { "x-staff": "s3" } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().detail).toBe("Решают операторы и администраторы.");

    stored.set("s3", { role: "operator", fullName: "Врачев Павел", disabledAt: null });
    const letThrough = await app.inject({ url: "/deciders", headers: { "x-staff": "s3" } });
    expect(letThrough.statusCode).toBe(200);
    expect(letThrough.json()).toEqual({ role: "operator" });
  });

  it("fails loudly when a route without the preHandler reads request.staff", async () => {
    const res = await app.inject({ url: "/unguarded", headers: { "x-staff": "s1" } });
    expect(res.statusCode).toBe(500);
  });
});
