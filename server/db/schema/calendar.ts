import { date, integer, pgEnum, pgTable, timestamp, uuid } from "drizzle-orm/pg-core";
import { staffMembers } from "./identity.ts";

/**
 * The Russian production calendar, as exceptions to "Monday to Friday work": a weekday that is
 * a holiday or a transferred day off ("day-off"), and a Saturday or Sunday worked by transfer
 * ("workday"). An admin loads each new year.
 */
export const calendarDayKind = pgEnum("calendar_day_kind", ["day-off", "workday"]);

export const calendarDays = pgTable("calendar_days", {
  day: date("day").primaryKey(),
  kind: calendarDayKind("kind").notNull(),
});

/** The years whose exceptions are loaded; a year missing here falls back to Monday–Friday. */
export const calendarYears = pgTable("calendar_years", {
  year: integer("year").primaryKey(),
  updatedById: uuid("updated_by_id").references(() => staffMembers.id),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
