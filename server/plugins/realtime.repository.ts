import { and, eq, gt, inArray, isNull, max } from "drizzle-orm";
import type { StaffRole } from "../../common/staff/staff-auth.schema.ts";
import type { Db } from "../db/client.ts";
import { events, sessions, staffMembers } from "../db/schema/index.ts";

/** A live stream's session as it stands now: still signed in, and a staff member's role today. */
export interface StreamSession {
  sessionId: string;
  /** Null for a client's session, and for a staff member whose account was disabled. */
  staffRole: StaffRole | null;
}

/**
 * Of the given sessions, those still signed in at `now` (not revoked, not expired), read without
 * touching them: an open stream is not activity, so it does not keep an idle session alive.
 */
export async function findLiveSessions(
  db: Db,
  sessionIds: readonly string[],
  now: Date,
): Promise<StreamSession[]> {
  if (sessionIds.length === 0) return [];
  const rows = await db
    .select({
      sessionId: sessions.id,
      staffId: sessions.staffId,
      staffRole: staffMembers.role,
      staffDisabledAt: staffMembers.disabledAt,
    })
    .from(sessions)
    .leftJoin(staffMembers, eq(staffMembers.id, sessions.staffId))
    .where(
      and(
        inArray(sessions.id, [...sessionIds]),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now),
        gt(sessions.absoluteExpiresAt, now),
      ),
    );
  return rows
    .filter((row) => row.staffId === null || (row.staffRole !== null && !row.staffDisabledAt))
    .map((row) => ({ sessionId: row.sessionId, staffRole: row.staffRole }));
}

/** The id of the latest committed event, or "0" before the first: where catching up starts. */
export async function findLatestEventId(db: Db): Promise<string> {
  const [row] = await db.select({ id: max(events.id) }).from(events);
  return row?.id?.toString() ?? "0";
}
