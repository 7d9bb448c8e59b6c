import { and, asc, eq, gte, lte, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { preparedPerDatabase } from "../../db/prepared.ts";
import { calendarDays, calendarYears, staffMembers } from "../../db/schema/index.ts";
import type { CalendarDayKind } from "./calendar-days.ts";

export interface CalendarDay {
  day: string;
  kind: CalendarDayKind;
}

export interface CalendarYearSummary {
  year: number;
  /** Null for a year loaded from the calendars bundled with the release. */
  updatedBy: string | null;
  updatedAt: Date;
}

export async function listCalendarYears(db: Db): Promise<CalendarYearSummary[]> {
  return db
    .select({
      year: calendarYears.year,
      updatedBy: staffMembers.fullName,
      updatedAt: calendarYears.updatedAt,
    })
    .from(calendarYears)
    .leftJoin(staffMembers, eq(staffMembers.id, calendarYears.updatedById))
    .orderBy(asc(calendarYears.year));
}

/** A year's exceptions in date order; `loaded` is false when no calendar is stored for it. */
export async function getCalendarYear(
  db: Db,
  year: number,
): Promise<{ year: number; loaded: boolean; days: CalendarDay[] }> {
  const [loaded] = await db
    .select({ year: calendarYears.year })
    .from(calendarYears)
    .where(eq(calendarYears.year, year));
  const days = await calendarDaysBetween(db, `${year}-01-01`, `${year}-12-31`);
  return { year, loaded: loaded !== undefined, days };
}

export async function calendarDaysBetween(
  db: Db,
  from: string,
  to: string,
): Promise<CalendarDay[]> {
  return db
    .select({ day: calendarDays.day, kind: calendarDays.kind })
    .from(calendarDays)
    .where(and(gte(calendarDays.day, from), lte(calendarDays.day, to)))
    .orderBy(asc(calendarDays.day));
}

const version = preparedPerDatabase((db) =>
  db
    .select({
      version: sql<string>`coalesce(max(${calendarYears.updatedAt})::text, '') || '/' || count(*)`,
    })
    .from(calendarYears)
    .prepare("calendar_version"),
);

/**
 * Changes whenever a year is replaced: when the last one was, and how many years are loaded.
 * Asked beside every contract list, so prepared once per database.
 */
export async function calendarVersion(db: Db): Promise<string> {
  const [row] = await version(db).execute();
  return row?.version ?? "";
}

/** Every stored exception, in date order. */
export async function allCalendarDays(db: Db): Promise<CalendarDay[]> {
  return db
    .select({ day: calendarDays.day, kind: calendarDays.kind })
    .from(calendarDays)
    .orderBy(asc(calendarDays.day));
}

/**
 * Replaces a year's exceptions as one change. `staffId` is null for the calendars bundled with
 * the release. The days must lie in the year (the caller validates).
 */
export async function replaceCalendarYear(
  db: Db,
  year: number,
  days: CalendarDay[],
  staffId: string | null,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .delete(calendarDays)
      .where(and(gte(calendarDays.day, `${year}-01-01`), lte(calendarDays.day, `${year}-12-31`)));
    if (days.length > 0) await tx.insert(calendarDays).values(days);
    await tx
      .insert(calendarYears)
      .values({ year, updatedById: staffId, updatedAt: new Date() })
      .onConflictDoUpdate({
        target: calendarYears.year,
        set: { updatedById: staffId, updatedAt: new Date() },
      });
  });
}
