import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { todayInMoscow } from "../../../common/format/date.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import { createTestContract, createTestProgram } from "../../test/contract-factories.ts";
import {
  createTestClient,
  createTestStaff,
  signInClient,
  signInStaff,
  uniquePhone,
} from "../../test/factories.ts";
import { countRoundTrips } from "../../test/round-trips.ts";
import { type Instance, setupInstances } from "../../test/two-instances.ts";
import { nextIsoDate } from "../calendar/calendar-days.ts";

const t = setupTestApp();

/**
 * The database round trips of the signed-in reads people feel most (issue 12), counted per request
 * after a first warm-up request, so that a regression shows here before it shows in the bench.
 */
describe("signed-in reads", () => {
  async function fixture() {
    const db = t.database.db;
    const phone = uniquePhone();
    const lastName = `Счётов${randomInt(1e9)}`;
    const program = await createTestProgram(db);
    const today = todayInMoscow();
    // The client is registered after the contract, so the phone links them (migration 0008).
    const contract = await createTestContract(db, {
      programId: program.id,
      startsOn: nextIsoDate(today, -30),
      endsOn: nextIsoDate(today, 300),
      persons: [
        { slot: 1, lastName, firstName: "Анна", patronymic: null, birthDate: "1990-03-15", phone },
      ],
    });
    const client = await createTestClient(db, { phone, lastName, patronymic: null });
    const cookie = await signInClient(t.app, client);
    const staff = await createTestStaff(db, "operator");
    const staffCookie = await signInStaff(t.app, staff);
    return { cookie, staffCookie, contract, lastName };
  }

  async function roundTripsOf(url: string, cookies: Record<string, string>) {
    const warm = await t.app.inject({ method: "GET", url, cookies });
    expect(warm.statusCode).toBe(200);
    const { result, roundTrips, statements } = await countRoundTrips(t.database, () =>
      t.app.inject({ method: "GET", url, cookies }),
    );
    expect(result.statusCode).toBe(200);
    return { roundTrips, statements };
  }

  it("reads the contract list, a contract, the messages and a staff search in few round trips", async () => {
    const { cookie, staffCookie, contract, lastName } = await fixture();
    const asClient = { rms_session: cookie };
    const counts = {
      contracts: await roundTripsOf("/api/contracts", asClient),
      contract: await roundTripsOf(`/api/contracts/${contract.id}`, asClient),
      messages: await roundTripsOf("/api/messages", asClient),
      staffSearch: await roundTripsOf(`/api/staff/contracts?q=${encodeURIComponent(lastName)}`, {
        rms_staff_session: staffCookie,
      }),
    };
    // Each count may be one more when the session's touch falls due during the test (at most
    // once a minute), as it did once on a loaded machine.
    // One statement resolves the session (its touch is due at most once a minute); the contracts
    // and the calendar's version together (the calendar itself comes from memory).
    expect(counts.contracts.roundTrips).toBeLessThanOrEqual(4);
    // Session; the account, the contract, its persons, appeals and latest requests in one.
    expect(counts.contract.roundTrips).toBeLessThanOrEqual(3);
    // Session; the messages with their threads, and the unread count together.
    expect(counts.messages.roundTrips).toBeLessThanOrEqual(4);
    // Session; the staff member as stored now; the search with its persons; its audit row.
    expect(counts.staffSearch.roundTrips).toBeLessThanOrEqual(5);
    // And each read was counted at all: the session and the read itself, at least.
    for (const count of Object.values(counts)) expect(count.roundTrips).toBeGreaterThanOrEqual(2);
  });
  it("looks the session up with a statement PostgreSQL prepared once, and refuses it once revoked", async () => {
    const { cookie } = await fixture();
    const cookies = { rms_session: cookie };
    expect((await t.app.inject({ method: "GET", url: "/api/contracts", cookies })).statusCode).toBe(
      200,
    );
    const client = (
      t.database.db as unknown as { $client: { query: (...args: never[]) => unknown } }
    ).$client;
    const original = client.query;
    const names: (string | undefined)[] = [];
    client.query = ((...args: never[]) => {
      const first: unknown = args[0];
      if (
        typeof first === "object" &&
        first &&
        String((first as { text?: string }).text).includes('from "sessions"')
      ) {
        names.push((first as { name?: string }).name);
      }
      return original.apply(client, args);
    }) as typeof client.query;
    try {
      expect(
        (await t.app.inject({ method: "GET", url: "/api/contracts", cookies })).statusCode,
      ).toBe(200);
    } finally {
      client.query = original;
    }
    // node-postgres parses and plans a named statement once per connection (PGlite takes none).
    if (t.database.kind === "server") expect(names).toEqual(["session_by_token_hash"]);
    // The prepared lookup still reads the row on every request: a revocation counts at once.
    const signOut = await t.app.inject({
      method: "POST",
      url: "/api/auth/sign-out",
      cookies,
    });
    expect(signOut.statusCode).toBe(204);
    expect((await t.app.inject({ method: "GET", url: "/api/contracts", cookies })).statusCode).toBe(
      401,
    );
  });
});

/**
 * Nothing about a session is kept between requests: a sign-out or a disabled staff member on one
 * instance is refused by the other at its very next request (only with TEST_DATABASE_URL).
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)("signed-in reads across two instances", () => {
  const instances = setupInstances();

  it("refuses on instance B a client's session signed out on instance A, at B's next request", async () => {
    const [one, two] = instances.list as [Instance, Instance];
    const client = await createTestClient(one.database.db);
    const cookies = { rms_session: await signInClient(one.app, client) };
    const read = () => two.app.inject({ method: "GET", url: "/api/contracts", cookies });
    expect((await read()).statusCode).toBe(200);
    expect((await read()).statusCode).toBe(200);
    const signOut = await one.app.inject({ method: "POST", url: "/api/auth/sign-out", cookies });
    expect(signOut.statusCode).toBe(204);
    expect((await read()).statusCode).toBe(401);
  });

  it("refuses on instance B a staff member an admin disabled on instance A, at B's next request", async () => {
    const [one, two] = instances.list as [Instance, Instance];
    const operator = await createTestStaff(one.database.db, "operator");
    const admin = await createTestStaff(one.database.db, "admin");
    const operatorCookies = { rms_staff_session: await signInStaff(two.app, operator) };
    const adminCookies = { rms_staff_session: await signInStaff(one.app, admin) };
    const search = () =>
      two.app.inject({
        method: "GET",
        url: `/api/staff/contracts?q=${encodeURIComponent("Иванов")}`,
        cookies: operatorCookies,
      });
    expect((await search()).statusCode).toBe(200);
    const disable = await one.app.inject({
      method: "POST",
      url: `/api/staff/members/${operator.id}/disable`,
      cookies: adminCookies,
    });
    expect(disable.statusCode).toBe(200);
    expect((await search()).statusCode).toBe(401);
  });
});
