import type { Db } from "../db/client.ts";
import { staffAuditLog } from "../db/schema/index.ts";
import type { AuditEntry } from "./audit.ts";

/** Writes one row of the staff audit log. */
export async function insertAuditEntry(db: Db, entry: AuditEntry): Promise<void> {
  await db.insert(staffAuditLog).values({
    staffId: entry.staffId,
    action: entry.action,
    subjectType: entry.subjectType ?? null,
    subjectId: entry.subjectId ?? null,
    details: entry.details ?? null,
    ip: entry.ip ?? null,
  });
}
