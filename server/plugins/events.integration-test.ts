import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DatabaseHandle } from "../db/client.ts";
import { createTestDatabase } from "../test/build-test-app.ts";
import { emit, LIVE_CHANNEL, type LiveEvent, listEventsAfter } from "./events.ts";

let database: DatabaseHandle;
let dispose: () => Promise<void>;
let stopListening: () => Promise<void>;
const notified: LiveEvent[] = [];

/** LISTEN as the realtime plugin does: PGlite's own listen, or one dedicated pg connection. */
async function listen(onEvent: (event: LiveEvent) => void): Promise<() => Promise<void>> {
  const client: unknown = Reflect.get(database.db, "$client");
  const parse = (text: string | undefined) => text && onEvent(JSON.parse(text));
  if (client instanceof PGlite) return client.listen(LIVE_CHANNEL, parse);
  if (!(client instanceof pg.Pool)) throw new Error("unknown client");
  const connection = new pg.Client(client.options);
  await connection.connect();
  connection.on("notification", (message) => parse(message.payload));
  await connection.query(`listen ${LIVE_CHANNEL}`);
  return () => connection.end();
}

beforeAll(async () => {
  ({ database, dispose } = await createTestDatabase());
  await database.migrate();
  stopListening = await listen((event) => notified.push(event));
});
afterAll(async () => {
  await stopListening();
  await dispose();
});

describe("emit", () => {
  it("stores the event and announces it once the change commits", async () => {
    const before = await listEventsAfter(database.db, "0", 1000);
    await database.db.transaction(async (tx) => {
      await emit(tx, "message.replied", { messageId: "m-1", replyId: "r-1" }, { accountId: "a-1" });
    });
    const stored = await listEventsAfter(database.db, before.at(-1)?.id ?? "0", 10);
    expect(stored).toEqual([
      {
        id: expect.stringMatching(/^\d+$/),
        type: "message.replied",
        payload: { messageId: "m-1", replyId: "r-1" },
        audience: { accountId: "a-1" },
      },
    ]);
    await vi.waitFor(() => expect(notified).toContainEqual(stored[0]));
  });

  it("leaves neither a row nor a notification when the change rolls back", async () => {
    const before = await listEventsAfter(database.db, "0", 1000);
    await expect(
      database.db.transaction(async (tx) => {
        await emit(tx, "callback.requested", { callbackId: "c-9", contractId: "k-9" }, {});
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    // A committed event after it: once its notification is in, an earlier one would be too.
    await database.db.transaction(async (tx) => {
      await emit(tx, "callback.cancelled", { callbackId: "c-10", contractId: "k-10" }, {});
    });
    await vi.waitFor(() =>
      expect(notified.map((event) => event.payload.callbackId)).toContain("c-10"),
    );
    expect(notified.map((event) => event.payload.callbackId)).not.toContain("c-9");
    const after = await listEventsAfter(database.db, before.at(-1)?.id ?? "0", 10);
    expect(after.map((event) => event.type)).toEqual(["callback.cancelled"]);
  });

  it("gives later events larger ids, and reads them back in that order", async () => {
    const start = (await listEventsAfter(database.db, "0", 1000)).at(-1)?.id ?? "0";
    for (const n of [1, 2, 3]) {
      await database.db.transaction((tx) =>
        emit(
          tx,
          "appeal.created",
          { appealId: `p-${n}`, contractId: "k" },
          { staffRoles: ["admin"] },
        ),
      );
    }
    const read = await listEventsAfter(database.db, start, 2);
    expect(read.map((event) => event.payload.appealId)).toEqual(["p-1", "p-2"]);
    const rest = await listEventsAfter(database.db, read[1]?.id ?? "", 10);
    expect(rest.map((event) => event.payload.appealId)).toEqual(["p-3"]);
    expect(BigInt(rest[0]?.id ?? 0) > BigInt(read[1]?.id ?? 0)).toBe(true);
  });

  it("reads from the start when the last id is not an event id", async () => {
    const all = await listEventsAfter(database.db, "0", 1000);
    expect(await listEventsAfter(database.db, "x'; drop table events", 1000)).toEqual(all);
  });
});
