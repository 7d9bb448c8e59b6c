import { sql } from "drizzle-orm";
import { index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { contracts, coveredPersons } from "./contracts.ts";
import { staffMembers } from "./identity.ts";

/** The kinds of medical service an appeal records; an admin keeps the list. */
export const serviceTypes = pgTable(
  "service_types",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    /** An archived type stays on old appeals but is offered no more. */
    archivedAt: timestamp("archived_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex("service_types_name_key").on(sql`lower(${table.name})`)],
);

export const appealChannel = pgEnum("appeal_channel", [
  "phone",
  "chat",
  "message",
  "callback",
  "clinic",
]);

/** One entry of a contract's «Обращения»: a service a covered person received. */
export const appeals = pgTable(
  "appeals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    contractId: uuid("contract_id")
      .notNull()
      .references(() => contracts.id, { onDelete: "cascade" }),
    personId: uuid("person_id")
      .notNull()
      .references(() => coveredPersons.id),
    serviceTypeId: uuid("service_type_id")
      .notNull()
      .references(() => serviceTypes.id),
    /** The RMS doctor who handled it. */
    doctorId: uuid("doctor_id")
      .notNull()
      .references(() => staffMembers.id),
    channel: appealChannel("channel").notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    outcome: text("outcome").notNull(),
    createdById: uuid("created_by_id")
      .notNull()
      .references(() => staffMembers.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("appeals_contract_idx").on(table.contractId, table.occurredAt)],
);
