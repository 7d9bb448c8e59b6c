import { Readable } from "node:stream";
import {
  DATA_EXPORT_HOURS,
  type DataExport,
} from "../../../common/data-export/data-export.schema.ts";
import { formatRuDate, todayInMoscow } from "../../../common/format/date.ts";
import type { Db } from "../../db/client.ts";
import { AppError, ConflictError, NotFoundError } from "../../errors.ts";
import type { DeliveryLog } from "../../integrations/jobs/queued-delivery.ts";
import { type FileStorage, newStorageKey } from "../../integrations/storage/file-storage.ts";
import { lockLimitKeys, tooManyRequests } from "../../plugins/rate-limit.ts";
import { recordSecurityEvent } from "../../plugins/security-log.ts";
import { gatherAccountData } from "./account-data.service.ts";
import {
  claimExport,
  countExportsSince,
  type DataExportRow,
  findAccountExport,
  findRunningExport,
  insertExport,
  listAccountExports,
  markExportExpired,
  markExportFailed,
  markExportReady,
} from "./data-export.repository.ts";
import { renderAccountDataPdf } from "./data-export-pdf.ts";

// «Выгрузить мои данные» (decision 0030): a request makes a row and a job; the job gathers the
// account's data into a JSON and a PDF file; the account downloads them for 24 hours.

const HOUR_MS = 60 * 60 * 1000;
/** Exports an account may ask for in 24 hours (a failed one counts too: «Попробовать снова» fits). */
export const EXPORTS_PER_DAY = 5;
const LISTED = 10;

export const EXPORT_NOT_FOUND = "Выгрузка не найдена";
export const EXPORT_GONE =
  "Файлы выгрузки хранятся 24 часа после подготовки и уже удалены. Подготовьте новую выгрузку.";

/** What the service needs from the app: the database, the file storage and the job queue. */
export interface DataExportContext {
  db: Db;
  files: FileStorage;
  log: DeliveryLog;
  /** Queues the export's job under the export's id (a second call queues nothing). */
  enqueue(exportId: string): Promise<void>;
}

export type ExportFileKind = "json" | "pdf";

function toDto(row: DataExportRow, now: Date): DataExport {
  // A ready export past its 24 hours is expired, whether or not the sweep has come yet.
  const expired = row.status === "ready" && row.expiresAt !== null && row.expiresAt <= now;
  const status = expired ? "expired" : row.status;
  const url = (kind: ExportFileKind) => `/api/profile/data-exports/${row.id}/${kind}`;
  return {
    id: row.id,
    status,
    requestedAt: row.createdAt.toISOString(),
    readyAt: row.readyAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    failedAt: row.failedAt?.toISOString() ?? null,
    files:
      status === "ready"
        ? {
            json: { url: url("json"), sizeBytes: row.jsonSizeBytes ?? 0 },
            pdf: { url: url("pdf"), sizeBytes: row.pdfSizeBytes ?? 0 },
          }
        : null,
  };
}

/** The account's exports, newest first. */
export async function listExports(
  db: Db,
  clientId: string,
  now = new Date(),
): Promise<DataExport[]> {
  const rows = await listAccountExports(db, clientId, LISTED);
  return rows.map((row) => toDto(row, now));
}

/**
 * «Подготовить выгрузку»: a new export queued for the job, or the one already queued or being
 * prepared (one at a time per account; `created` tells which). At most EXPORTS_PER_DAY in 24 hours.
 */
export async function requestExport(
  ctx: DataExportContext,
  clientId: string,
  now = new Date(),
): Promise<{ export: DataExport; created: boolean }> {
  const { row, created } = await ctx.db.transaction(async (tx) => {
    // The account's requests one after another, across instances: one insert, never two.
    await lockLimitKeys(tx, [`data-export:${clientId}`]);
    const running = await findRunningExport(tx, clientId);
    if (running) return { row: running, created: false };
    const since = new Date(now.getTime() - 24 * HOUR_MS);
    if ((await countExportsSince(tx, clientId, since)) >= EXPORTS_PER_DAY) {
      throw tooManyRequests(
        `Выгрузку можно подготовить не больше ${EXPORTS_PER_DAY} раз за сутки. Скачайте готовую или попробуйте позже.`,
        HOUR_MS,
        "Слишком много выгрузок",
      );
    }
    return { row: await insertExport(tx, clientId, now), created: true };
  });
  if (created) {
    // Outside the transaction: on PGlite the queue's insert would wait for it.
    try {
      await ctx.enqueue(row.id);
    } catch (error) {
      await markExportFailed(ctx.db, row.id, "the job could not be queued", new Date());
      throw error;
    }
  }
  return { export: toDto(row, now), created };
}

