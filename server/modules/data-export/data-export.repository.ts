import { and, count, desc, eq, gte, inArray, lte, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { dataExports } from "../../db/schema/index.ts";

export type DataExportRow = typeof dataExports.$inferSelect;

const RUNNING = ["queued", "preparing"] as const;

/** The account's export still queued or being prepared, if any. */
export async function findRunningExport(db: Db, clientId: string): Promise<DataExportRow | null> {
  const [row] = await db
    .select()
    .from(dataExports)
    .where(and(eq(dataExports.clientId, clientId), inArray(dataExports.status, [...RUNNING])));
  return row ?? null;
}

/** How many exports the account asked for since `since`. */
export async function countExportsSince(db: Db, clientId: string, since: Date): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(dataExports)
    .where(and(eq(dataExports.clientId, clientId), gte(dataExports.createdAt, since)));
  return row?.n ?? 0;
}

/** The oldest of the account's exports since `since`: the limit frees a place when it is a day old. */
export async function oldestExportSince(
  db: Db,
  clientId: string,
  since: Date,
): Promise<Date | null> {
  const [row] = await db
    .select({ at: dataExports.createdAt })
    .from(dataExports)
    .where(and(eq(dataExports.clientId, clientId), gte(dataExports.createdAt, since)))
    .orderBy(dataExports.createdAt)
    .limit(1);
  return row?.at ?? null;
}

export async function insertExport(tx: Db, clientId: string, at: Date): Promise<DataExportRow> {
  const [row] = await tx
    .insert(dataExports)
    .values({ clientId, createdAt: at, updatedAt: at })
    .returning();
  if (!row) throw new Error("the data export was not stored");
  return row;
}

export async function listAccountExports(db: Db, clientId: string, limit: number) {
  return db
    .select()
    .from(dataExports)
    .where(eq(dataExports.clientId, clientId))
    .orderBy(desc(dataExports.createdAt), desc(dataExports.id))
    .limit(limit);
}

export async function findAccountExport(
  db: Db,
  clientId: string,
  exportId: string,
): Promise<DataExportRow | null> {
  const [row] = await db
    .select()
    .from(dataExports)
    .where(and(eq(dataExports.id, exportId), eq(dataExports.clientId, clientId)));
  return row ?? null;
}

/**
 * Takes the export for a run: queued, or preparing (a run cut off by a crash is taken again).
 * Null when it is done, failed or gone.
 */
export async function claimExport(
  db: Db,
  exportId: string,
  at: Date,
): Promise<DataExportRow | null> {
  const [row] = await db
    .update(dataExports)
    .set({
      status: "preparing",
      startedAt: at,
      attempts: sql`${dataExports.attempts} + 1`,
      updatedAt: at,
    })
    .where(and(eq(dataExports.id, exportId), inArray(dataExports.status, [...RUNNING])))
    .returning();
  return row ?? null;
}

/** Records the stored files; false when the export is no longer being prepared. */
export async function markExportReady(
  db: Db,
  exportId: string,
  files: { jsonKey: string; jsonSize: number; pdfKey: string; pdfSize: number },
  readyAt: Date,
  expiresAt: Date,
): Promise<boolean> {
  const rows = await db
    .update(dataExports)
    .set({
      status: "ready",
      readyAt,
      expiresAt,
      jsonStorageKey: files.jsonKey,
      jsonSizeBytes: files.jsonSize,
      pdfStorageKey: files.pdfKey,
      pdfSizeBytes: files.pdfSize,
      updatedAt: readyAt,
    })
    .where(and(eq(dataExports.id, exportId), eq(dataExports.status, "preparing")))
    .returning({ id: dataExports.id });
  return rows.length > 0;
}

/** Marks an export that is still running as failed. */
export async function markExportFailed(
  db: Db,
  exportId: string,
  reason: string,
  at: Date,
): Promise<void> {
  await db
    .update(dataExports)
    .set({ status: "failed", failedAt: at, failureReason: reason.slice(0, 500), updatedAt: at })
    .where(and(eq(dataExports.id, exportId), inArray(dataExports.status, [...RUNNING])));
}

/** Ready exports whose 24 hours have passed, oldest first. */
export async function selectExpiredExports(db: Db, now: Date, limit = 200) {
  return db
    .select({
      id: dataExports.id,
      jsonStorageKey: dataExports.jsonStorageKey,
      pdfStorageKey: dataExports.pdfStorageKey,
    })
    .from(dataExports)
    .where(and(eq(dataExports.status, "ready"), lte(dataExports.expiresAt, now)))
    .orderBy(dataExports.expiresAt)
    .limit(limit);
}

/** After its files are removed: the export is «expired» and names no file any more. */
export async function markExportExpired(db: Db, exportId: string, at: Date): Promise<void> {
  await db
    .update(dataExports)
    .set({
      status: "expired",
      jsonStorageKey: null,
      pdfStorageKey: null,
      updatedAt: at,
    })
    .where(and(eq(dataExports.id, exportId), eq(dataExports.status, "ready")));
}

/** Exports still queued since before `before`: their job may be lost, so they are queued again. */
export async function selectStaleQueued(db: Db, before: Date) {
  return db
    .select({ id: dataExports.id })
    .from(dataExports)
    .where(and(eq(dataExports.status, "queued"), lte(dataExports.createdAt, before)))
    .limit(100);
}

/** Exports being prepared since before `before`: no run lasts that long, so they failed. */
export async function selectStalePreparing(db: Db, before: Date) {
  return db
    .select({ id: dataExports.id })
    .from(dataExports)
    .where(and(eq(dataExports.status, "preparing"), lte(dataExports.startedAt, before)))
    .limit(100);
}
