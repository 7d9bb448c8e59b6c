import { sql } from "drizzle-orm";
import {
  bigint,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from "drizzle-orm/pg-core";

/** Whom an event may reach: the client account it concerns, and the staff roles whose queues show it. */
export interface StoredAudience {
  accountId?: string;
  staffRoles?: readonly string[];
}

/**
 * The transactional outbox (decision 0014): a change writes its events in its own transaction, so
 * an event exists exactly when its change committed. `relayed_at` is set once the relay has made
 * the event's deliveries; the rows stay for the live streams' resume (Last-Event-ID).
 */
export const events = pgTable(
  "events",
  {
    id: bigint("id", { mode: "bigint" }).primaryKey().generatedAlwaysAsIdentity(),
    type: text("type").notNull(),
    /** Ids and small codes only, never personal data: the row travels in NOTIFY too. */
    payload: jsonb("payload").$type<Record<string, string | number | null>>().notNull(),
    audience: jsonb("audience").$type<StoredAudience>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    relayedAt: timestamp("relayed_at", { withTimezone: true }),
  },
  (table) => [
    index("events_unrelayed_idx").on(table.id).where(sql`${table.relayedAt} is null`),
    index("events_created_at_idx").on(table.createdAt),
  ],
);

/** One event's hand-over to one handler: at most one row per pair, so a handler gets it once. */
export const eventDeliveries = pgTable(
  "event_deliveries",
  {
    eventId: bigint("event_id", { mode: "bigint" })
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    handler: text("handler").notNull(),
    attempts: integer("attempts").notNull().default(0),
    /** When the next try may start: now for a new delivery, later after a failed try. */
    dueAt: timestamp("due_at", { withTimezone: true }).notNull().defaultNow(),
    /** Set while an instance runs the handler; a lease that ran out (a dead process) is taken again. */
    leasedUntil: timestamp("leased_until", { withTimezone: true }),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    /** Set when the tries ran out: the delivery is given up, and logged. */
    failedAt: timestamp("failed_at", { withTimezone: true }),
    lastError: text("last_error"),
  },
  (table) => [
    primaryKey({ columns: [table.eventId, table.handler] }),
    index("event_deliveries_due_idx")
      .on(table.dueAt)
      .where(sql`${table.deliveredAt} is null and ${table.failedAt} is null`),
  ],
);
