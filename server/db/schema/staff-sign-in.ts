import { integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { staffMembers } from "./identity.ts";

/**
 * A staff sign-in between the password and the session: the steps still owed (a new password, the
 * TOTP code, TOTP enrolment) are done against this short-lived, hashed challenge.
 */
export const staffSignInChallenges = pgTable("staff_sign_in_challenges", {
  id: uuid("id").primaryKey().defaultRandom(),
  staffId: uuid("staff_id")
    .notNull()
    .references(() => staffMembers.id, { onDelete: "cascade" }),
  tokenHash: text("token_hash").notNull().unique(),
  attempts: integer("attempts").notNull().default(0),
  /** Set once the TOTP code (or a new enrolment) was confirmed in this sign-in. */
  totpVerifiedAt: timestamp("totp_verified_at", { withTimezone: true }),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  usedAt: timestamp("used_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
