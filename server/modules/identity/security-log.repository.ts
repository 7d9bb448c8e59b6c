import { and, count, eq, gte, inArray, max } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { securityEvents } from "../../db/schema/index.ts";

export type SecurityEventKind =
  | "sign_in"
  | "sign_in_failed"
  | "sign_in_locked"
  | "sign_in_refused_locked"
  | "sign_in_refused_ip"
  | "sign_out"
  | "session_revoked"
  | "registration_code_failed"
  | "recovery_code_failed"
  | "registered"
  | "password_recovered"
  | "password_changed"
  | "consents_accepted"
  /** A public check of a certificate at /verify (counted per IP for its rate limit). */
  | "certificate_verification";

export interface SecurityEvent {
  kind: SecurityEventKind;
  clientId?: string | null;
  staffId?: string | null;
  subject?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  details?: Record<string, unknown>;
}

export async function recordSecurityEvent(
  db: Db,
  event: SecurityEvent,
  at = new Date(),
): Promise<void> {
  await db.insert(securityEvents).values({
    createdAt: at,
    kind: event.kind,
    clientId: event.clientId ?? null,
    staffId: event.staffId ?? null,
    subject: event.subject ?? null,
    ip: event.ip ?? null,
    userAgent: event.userAgent ?? null,
    details: event.details ?? null,
  });
}

/** How many events of these kinds a subject (phone, e-mail) or an IP address had since a moment. */
export async function countEvents(
  db: Db,
  by: { subject: string } | { ip: string },
  kinds: SecurityEventKind[],
  since: Date,
): Promise<number> {
  const who =
    "subject" in by ? eq(securityEvents.subject, by.subject) : eq(securityEvents.ip, by.ip);
  const [row] = await db
    .select({ n: count() })
    .from(securityEvents)
    .where(and(who, inArray(securityEvents.kind, kinds), gte(securityEvents.createdAt, since)));
  return row?.n ?? 0;
}

/** When the latest event of these kinds happened for the subject since a moment, if it did. */
export async function latestEventForSubject(
  db: Db,
  subject: string,
  kind: SecurityEventKind,
  since: Date,
): Promise<Date | null> {
  const [row] = await db
    .select({ at: max(securityEvents.createdAt) })
    .from(securityEvents)
    .where(
      and(
        eq(securityEvents.subject, subject),
        eq(securityEvents.kind, kind),
        gte(securityEvents.createdAt, since),
      ),
    );
  return row?.at ?? null;
}
