import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staffMembers } from "../db/schema/index.ts";
import { setupTestApp } from "../test/build-test-app.ts";
import {
  createTestClient,
  createTestStaff,
  signInClient,
  signInStaff,
  type TestClient,
} from "../test/factories.ts";
import { liveData, openSse, type SseMessage, type SseStream } from "../test/sse-client.ts";
import { type EventAudience, type EventPayloads, type EventType, emit } from "./events.ts";

const HEARTBEAT_MS = 300;
const t = setupTestApp({ env: { LIVE_HEARTBEAT_MS: String(HEARTBEAT_MS) } });
let base = "";
const opened: SseStream[] = [];

beforeAll(async () => {
  await t.app.listen({ port: 0, host: "127.0.0.1" });
  const address = t.app.server.address();
  if (typeof address !== "object" || !address) throw new Error("not listening");
  base = `http://127.0.0.1:${address.port}`;
});
afterAll(() => {
  for (const stream of opened) stream.close();
});

/** Commits one event as a change would: in a transaction, delivered on commit. */
async function commit<T extends EventType>(
  type: T,
  payload: EventPayloads[T],
  audience: EventAudience,
): Promise<void> {
  await t.database.db.transaction(async (tx) => {
    await emit(tx, type, payload, audience);
  });
}

async function stream(
  path: "/api/events" | "/api/staff/events",
  cookie: string,
  lastEventId?: string,
): Promise<SseStream> {
  const opened_ = await openSse(`${base}${path}`, { cookie, lastEventId });
  opened.push(opened_);
  expect(opened_.status).toBe(200);
  await opened_.next((m) => m.event === "ready");
  return opened_;
}

async function clientStream(client: TestClient, lastEventId?: string) {
  return stream("/api/events", `rms_session=${await signInClient(t.app, client)}`, lastEventId);
}

const isLive = (message: SseMessage) => message.event === "message";
const aboutMessage = (id: string) => (message: SseMessage) =>
  isLive(message) && liveData(message).payload.messageId === id;
const aboutCallback = (id: string) => (message: SseMessage) =>
  isLive(message) && liveData(message).payload.callbackId === id;

describe("the cabinet's live stream", () => {
  it("refuses a stranger with a Russian 401", async () => {
    const res = await fetch(`${base}/api/events`, { headers: { accept: "text/event-stream" } });
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(await res.json()).toMatchObject({ title: expect.stringMatching(/[А-Яа-я]/) });
  });

  it("is an uncompressed event stream that tells the browser how soon to reconnect", async () => {
    const client = await createTestClient(t.database.db);
    const cookie = `rms_session=${await signInClient(t.app, client)}`;
    // A browser accepts compressed answers; a compressed stream would be held in the compressor.
    const live = await openSse(`${base}/api/events`, {
      cookie,
      headers: { "accept-encoding": "gzip, deflate, br" },
    });
    opened.push(live);
    const ready = await live.next((m) => m.event === "ready");
    expect(live.headers.get("content-type")).toBe("text/event-stream");
    expect(live.headers.get("content-encoding")).toBeNull();
    expect(live.headers.get("cache-control")).toBe("no-cache");
    expect(ready.retry).toBeGreaterThan(0);
  });

  it("gives a client its own account's events and never another account's", async () => {
    const mine = await createTestClient(t.database.db);
    const other = await createTestClient(t.database.db);
    const live = await clientStream(mine);
    await commit(
      "message.replied",
      { messageId: "m-other", replyId: "r-1" },
      { accountId: other.id },
    );
    await commit(
      "callback.requested",
      { callbackId: "c-staff", contractId: "k-1" },
      {
        staffRoles: ["operator", "admin"],
      },
    );
    await commit(
      "message.replied",
      { messageId: "m-mine", replyId: "r-2" },
      { accountId: mine.id },
    );
    const event = await live.next(aboutMessage("m-mine"));
    expect(liveData(event)).toEqual({
      type: "message.replied",
      payload: { messageId: "m-mine", replyId: "r-2" },
    });
    expect(event.id).toMatch(/^\d+$/);
    // Events are announced in commit order: the earlier ones would have come first.
    expect(live.received.filter(isLive).map((m) => liveData(m).payload)).toEqual([
      { messageId: "m-mine", replyId: "r-2" },
    ]);
  });

  it("replays what a resumed stream missed, after its Last-Event-ID, and then goes on live", async () => {
    const client = await createTestClient(t.database.db);
    const other = await createTestClient(t.database.db);
    const first = await clientStream(client);
    await commit(
      "message.replied",
      { messageId: "m-seen", replyId: "r-1" },
      { accountId: client.id },
    );
    const seen = await first.next(aboutMessage("m-seen"));
    first.close();

    await commit(
      "message.closed",
      { messageId: "m-missed", appealId: "a-1" },
      { accountId: client.id },
    );
    await commit(
      "message.closed",
      { messageId: "m-theirs", appealId: "a-2" },
      { accountId: other.id },
    );
    await commit(
      "callback.taken",
      { callbackId: "c-missed", staffId: "s-1" },
      { accountId: client.id },
    );

    const resumed = await clientStream(client, seen.id);
    await resumed.next(aboutCallback("c-missed"));
    await commit(
      "message.replied",
      { messageId: "m-after", replyId: "r-3" },
      { accountId: client.id },
    );
    await resumed.next(aboutMessage("m-after"));
    expect(resumed.received.filter(isLive).map((m) => liveData(m).type)).toEqual([
      "message.closed",
      "callback.taken",
      "message.replied",
    ]);
    expect(resumed.received.some(aboutMessage("m-theirs"))).toBe(false);
    expect(resumed.received.some(aboutMessage("m-seen"))).toBe(false);
  });

  it("sends a comment line as its heartbeat", async () => {
    const client = await createTestClient(t.database.db);
    const live = await clientStream(client);
    const beat = await live.next((m) => m.event === "comment", HEARTBEAT_MS * 10);
    expect(beat.data).toBe("heartbeat");
  });

  it("ends when the client signs out", async () => {
    const client = await createTestClient(t.database.db);
    const token = await signInClient(t.app, client);
    const live = await stream("/api/events", `rms_session=${token}`);
    const out = await t.app.inject({
      method: "POST",
      url: "/api/auth/sign-out",
      cookies: { rms_session: token },
    });
    expect(out.statusCode).toBe(204);
    await live.ended;
    const again = await fetch(`${base}/api/events`, {
      headers: { cookie: `rms_session=${token}` },
    });
    expect(again.status).toBe(401);
  });

  it("ends at the next heartbeat when the session is ended elsewhere (another device, another instance)", async () => {
    const client = await createTestClient(t.database.db);
    const live = await clientStream(client);
    const other = await signInClient(t.app, client);
    const res = await t.app.inject({
      method: "POST",
      url: "/api/auth/sessions/revoke-others",
      cookies: { rms_session: other },
    });
    expect(res.statusCode).toBeLessThan(300);
    await live.ended;
  });
});

