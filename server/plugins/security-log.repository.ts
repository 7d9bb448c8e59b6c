import { and, count, eq, gte, inArray, max } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { securityEvents } from "../db/schema/index.ts";

export type SecurityEventKind =
  | "sign_in"
  /** A password check let through by the lock and not finished yet: counts as a failure till then. */
  | "sign_in_attempt"
  /** A sign-in attempt whose password was right (the session may still owe a second factor). */
  | "sign_in_password_accepted"
  | "sign_in_failed"
  | "sign_in_locked"
  | "sign_in_refused_locked"
  | "sign_in_refused_ip"
  /** A sign-in attempt refused with 503 because the password queue was full: counts for no limit. */
  | "sign_in_refused_busy"
  | "sign_out"
  | "session_revoked"
  | "registration_code_failed"
  | "recovery_code_failed"
  /** A wrong code on the site's «Заказать звонок». */
  | "callback_code_failed"
  /** A visitor's «Заказать звонок» or sales request stored (counted per IP for its daily limit). */
  | "visitor_callback_requested"
  | "registered"
  | "password_recovered"
  | "password_changed"
  /** «Личные данные»: a wrong code for a new e-mail, for the old or the new phone. */
  | "email_change_code_failed"
  | "phone_change_code_failed"
  | "email_changed"
  /** The phone changed by the client's two codes, or by an operator's approval of a request. */
  | "phone_changed"
  | "consents_accepted"
  /** «Мои данные и согласия»: an optional consent withdrawn; a wrong code to delete the account; the account deleted. */
  | "consent_withdrawn"
  | "account_deletion_code_failed"
  | "account_deleted"
  /** A public check of a certificate at /verify (counted per IP for its rate limit). */
  | "certificate_verification"
  /** A wrong code on a shared medical card's page («Показать врачу»), per share and per IP. */
  | "medcard_share_code_failed"
  /** A file of «Выгрузить мои данные» downloaded by its account (decision 0030). */
  | "data_export_downloaded";

export interface SecurityEvent {
  kind: SecurityEventKind;
  clientId?: string | null;
  staffId?: string | null;
  subject?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  details?: Record<string, unknown>;
}

/** Writes an event; resolves with its id. */
export async function recordSecurityEvent(
  db: Db,
  event: SecurityEvent,
  at = new Date(),
): Promise<string> {
  const [row] = await db
    .insert(securityEvents)
    .values({
      createdAt: at,
      kind: event.kind,
      clientId: event.clientId ?? null,
      staffId: event.staffId ?? null,
      subject: event.subject ?? null,
      ip: event.ip ?? null,
      userAgent: event.userAgent ?? null,
      details: event.details ?? null,
    })
    .returning({ id: securityEvents.id });
  if (!row) throw new Error("the security event was not stored");
  return row.id;
}

/** Gives a recorded event its outcome: a sign-in attempt becomes a failure or an accepted password. */
export async function settleSecurityEvent(
  db: Db,
  id: string,
  kind: SecurityEventKind,
  owner: { clientId?: string | null; staffId?: string | null },
): Promise<void> {
  await db
    .update(securityEvents)
    .set({ kind, clientId: owner.clientId ?? null, staffId: owner.staffId ?? null })
    .where(eq(securityEvents.id, id));
}

/** How many events of these kinds a subject (phone, e-mail) or an IP address had since a moment. */
export async function countEvents(
  db: Db,
  by: { subject: string } | { ip: string },
  kinds: readonly SecurityEventKind[],
  since: Date,
): Promise<number> {
  const who =
    "subject" in by ? eq(securityEvents.subject, by.subject) : eq(securityEvents.ip, by.ip);
  const [row] = await db
    .select({ n: count() })
    .from(securityEvents)
    .where(
      and(who, inArray(securityEvents.kind, [...kinds]), gte(securityEvents.createdAt, since)),
    );
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
