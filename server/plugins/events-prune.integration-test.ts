import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../db/client.ts";
import { eventDeliveries, events } from "../db/schema/index.ts";
import { createTestDatabase } from "../test/build-test-app.ts";
import { markDelivered, markFailedTry, relayNewEvents } from "./events.repository.ts";
import { EVENT_RETENTION_DAYS, emit, listEventsAfter, pruneSettledEvents } from "./events.ts";

let database: DatabaseHandle;
let dispose: () => Promise<void>;

beforeAll(async () => {
  ({ database, dispose } = await createTestDatabase());
  await database.migrate();
});
afterAll(() => dispose());

/** Emits one event per label, relays them to the handler "h" and ages them by `days`. */
async function agedEvents(labels: string[], days: number): Promise<Map<string, string>> {
  const before = (await listEventsAfter(database.db, "0", 10_000)).at(-1)?.id ?? "0";
  for (const label of labels) {
    await database.db.transaction((tx) =>
      emit(tx, "callback.requested", { callbackId: label, contractId: "k" }, {}),
    );
  }
  await relayNewEvents(database.db, () => ["h"], 1000);
  const stored = await listEventsAfter(database.db, before, 1000);
  const ids = stored.map((event) => BigInt(event.id));
  await database.db
    .update(events)
    .set({ createdAt: sql`now() - make_interval(days => ${days})` })
    .where(inArray(events.id, ids));
  return new Map(stored.map((event) => [String(event.payload.callbackId), event.id]));
}

async function remaining(ids: string[]): Promise<string[]> {
  const rows = await database.db
    .select({ id: events.id })
    .from(events)
    .where(inArray(events.id, ids.map(BigInt)));
  return rows.map((row) => row.id.toString()).sort();
}

describe("pruning the outbox", () => {
  it("deletes settled events past the retention with their deliveries, and keeps pending and recent ones", async () => {
    const old = await agedEvents(["delivered", "given-up", "pending"], EVENT_RETENTION_DAYS + 1);
    const recent = await agedEvents(["recent"], EVENT_RETENTION_DAYS - 1);
    const id = (label: string) => old.get(label) ?? recent.get(label) ?? "";
    await markDelivered(database.db, id("delivered"), "h");
    await markFailedTry(database.db, id("given-up"), "h", "the provider refused", null);
    await markDelivered(database.db, id("recent"), "h");

    const removed = await pruneSettledEvents(database.db);

    expect(removed).toBe(2);
    expect(await remaining([...old.values(), ...recent.values()])).toEqual(
      [id("pending"), id("recent")].sort(),
    );
    const deliveries = await database.db
      .select({ eventId: eventDeliveries.eventId })
      .from(eventDeliveries)
      .where(eq(eventDeliveries.eventId, BigInt(id("delivered"))));
    expect(deliveries).toEqual([]);
  });

  it("keeps an old event the relay has not handed out yet", async () => {
    const before = (await listEventsAfter(database.db, "0", 10_000)).at(-1)?.id ?? "0";
    await database.db.transaction((tx) =>
      emit(tx, "callback.requested", { callbackId: "unrelayed", contractId: "k" }, {}),
    );
    const [event] = await listEventsAfter(database.db, before, 10);
    if (!event) throw new Error("no event");
    await database.db
      .update(events)
      .set({ createdAt: sql`now() - make_interval(days => ${EVENT_RETENTION_DAYS + 5})` })
      .where(eq(events.id, BigInt(event.id)));

    await pruneSettledEvents(database.db);

    expect(await remaining([event.id])).toEqual([event.id]);
  });
});
