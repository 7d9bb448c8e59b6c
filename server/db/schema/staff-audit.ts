import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { staffMembers } from "./identity.ts";

/**
 * Every staff read of a client's personal or medical data (DESIGN.md, "Data"): who, what, when,
 * from where. Rows are only ever inserted.
 */
export const staffAuditLog = pgTable(
  "staff_audit_log",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    staffId: uuid("staff_id")
      .notNull()
      .references(() => staffMembers.id),
    /** What was done: "contract.view", "contract.search", "replacement.list", … */
    action: text("action").notNull(),
    /** The kind and id of what was seen ("contract", uuid); null for a search or a list. */
    subjectType: text("subject_type"),
    subjectId: text("subject_id"),
    /** The search text, the ids listed, … */
    details: jsonb("details"),
    ip: text("ip"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("staff_audit_log_staff_idx").on(table.staffId, table.createdAt),
    index("staff_audit_log_subject_idx").on(table.subjectType, table.subjectId, table.createdAt),
  ],
);
