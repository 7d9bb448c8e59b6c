import { and, desc, eq, sql } from "drizzle-orm";
import type {
  RegistryApplyMode,
  RegistryApplySummary,
  RegistryError,
  RegistryRow,
} from "../../../../common/contracts/import.schema.ts";
import type { Db } from "../../../db/client.ts";
import { registryImports, staffMembers } from "../../../db/schema/index.ts";
import type { RegistryFormat } from "./registry-file.ts";

export interface StoredRegistryImport {
  id: string;
  fileName: string;
  format: RegistryFormat;
  status: "previewed" | "applied" | "discarded";
  uploadedBy: string | null;
  rowsTotal: number;
  rowsValid: number;
  rows: RegistryRow[];
  errors: RegistryError[];
  appliedMode: RegistryApplyMode | null;
  appliedSummary: RegistryApplySummary | null;
  appliedAt: Date | null;
  createdAt: Date;
}

const summaryColumns = {
  id: registryImports.id,
  fileName: registryImports.fileName,
  format: registryImports.format,
  status: registryImports.status,
  uploadedBy: staffMembers.fullName,
  rowsTotal: registryImports.rowsTotal,
  rowsValid: registryImports.rowsValid,
  appliedMode: registryImports.appliedMode,
  appliedSummary: registryImports.appliedSummary,
  appliedAt: registryImports.appliedAt,
  createdAt: registryImports.createdAt,
};

export async function insertRegistryImport(
  db: Db,
  values: {
    uploadedById: string;
    fileName: string;
    format: RegistryFormat;
    rowsTotal: number;
    rowsValid: number;
    rows: RegistryRow[];
    errors: RegistryError[];
  },
): Promise<string> {
  const [row] = await db
    .insert(registryImports)
    .values(values)
    .returning({ id: registryImports.id });
  if (!row) throw new Error("the registry import was not stored");
  return row.id;
}

export async function findRegistryImport(db: Db, id: string): Promise<StoredRegistryImport | null> {
  const [row] = await db
    .select({ ...summaryColumns, rows: registryImports.rows, errors: registryImports.errors })
    .from(registryImports)
    .leftJoin(staffMembers, eq(staffMembers.id, registryImports.uploadedById))
    .where(eq(registryImports.id, id));
  if (!row) return null;
  return {
    ...row,
    format: row.format as RegistryFormat,
    appliedMode: row.appliedMode as RegistryApplyMode | null,
    appliedSummary: row.appliedSummary as RegistryApplySummary | null,
    rows: row.rows as RegistryRow[],
    errors: row.errors as RegistryError[],
  };
}

export type RegistryImportSummaryRow = Omit<StoredRegistryImport, "rows" | "errors"> & {
  errorsTotal: number;
};

/** The newest imports, without their rows. */
export async function listRegistryImports(
  db: Db,
  limit: number,
): Promise<RegistryImportSummaryRow[]> {
  const rows = await db
    .select({
      ...summaryColumns,
      errorsTotal: sql<number>`jsonb_array_length(${registryImports.errors})::int`,
    })
    .from(registryImports)
    .leftJoin(staffMembers, eq(staffMembers.id, registryImports.uploadedById))
    .orderBy(desc(registryImports.createdAt))
    .limit(limit);
  return rows.map((row) => ({
    ...row,
    format: row.format as RegistryFormat,
    appliedMode: row.appliedMode as RegistryApplyMode | null,
    appliedSummary: row.appliedSummary as RegistryApplySummary | null,
  }));
}

/**
 * Moves a previewed import to "applied" or "discarded"; false when it is no longer previewed
 * (applied or discarded by someone else in the meantime).
 */
export async function closeRegistryImport(
  db: Db,
  id: string,
  values:
    | { status: "applied"; appliedMode: RegistryApplyMode; appliedSummary: RegistryApplySummary }
    | { status: "discarded" },
  at: Date,
): Promise<boolean> {
  const rows = await db
    .update(registryImports)
    .set(values.status === "applied" ? { ...values, appliedAt: at } : values)
    .where(and(eq(registryImports.id, id), eq(registryImports.status, "previewed")))
    .returning({ id: registryImports.id });
  return rows.length > 0;
}
