import { sql } from "drizzle-orm";
import {
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { clients } from "./identity.ts";

/** «Выгрузить мои данные» (decision 0030): waiting for the job, being gathered, ready, failed, gone. */
export const dataExportStatus = pgEnum("data_export_status", [
  "queued",
  "preparing",
  "ready",
  "failed",
  "expired",
]);

/**
 * One export of everything the company holds about an account, made by a job as a JSON and a PDF
 * file in the file storage (random keys); downloadable by the account until `expiresAt`, then
 * the files are removed and the row says «expired».
 */
export const dataExports = pgTable(
  "data_exports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id, { onDelete: "cascade" }),
    status: dataExportStatus("status").notNull().default("queued"),
    /** How many times the job took it (a run cut off by a crash is taken again). */
    attempts: integer("attempts").notNull().default(0),
    startedAt: timestamp("started_at", { withTimezone: true }),
    readyAt: timestamp("ready_at", { withTimezone: true }),
    /** readyAt + 24 hours: no download after it. */
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    failedAt: timestamp("failed_at", { withTimezone: true }),
    /** For the log and the operators; the client sees only that it failed. */
    failureReason: text("failure_reason"),
    jsonStorageKey: text("json_storage_key").unique(),
    jsonSizeBytes: integer("json_size_bytes"),
    pdfStorageKey: text("pdf_storage_key").unique(),
    pdfSizeBytes: integer("pdf_size_bytes"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    // One export in progress per account: a second «Подготовить выгрузку» finds the first.
    uniqueIndex("data_exports_running_key")
      .on(table.clientId)
      .where(sql`${table.status} in ('queued', 'preparing')`),
    index("data_exports_client_idx").on(table.clientId, table.createdAt),
    // The sweep's look for exports past their 24 hours.
    index("data_exports_expiry_idx").on(table.expiresAt).where(sql`${table.status} = 'ready'`),
  ],
);
