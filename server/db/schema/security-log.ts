import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { clients, staffMembers } from "./identity.ts";

/**
 * Every sign-in, failure, lock, recovery and session revocation. Throttling counts its rows too
 * (failures per phone or IP in a window), so the limits hold across app instances.
 */
export const securityEvents = pgTable(
  "security_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind").notNull(),
    clientId: uuid("client_id").references(() => clients.id, { onDelete: "set null" }),
    staffId: uuid("staff_id").references(() => staffMembers.id, { onDelete: "set null" }),
    /** The phone or e-mail that was tried, whether or not an account has it. */
    subject: text("subject"),
    ip: text("ip"),
    userAgent: text("user_agent"),
    details: jsonb("details"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("security_events_subject_idx").on(table.subject, table.kind, table.createdAt),
    index("security_events_ip_idx").on(table.ip, table.kind, table.createdAt),
  ],
);
