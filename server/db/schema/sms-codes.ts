import { index, integer, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * `phone_change_old` and `phone_change_new`: «Личные данные», the two codes of a phone change;
 * `account_deletion`: «Удалить учётную запись» (decision 0029).
 */
export const smsCodePurpose = pgEnum("sms_code_purpose", [
  "registration",
  "recovery",
  "callback",
  "phone_change_old",
  "phone_change_new",
  "account_deletion",
]);

/**
 * A one-time code sent by SMS, stored as a salted hash. Rows also count sends per phone and per IP
 * for the limits. A confirmed code turns into a ticket (hashed too) for the next step.
 */
export const smsCodes = pgTable(
  "sms_codes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    phone: text("phone").notNull(),
    purpose: smsCodePurpose("purpose").notNull(),
    /** `salt$sha256(salt + code)`. */
    codeHash: text("code_hash").notNull(),
    ip: text("ip"),
    attempts: integer("attempts").notNull().default(0),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    /** Set when the code was confirmed, burnt by wrong tries or replaced by a newer one. */
    closedAt: timestamp("closed_at", { withTimezone: true }),
    closedReason: text("closed_reason"),
    ticketHash: text("ticket_hash").unique(),
    ticketExpiresAt: timestamp("ticket_expires_at", { withTimezone: true }),
    ticketUsedAt: timestamp("ticket_used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("sms_codes_phone_idx").on(table.phone, table.createdAt),
    index("sms_codes_ip_idx").on(table.ip, table.createdAt),
  ],
);
