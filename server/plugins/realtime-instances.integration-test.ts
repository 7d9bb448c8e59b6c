import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestClient, createTestStaff, signInClient, signInStaff } from "../test/factories.ts";
import { liveData, openSse, type SseMessage, type SseStream } from "../test/sse-client.ts";
import { type Instance, setupInstances } from "../test/two-instances.ts";
import { emit } from "./events.ts";

/**
 * Two app instances on one PostgreSQL database, as behind a load balancer (only with
 * TEST_DATABASE_URL: the embedded database is one process's). Each instance LISTENs on its own
 * connection, so an event committed through one reaches the streams opened on the other.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)("live updates across two instances", () => {
  const instances = setupInstances({ env: { LIVE_HEARTBEAT_MS: "500" } });
  const streams: SseStream[] = [];
  let one: Instance;
  let two: Instance;
  beforeAll(() => {
    [one, two] = instances.list as [Instance, Instance];
  });
  afterAll(() => {
    for (const stream of streams) stream.close();
  });

  async function open(url: string, cookie: string): Promise<SseStream> {
    const stream = await openSse(url, { cookie });
    streams.push(stream);
    expect(stream.status).toBe(200);
    await stream.next((m) => m.event === "ready");
    return stream;
  }

  const about = (id: string) => (m: SseMessage) =>
    m.event === "message" && liveData(m).payload.messageId === id;

  it("delivers an event committed through instance A to a browser connected to instance B", async () => {
    const client = await createTestClient(one.database.db);
    const operator = await createTestStaff(one.database.db, "operator");
    const onTwo = await open(
      `${two.base}/api/events`,
      `rms_session=${await signInClient(two.app, client)}`,
    );
    const staffOnOne = await open(
      `${one.base}/api/staff/events`,
      `rms_staff_session=${await signInStaff(one.app, operator)}`,
    );
    const staffOnTwo = await open(
      `${two.base}/api/staff/events`,
      `rms_staff_session=${await signInStaff(two.app, operator)}`,
    );

    await one.database.db.transaction(async (tx) => {
      await emit(
        tx,
        "message.replied",
        { messageId: "m-across", replyId: "r-1" },
        {
          accountId: client.id,
          staffRoles: ["operator", "admin"],
        },
      );
    });

    const received = await onTwo.next(about("m-across"));
    expect(liveData(received)).toEqual({
      type: "message.replied",
      payload: { messageId: "m-across", replyId: "r-1" },
    });
    await staffOnOne.next(about("m-across"));
    await staffOnTwo.next(about("m-across"));
  });

  it("catches up from the table when its LISTEN connection was cut", async () => {
    const client = await createTestClient(one.database.db);
    const onTwo = await open(
      `${two.base}/api/events`,
      `rms_session=${await signInClient(two.app, client)}`,
    );
    // Cut every LISTEN connection of the test database (events and signals, two per instance),
    // then commit at once, while they reconnect.
    const cut = await instances.admin(
      `select pg_terminate_backend(pid) from pg_stat_activity
        where datname = '${instances.name}' and application_name = 'rms-cabinet-listen'`,
    );
    expect(cut).toBe(4);
    await one.database.db.transaction(async (tx) => {
      await emit(
        tx,
        "message.closed",
        { messageId: "m-while-cut", appealId: "a-1" },
        {
          accountId: client.id,
        },
      );
    });
    await onTwo.next(about("m-while-cut"), 10_000);
  });
});