/**
 * The job's work for one export: gathers the account's data, stores the JSON and the PDF under
 * fresh random keys and marks it ready for 24 hours. A run that fails marks the export failed
 * («Попробовать снова»); one cut off by a crash is taken again by the job's retry. Answers
 * whether this call made the export ready.
 */
export async function prepareExport(
  ctx: DataExportContext,
  exportId: string,
  now = () => new Date(),
): Promise<boolean> {
  const row = await claimExport(ctx.db, exportId, now());
  if (!row) return false;
  const keys: string[] = [];
  try {
    const data = await gatherAccountData(ctx.db, row.clientId, now());
    const json = Buffer.from(JSON.stringify(data, null, 2), "utf8");
    const pdf = await renderAccountDataPdf(data);
    const jsonKey = newStorageKey();
    keys.push(jsonKey);
    await ctx.files.put(jsonKey, Readable.from([json]), "application/json");
    const pdfKey = newStorageKey();
    keys.push(pdfKey);
    await ctx.files.put(pdfKey, Readable.from([pdf]), "application/pdf");
    const readyAt = now();
    const expiresAt = new Date(readyAt.getTime() + DATA_EXPORT_HOURS * HOUR_MS);
    const files = { jsonKey, jsonSize: json.length, pdfKey, pdfSize: pdf.length };
    if (await markExportReady(ctx.db, exportId, files, readyAt, expiresAt)) {
      ctx.log.info({ exportId, attempt: row.attempts }, "data export ready");
      return true;
    }
    // Failed or taken over meanwhile (the stale sweep): its files are no one's.
    for (const key of keys) await ctx.files.delete(key);
    return false;
  } catch (error) {
    ctx.log.error({ err: error, exportId }, "data export failed");
    for (const key of keys) await ctx.files.delete(key).catch(() => {});
    await markExportFailed(
      ctx.db,
      exportId,
      error instanceof Error ? error.message : String(error),
      now(),
    );
    return false;
  }
}

/** A file of a ready export, for its own account only; the download goes to the security log. */
export async function openExportFile(
  ctx: DataExportContext,
  clientId: string,
  exportId: string,
  kind: ExportFileKind,
  meta: { ip: string; userAgent: string | undefined },
  now = new Date(),
): Promise<{ name: string; mediaType: string; sizeBytes: number; stream: Readable }> {
  const row = await findAccountExport(ctx.db, clientId, exportId);
  if (!row) throw new NotFoundError(EXPORT_NOT_FOUND);
  const dto = toDto(row, now);
  if (dto.status === "expired") throw new AppError(410, "gone", "Срок выгрузки истёк", EXPORT_GONE);
  if (dto.status !== "ready")
    throw new ConflictError("Выгрузка ещё не готова. Дождитесь, пока она подготовится.");
  const key = kind === "json" ? row.jsonStorageKey : row.pdfStorageKey;
  const stream = key ? await ctx.files.get(key) : null;
  if (!stream) throw new AppError(410, "gone", "Срок выгрузки истёк", EXPORT_GONE);
  await recordSecurityEvent(ctx.db, {
    kind: "data_export_downloaded",
    clientId,
    ip: meta.ip,
    userAgent: meta.userAgent ?? null,
    details: { exportId, file: kind },
  });
  // «Мои данные РМС 03.12.2026.pdf»: the day it was made, in Moscow.
  const day = formatRuDate(todayInMoscow(row.readyAt ?? now));
  return {
    name: `Мои данные РМС ${day}.${kind}`,
    mediaType: kind === "json" ? "application/json; charset=utf-8" : "application/pdf",
    sizeBytes: (kind === "json" ? row.jsonSizeBytes : row.pdfSizeBytes) ?? 0,
    stream,
  };
}

/**
 * Removes the files of the account's ready exports and marks them expired at once: for the
 * account's deletion (its data should not wait out the 24 hours in the storage).
 */
export async function discardAccountExports(
  ctx: Pick<DataExportContext, "db" | "files">,
  clientId: string,
  now = new Date(),
): Promise<number> {
  const rows = await listAccountExports(ctx.db, clientId, 1_000);
  let discarded = 0;
  for (const row of rows) {
    if (row.status !== "ready") continue;
    for (const key of [row.jsonStorageKey, row.pdfStorageKey]) {
      if (key) await ctx.files.delete(key);
    }
    await markExportExpired(ctx.db, row.id, now);
    discarded++;
  }
  return discarded;
}
