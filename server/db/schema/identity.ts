import { sql } from "drizzle-orm";
import {
  boolean,
  date,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

/** A client of the cabinet: signs in by phone. Phones are E.164, birth dates calendar dates. */
export const clients = pgTable("clients", {
  id: uuid("id").primaryKey().defaultRandom(),
  phone: text("phone").notNull().unique(),
  lastName: text("last_name").notNull(),
  firstName: text("first_name").notNull(),
  /** Null for people who have none («Нет отчества»). */
  patronymic: text("patronymic"),
  birthDate: date("birth_date").notNull(),
  email: text("email").notNull(),
  passwordHash: text("password_hash").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const staffRole = pgEnum("staff_role", ["operator", "doctor", "admin"]);

/** An operator, doctor or admin of the company, working in the staff console. */
export const staffMembers = pgTable(
  "staff_members",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    fullName: text("full_name").notNull(),
    role: staffRole("role").notNull(),
    /** A doctor's specialty in lower case («терапевт»: it reads after a comma), shown beside their name in «Чат с врачом». */
    specialty: text("specialty"),
    passwordHash: text("password_hash").notNull(),
    /** A temporary password set by an admin must be replaced at the first sign-in. */
    mustChangePassword: boolean("must_change_password").notNull().default(false),
    /** Base32 TOTP secret; set during enrolment, in force once totpEnabledAt is set. */
    totpSecret: text("totp_secret"),
    totpEnabledAt: timestamp("totp_enabled_at", { withTimezone: true }),
    /** The 30-second step of the last accepted code: a code is good once (no replay). */
    totpLastStep: integer("totp_last_step"),
    /** A disabled account cannot sign in; its sessions are revoked. */
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  // E-mails compare case-insensitively.
  (table) => [uniqueIndex("staff_members_email_key").on(sql`lower(${table.email})`)],
);
