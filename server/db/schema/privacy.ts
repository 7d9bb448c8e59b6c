import { sql } from "drizzle-orm";
import { date, index, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { clients, staffMembers } from "./identity.ts";

/**
 * «Удалить учётную запись» (decision 0029): the account's row stays as an anonymous tombstone (the
 * company's kept records still point at it), and this row says when it was deleted and when the
 * deferred erasure is due. The erasure job runs every row whose `purgeDueAt` has come.
 */
export const accountDeletions = pgTable(
  "account_deletions",
  {
    clientId: uuid("client_id")
      .primaryKey()
      .references(() => clients.id),
    deletedAt: timestamp("deleted_at", { withTimezone: true }).notNull(),
    /** At most 30 days after `deletedAt` (152-FZ art. 21 part 5). */
    purgeDueAt: timestamp("purge_due_at", { withTimezone: true }).notNull(),
    purgedAt: timestamp("purged_at", { withTimezone: true }),
    /**
     * The phone and e-mail the account had, for the job to find the rows kept by them (SMS codes,
     * the security log, the outbox); set to null when the job has run.
     */
    erasable: jsonb("erasable").$type<{ phone: string; email: string } | null>(),
  },
  (table) => [
    index("account_deletions_due_idx").on(table.purgeDueAt).where(sql`${table.purgedAt} is null`),
  ],
);

/** «Запрос по персональным данным»: уточнение, возражение против обработки, другое. */
export const privacyRequestKind = pgEnum("privacy_request_kind", [
  "correction",
  "objection",
  "other",
]);
export const privacyRequestStatus = pgEnum("privacy_request_status", [
  "new",
  "in_progress",
  "closed",
]);

/**
 * A client's request under 152-FZ that a person answers, in the console's «Запросы по 152-ФЗ».
 * `dueDate` is the legal deadline: 10 working days after the day it came (production calendar).
 */
export const privacyRequests = pgTable(
  "privacy_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id),
    kind: privacyRequestKind("kind").notNull(),
    text: text("text").notNull(),
    status: privacyRequestStatus("status").notNull().default("new"),
    /** The last day of the answer, Moscow calendar date. */
    dueDate: date("due_date").notNull(),
    assignedToId: uuid("assigned_to_id").references(() => staffMembers.id),
    assignedAt: timestamp("assigned_at", { withTimezone: true }),
    answer: text("answer"),
    closedById: uuid("closed_by_id").references(() => staffMembers.id),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("privacy_requests_queue_idx").on(table.status, table.dueDate),
    index("privacy_requests_client_idx").on(table.clientId, table.createdAt),
  ],
);
