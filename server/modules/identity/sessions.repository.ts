import { and, desc, eq, gt, isNull, lte, ne, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { preparedPerDatabase } from "../../db/prepared.ts";
import { sessions } from "../../db/schema/index.ts";

export type SessionRow = typeof sessions.$inferSelect;
export type NewSession = typeof sessions.$inferInsert;

export async function insertSession(db: Db, session: NewSession): Promise<SessionRow> {
  const [row] = await db.insert(sessions).values(session).returning();
  if (!row) throw new Error("the session was not stored");
  return row;
}

/**
 * The lookup behind every signed-in request, prepared once per database (server/db/prepared.ts):
 * drizzle builds its SQL once and PostgreSQL parses and plans it once per connection rather than
 * on every request (the planning, not the lookup, was most of its cost). It reads the row every
 * time: no session data is cached, so a revocation counts at once on every instance.
 */
const sessionByTokenHash = preparedPerDatabase((db) =>
  db
    .select()
    .from(sessions)
    .where(eq(sessions.tokenHash, sql.placeholder("tokenHash")))
    .prepare("session_by_token_hash"),
);

export async function findSessionByTokenHash(
  db: Db,
  tokenHash: string,
): Promise<SessionRow | null> {
  const [row] = await sessionByTokenHash(db).execute({ tokenHash });
  return row ?? null;
}

/**
 * Records activity; only when the stored last activity is still no later than `seenBefore`, so that
 * the requests arriving together when a touch falls due write the row once.
 */
const touch = preparedPerDatabase((db) =>
  db
    .update(sessions)
    .set({
      lastSeenAt: sql`${sql.placeholder("lastSeenAt")}::timestamptz`,
      expiresAt: sql`${sql.placeholder("expiresAt")}::timestamptz`,
    })
    .where(
      and(
        eq(sessions.id, sql.placeholder("id")),
        lte(sessions.lastSeenAt, sql`${sql.placeholder("seenBefore")}::timestamptz`),
      ),
    )
    .prepare("session_touch"),
);

export async function touchSession(
  db: Db,
  id: string,
  values: { lastSeenAt: Date; expiresAt: Date; seenBefore: Date },
): Promise<void> {
  await touch(db).execute({
    id,
    lastSeenAt: values.lastSeenAt.toISOString(),
    expiresAt: values.expiresAt.toISOString(),
    seenBefore: values.seenBefore.toISOString(),
  });
}

export async function revokeSession(db: Db, id: string, reason: string): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: new Date(), revokedReason: reason })
    .where(and(eq(sessions.id, id), isNull(sessions.revokedAt)));
}

export async function findActiveClientSessions(
  db: Db,
  clientId: string,
  now: Date,
): Promise<SessionRow[]> {
  return db
    .select()
    .from(sessions)
    .where(
      and(
        eq(sessions.clientId, clientId),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now),
        gt(sessions.absoluteExpiresAt, now),
      ),
    )
    .orderBy(desc(sessions.lastSeenAt));
}

/** Revokes every live session of a client, but the one kept; returns how many ended. */
export async function revokeClientSessions(
  db: Db,
  clientId: string,
  reason: string,
  keepSessionId?: string,
): Promise<number> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: new Date(), revokedReason: reason })
    .where(
      and(
        eq(sessions.clientId, clientId),
        isNull(sessions.revokedAt),
        keepSessionId ? ne(sessions.id, keepSessionId) : undefined,
      ),
    )
    .returning({ id: sessions.id });
  return rows.length;
}

export async function revokeStaffSessions(
  db: Db,
  staffId: string,
  reason: string,
): Promise<number> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: new Date(), revokedReason: reason })
    .where(and(eq(sessions.staffId, staffId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.length;
}

/** The user agents of the account's sessions other than one (the devices it signed in from before). */
export async function listOtherSessionUserAgents(
  db: Db,
  clientId: string,
  exceptSessionId: string,
): Promise<(string | null)[]> {
  const rows = await db
    .selectDistinct({ userAgent: sessions.userAgent })
    .from(sessions)
    .where(and(eq(sessions.clientId, clientId), ne(sessions.id, exceptSessionId)))
    .limit(1000);
  return rows.map((row) => row.userAgent);
}