describe("the console's live stream", () => {
  it("gives each staff member the events of their role only", async () => {
    const operator = await createTestStaff(t.database.db, "operator");
    const doctor = await createTestStaff(t.database.db, "doctor");
    const asOperator = await stream(
      "/api/staff/events",
      `rms_staff_session=${await signInStaff(t.app, operator)}`,
    );
    const asDoctor = await stream(
      "/api/staff/events",
      `rms_staff_session=${await signInStaff(t.app, doctor)}`,
    );
    await commit(
      "callback.requested",
      { callbackId: "c-ops", contractId: "k-1" },
      {
        staffRoles: ["operator", "admin"],
        accountId: "a-1",
      },
    );
    await commit(
      "message.sent",
      { messageId: "m-doc", contractId: "k-1" },
      {
        staffRoles: ["doctor", "admin"],
      },
    );
    await commit(
      "callback.cancelled",
      { callbackId: "c-client", contractId: "k-1" },
      {
        accountId: "a-1",
      },
    );
    await asOperator.next(aboutCallback("c-ops"));
    await asDoctor.next(aboutMessage("m-doc"));
    await commit(
      "message.sent",
      { messageId: "m-all", contractId: "k-2" },
      {
        staffRoles: ["operator", "doctor", "admin"],
      },
    );
    await asOperator.next(aboutMessage("m-all"));
    await asDoctor.next(aboutMessage("m-all"));
    const types = (s: SseStream) => s.received.filter(isLive).map((m) => liveData(m).payload);
    expect(types(asOperator)).toEqual([
      { callbackId: "c-ops", contractId: "k-1" },
      { messageId: "m-all", contractId: "k-2" },
    ]);
    expect(types(asDoctor)).toEqual([
      { messageId: "m-doc", contractId: "k-1" },
      { messageId: "m-all", contractId: "k-2" },
    ]);
  });

  it("follows a change of role from the next heartbeat on", async () => {
    const staff = await createTestStaff(t.database.db, "doctor");
    const live = await stream(
      "/api/staff/events",
      `rms_staff_session=${await signInStaff(t.app, staff)}`,
    );
    await t.database.db
      .update(staffMembers)
      .set({ role: "operator" })
      .where(eq(staffMembers.id, staff.id));
    const beats = live.received.filter((m) => m.event === "comment").length;
    await live.next(
      () => live.received.filter((m) => m.event === "comment").length > beats,
      HEARTBEAT_MS * 10,
    );
    await commit(
      "callback.requested",
      { callbackId: "c-new-role", contractId: "k-1" },
      {
        staffRoles: ["operator"],
      },
    );
    await live.next(aboutCallback("c-new-role"));
  });

  it("refuses a client's session and ends when the staff member signs out", async () => {
    const client = await createTestClient(t.database.db);
    const clientToken = await signInClient(t.app, client);
    const refused = await fetch(`${base}/api/staff/events`, {
      headers: { cookie: `rms_session=${clientToken}; rms_staff_session=${clientToken}` },
    });
    expect(refused.status).toBe(401);

    const staff = await createTestStaff(t.database.db, "operator");
    const token = await signInStaff(t.app, staff);
    const live = await stream("/api/staff/events", `rms_staff_session=${token}`);
    const out = await t.app.inject({
      method: "POST",
      url: "/api/staff/auth/sign-out",
      cookies: { rms_staff_session: token },
    });
    expect(out.statusCode).toBeLessThan(300);
    await live.ended;
  });
});
