import type { Db } from "../../db/client.ts";
import { type Principal, REMEMBER_MS, type ResolvedSession } from "../../plugins/sessions.ts";
import { hashToken, newSessionToken } from "./session-token.ts";
import {
  findSessionByTokenHash,
  insertSession,
  revokeSession,
  revokeStaffSessions,
  type SessionRow,
  touchSession,
} from "./sessions.repository.ts";

const MINUTE = 60_000;
/** Without «Запомнить пароль»: ended after 30 minutes without activity and 12 hours in all. */
export const IDLE_TIMEOUT_MS = 30 * MINUTE;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * MINUTE;
/** With «Запомнить пароль»: REMEMBER_MS without activity, renewed by use, and 90 days in all. */
export const REMEMBER_ABSOLUTE_MS = 90 * 24 * 60 * MINUTE;
/** Activity is written at most this often, not on every request. */
const TOUCH_EVERY_MS = MINUTE;

export interface SessionOwner {
  clientId?: string;
  staffId?: string;
}

export interface RequestMeta {
  ip: string;
  userAgent: string | undefined;
}

/** Opens a session; the token goes into the cookie and is never stored. */
export async function openSession(
  db: Db,
  owner: SessionOwner,
  remember: boolean,
  meta: RequestMeta,
  now = new Date(),
): Promise<{ token: string; session: SessionRow }> {
  const token = newSessionToken();
  const expiresAt = new Date(now.getTime() + (remember ? REMEMBER_MS : IDLE_TIMEOUT_MS));
  const session = await insertSession(db, {
    tokenHash: hashToken(token),
    clientId: owner.clientId ?? null,
    staffId: owner.staffId ?? null,
    remember,
    ip: meta.ip,
    userAgent: meta.userAgent?.slice(0, 512) ?? null,
    createdAt: now,
    lastSeenAt: now,
    expiresAt,
    absoluteExpiresAt: new Date(
      now.getTime() + (remember ? REMEMBER_ABSOLUTE_MS : ABSOLUTE_TIMEOUT_MS),
    ),
  });
  return { token, session };
}

function toPrincipal(session: SessionRow): Principal | null {
  if (session.clientId) {
    return {
      kind: "client",
      clientId: session.clientId,
      sessionId: session.id,
      signedInAt: session.createdAt,
    };
  }
  if (session.staffId) {
    return {
      kind: "staff",
      staffId: session.staffId,
      sessionId: session.id,
      signedInAt: session.createdAt,
    };
  }
  return null;
}

/** The principal behind a cookie's token, or null when it is unknown, revoked or expired. */
export async function resolveSession(
  db: Db,
  token: string,
  now = new Date(),
): Promise<ResolvedSession | null> {
  const session = await findSessionByTokenHash(db, hashToken(token));
  if (!session || session.revokedAt) return null;
  if (session.expiresAt <= now || session.absoluteExpiresAt <= now) return null;
  const principal = toPrincipal(session);
  if (!principal) return null;

  if (now.getTime() - session.lastSeenAt.getTime() < TOUCH_EVERY_MS) return { principal };
  if (session.remember) {
    // Use moves the idle limit, never the absolute one.
    const renewedUntil = new Date(
      Math.min(now.getTime() + REMEMBER_MS, session.absoluteExpiresAt.getTime()),
    );
    await touchSession(db, session.id, {
      lastSeenAt: now,
      expiresAt: renewedUntil,
      seenBefore: new Date(now.getTime() - TOUCH_EVERY_MS),
    });
    return { principal, renewedUntil };
  }
  await touchSession(db, session.id, {
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + IDLE_TIMEOUT_MS),
    seenBefore: new Date(now.getTime() - TOUCH_EVERY_MS),
  });
  return { principal };
}

export async function closeSession(db: Db, sessionId: string, reason: string): Promise<void> {
  await revokeSession(db, sessionId, reason);
}

/** Ends every live session of a staff member (disabled, password reset); resolves with how many. */
export async function closeStaffSessions(db: Db, staffId: string, reason: string): Promise<number> {
  return revokeStaffSessions(db, staffId, reason);
}
