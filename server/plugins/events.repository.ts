import { and, asc, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { eventDeliveries, events } from "../db/schema/index.ts";
import type { EventAudience, EventType, LiveEvent } from "./events.ts";

export interface EventRow {
  id: bigint;
  type: string;
  payload: Record<string, string | number | null>;
  audience: { accountId?: string; staffRoles?: readonly string[] };
}

/** Writes the event row and queues its NOTIFY, both in `tx`: PostgreSQL sends the NOTIFY on commit. */
export async function insertEvent(
  tx: Db,
  values: Omit<EventRow, "id">,
  notification: (id: string) => string,
  channel: string,
): Promise<string> {
  const [row] = await tx.insert(events).values(values).returning({ id: events.id });
  if (!row) throw new Error("the event row was not written");
  const id = row.id.toString();
  await tx.execute(sql`select pg_notify(${channel}, ${notification(id)})`);
  return id;
}

/** A NOTIFY on its own, outside any transaction: it goes out at once. */
export async function notify(db: Db, channel: string, payload: string): Promise<void> {
  await db.execute(sql`select pg_notify(${channel}, ${payload})`);
}

/** A stored event as handlers and streams see it. */
export function toLiveEvent(row: EventRow): LiveEvent {
  return {
    id: row.id.toString(),
    // Written only by emit(), whose types are EventType's.
    type: row.type as EventType,
    payload: row.payload,
    audience: row.audience as EventAudience,
  };
}

/** Committed events with an id above `afterId`, oldest first. */
export async function selectEventsAfter(
  db: Db,
  afterId: bigint,
  limit: number,
): Promise<LiveEvent[]> {
  const rows = await db
    .select({
      id: events.id,
      type: events.type,
      payload: events.payload,
      audience: events.audience,
    })
    .from(events)
    .where(gt(events.id, afterId))
    .orderBy(asc(events.id))
    .limit(limit);
  return rows.map(toLiveEvent);
}

/**
 * Makes the deliveries of events not relayed yet, one per handler of each event's type, and marks
 * the events relayed, in one transaction. Rows another instance is relaying are skipped, not
 * waited for. Answers how many events it relayed.
 */
export async function relayNewEvents(
  db: Db,
  handlersOf: (type: string) => readonly string[],
  limit: number,
): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({ id: events.id, type: events.type })
      .from(events)
      .where(isNull(events.relayedAt))
      .orderBy(asc(events.id))
      .limit(limit)
      .for("update", { skipLocked: true });
    if (rows.length === 0) return 0;
    const deliveries = rows.flatMap((row) =>
      handlersOf(row.type).map((handler) => ({ eventId: row.id, handler })),
    );
    if (deliveries.length > 0) {
      await tx.insert(eventDeliveries).values(deliveries).onConflictDoNothing();
    }
    await tx
      .update(events)
      .set({ relayedAt: sql`now()` })
      .where(
        inArray(
          events.id,
          rows.map((row) => row.id),
        ),
      );
    return rows.length;
  });
}

export interface ClaimedDelivery {
  event: LiveEvent;
  handler: string;
  /** This try's number, from 1. */
  attempt: number;
}

/**
 * Leases due deliveries of the given handlers to this instance for `leaseSeconds` and counts the
 * try. A delivery leased elsewhere is not due until its lease runs out (its process died).
 */
export async function claimDeliveries(
  db: Db,
  handlers: readonly string[],
  leaseSeconds: number,
  limit: number,
): Promise<ClaimedDelivery[]> {
  if (handlers.length === 0) return [];
  const result = await db.execute(sql`
    with due as (
      select event_id, handler from ${eventDeliveries}
      where delivered_at is null and failed_at is null and due_at <= now()
        and (leased_until is null or leased_until <= now())
        and handler in (${sql.join(
          handlers.map((handler) => sql`${handler}`),
          sql`, `,
        )})
      order by due_at, event_id
      limit ${limit}
      for update skip locked
    )
    update ${eventDeliveries} d
    set leased_until = now() + make_interval(secs => ${leaseSeconds}::float8), attempts = d.attempts + 1
    from due, ${events} e
    where d.event_id = due.event_id and d.handler = due.handler and e.id = d.event_id
    returning d.event_id::text as "eventId", d.handler, d.attempts, e.type, e.payload, e.audience`);
  const rows = (result as unknown as { rows: ClaimedRow[] }).rows;
  return rows.map((row) => ({
    event: toLiveEvent({
      id: BigInt(row.eventId),
      type: row.type,
      payload: row.payload,
      audience: row.audience,
    }),
    handler: row.handler,
    attempt: row.attempts,
  }));
}

interface ClaimedRow {
  eventId: string;
  handler: string;
  attempts: number;
  type: string;
  payload: EventRow["payload"];
  audience: EventRow["audience"];
}

function deliveryRow(eventId: string, handler: string) {
  return and(eq(eventDeliveries.eventId, BigInt(eventId)), eq(eventDeliveries.handler, handler));
}

export async function markDelivered(db: Db, eventId: string, handler: string): Promise<void> {
  await db
    .update(eventDeliveries)
    .set({ deliveredAt: sql`now()`, leasedUntil: null, lastError: null })
    .where(deliveryRow(eventId, handler));
}

/** A failed try: due again after `retryInSeconds`, or given up when that is null. */
export async function markFailedTry(
  db: Db,
  eventId: string,
  handler: string,
  error: string,
  retryInSeconds: number | null,
): Promise<void> {
  await db
    .update(eventDeliveries)
    .set(
      retryInSeconds === null
        ? { failedAt: sql`now()`, leasedUntil: null, lastError: error }
        : {
            dueAt: sql`now() + make_interval(secs => ${retryInSeconds}::float8)`,
            leasedUntil: null,
            lastError: error,
          },
    )
    .where(deliveryRow(eventId, handler));
}

/** Whether an event waits to be relayed or a delivery is due or running. */
export async function hasDueWork(db: Db): Promise<boolean> {
  const result = await db.execute(sql`select (
      exists (select 1 from ${events} where relayed_at is null)
      or exists (
        select 1 from ${eventDeliveries}
        where delivered_at is null and failed_at is null and due_at <= now()
      )
    ) as "busy"`);
  const [row] = (result as unknown as { rows: { busy: boolean }[] }).rows;
  return row?.busy === true;
}

/**
 * Deletes the events created before `before` that are relayed and whose every delivery is done or
 * given up (their delivery rows go with them); an event with a delivery still pending stays.
 * Returns how many were deleted.
 */
export async function deleteSettledEventsBefore(db: Db, before: Date): Promise<number> {
  const deleted = await db
    .delete(events)
    .where(
      and(
        sql`${events.createdAt} < ${before.toISOString()}::timestamptz`,
        sql`${events.relayedAt} is not null`,
        sql`not exists (
          select 1 from ${eventDeliveries}
          where ${eventDeliveries.eventId} = ${events.id}
            and ${eventDeliveries.deliveredAt} is null and ${eventDeliveries.failedAt} is null
        )`,
      ),
    )
    .returning({ id: events.id });
  return deleted.length;
}
