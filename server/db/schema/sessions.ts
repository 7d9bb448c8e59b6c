import { boolean, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { clients, staffMembers } from "./identity.ts";

/**
 * A signed-in browser. The cookie holds a 256-bit random token; only its SHA-256 is stored, so a
 * leaked table opens no session. Exactly one of clientId and staffId is set.
 */
export const sessions = pgTable(
  "sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tokenHash: text("token_hash").notNull().unique(),
    clientId: uuid("client_id").references(() => clients.id, { onDelete: "cascade" }),
    staffId: uuid("staff_id").references(() => staffMembers.id, { onDelete: "cascade" }),
    /** «Запомнить пароль»: a 30-day cookie renewed by use instead of a browser-session one. */
    remember: boolean("remember").notNull(),
    ip: text("ip"),
    userAgent: text("user_agent"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    /** Slides forward with use: 30 minutes idle, or 30 days when remembered. */
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    /** Never moves: 12 hours after sign-in, or 90 days when remembered. */
    absoluteExpiresAt: timestamp("absolute_expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedReason: text("revoked_reason"),
  },
  (table) => [
    index("sessions_client_idx").on(table.clientId),
    index("sessions_staff_idx").on(table.staffId),
  ],
);
