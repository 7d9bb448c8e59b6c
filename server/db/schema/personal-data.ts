import { sql } from "drizzle-orm";
import {
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { clients, staffMembers } from "./identity.ts";

/**
 * A one-time code sent to a new e-mail address in «Личные данные», stored as a salted hash like
 * the SMS codes. Rows also count sends per address and per IP for the limits.
 */
export const emailCodes = pgTable(
  "email_codes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id, { onDelete: "cascade" }),
    /** The new address, lower-cased. */
    email: text("email").notNull(),
    /** `salt$sha256(salt + code)`. */
    codeHash: text("code_hash").notNull(),
    ip: text("ip"),
    attempts: integer("attempts").notNull().default(0),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    /** Set when the code was confirmed, burnt by wrong tries or replaced by a newer one. */
    closedAt: timestamp("closed_at", { withTimezone: true }),
    closedReason: text("closed_reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("email_codes_client_idx").on(table.clientId, table.createdAt),
    index("email_codes_email_idx").on(table.email, table.createdAt),
    index("email_codes_ip_idx").on(table.ip, table.createdAt),
  ],
);

/** «name»: surname, name, patronymic, birth date; «phone»: a new phone when the old is lost. */
export const personalDataRequestKind = pgEnum("personal_data_request_kind", ["name", "phone"]);
export const personalDataRequestStatus = pgEnum("personal_data_request_status", [
  "pending",
  "approved",
  "rejected",
]);

/**
 * A client's request to change what identifies them (decided by an operator in the console after
 * checking the person by phone). The requested values are kept as asked, beside who decided and
 * when, so the decision can be traced.
 */
export const personalDataRequests = pgTable(
  "personal_data_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id, { onDelete: "cascade" }),
    kind: personalDataRequestKind("kind").notNull(),
    status: personalDataRequestStatus("status").notNull().default("pending"),
    lastName: text("last_name"),
    firstName: text("first_name"),
    patronymic: text("patronymic"),
    birthDate: date("birth_date"),
    /** E.164; for a «phone» request, the new number (confirmed by its SMS code). */
    phone: text("phone"),
    reason: text("reason").notNull(),
    comment: text("comment"),
    decidedBy: uuid("decided_by").references(() => staffMembers.id, { onDelete: "set null" }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    // One open request of each kind per account.
    uniqueIndex("personal_data_requests_open_key")
      .on(table.clientId, table.kind)
      .where(sql`${table.status} = 'pending'`),
    index("personal_data_requests_status_idx").on(table.status, table.createdAt),
  ],
);
