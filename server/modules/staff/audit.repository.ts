import { and, desc, eq, inArray } from "drizzle-orm";
import { type AuditLogEntry, auditSubjectTypes } from "../../../common/staff/audit.schema.ts";
import type { Db } from "../../db/client.ts";
import { staffAuditLog, staffMembers } from "../../db/schema/index.ts";

/** The log newest first, optionally for one staff member and/or one subject; one extra row tells of more. */
export async function listStaffAccess(
  db: Db,
  filter: { staffId?: string; subjectId?: string; limit: number; offset: number },
): Promise<{ entries: AuditLogEntry[]; hasMore: boolean }> {
  const conditions = [
    filter.staffId ? eq(staffAuditLog.staffId, filter.staffId) : undefined,
    filter.subjectId
      ? and(
          inArray(staffAuditLog.subjectType, [...auditSubjectTypes]),
          eq(staffAuditLog.subjectId, filter.subjectId),
        )
      : undefined,
  ];
  const rows = await db
    .select({
      id: staffAuditLog.id,
      createdAt: staffAuditLog.createdAt,
      staffId: staffAuditLog.staffId,
      staffName: staffMembers.fullName,
      action: staffAuditLog.action,
      subjectType: staffAuditLog.subjectType,
      subjectId: staffAuditLog.subjectId,
      details: staffAuditLog.details,
      ip: staffAuditLog.ip,
    })
    .from(staffAuditLog)
    .innerJoin(staffMembers, eq(staffMembers.id, staffAuditLog.staffId))
    .where(and(...conditions))
    .orderBy(desc(staffAuditLog.createdAt), desc(staffAuditLog.id))
    .limit(filter.limit + 1)
    .offset(filter.offset);
  return {
    entries: rows.slice(0, filter.limit).map((row) => ({
      ...row,
      createdAt: row.createdAt.toISOString(),
      details: isRecord(row.details) ? row.details : null,
    })),
    hasMore: rows.length > filter.limit,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
