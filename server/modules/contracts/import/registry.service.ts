import {
  PREVIEW_ERRORS_LIMIT,
  PREVIEW_ROWS_LIMIT,
  type RegistryApplyMode,
  type RegistryApplySummary,
  type RegistryImport,
  type RegistryImportListItem,
  type RegistryRow,
  registryColumns,
  registryFields,
  registryKindLabels,
} from "../../../../common/contracts/import.schema.ts";
import type { Db } from "../../../db/client.ts";
import { AppError, ConflictError, NotFoundError } from "../../../errors.ts";
import { audit } from "../../../plugins/audit.ts";
import type { StaffActor } from "../../../plugins/staff-access.ts";
import {
  checkImportItems,
  ImportRejectedError,
  importContractsIn,
  importTotals,
  isUniqueViolation,
} from "./import.service.ts";
import {
  closeRegistryImport,
  findRegistryImport,
  insertRegistryImport,
  listRegistryImports,
  type StoredRegistryImport,
} from "./registry.repository.ts";
import { readRegistryFile } from "./registry-file.ts";
import {
  checkRegistryRows,
  itemErrorsToRows,
  registryContracts,
  registryKey,
  sortRegistryErrors,
} from "./registry-rows.ts";

const NOT_FOUND = "Такой загрузки реестра нет.";

function present(stored: StoredRegistryImport): RegistryImport {
  const keys = new Set(stored.rows.map(registryKey));
  const validKeys = new Set(stored.rows.filter((row) => row.contractValid).map(registryKey));
  return {
    id: stored.id,
    fileName: stored.fileName,
    format: stored.format,
    status: stored.status,
    createdAt: stored.createdAt.toISOString(),
    uploadedBy: stored.uploadedBy,
    rowsTotal: stored.rowsTotal,
    rowsValid: stored.rowsValid,
    contractsTotal: keys.size,
    contractsValid: validKeys.size,
    errorsTotal: stored.errors.length,
    errors: stored.errors.slice(0, PREVIEW_ERRORS_LIMIT),
    sample: stored.rows.slice(0, PREVIEW_ROWS_LIMIT),
    appliedMode: stored.appliedMode,
    appliedAt: stored.appliedAt?.toISOString() ?? null,
    appliedSummary: stored.appliedSummary,
  };
}

/**
 * Reads an uploaded registry, checks every row (the format of each cell, the agreement of a
 * contract's rows, the catalogue's programs and patient slots) and stores the result for the
 * admin's preview. Nothing is written to the contracts yet.
 */
export async function previewRegistry(
  db: Db,
  staffId: string,
  file: { fileName: string; bytes: Uint8Array },
): Promise<RegistryImport> {
  const raw = await readRegistryFile(file.bytes);
  const checked = checkRegistryRows(raw.rows);
  const itemErrors = await checkImportItems(
    db,
    checked.contracts.map((contract) => contract.item),
  );
  const errors = [...raw.headerErrors, ...checked.errors];
  const erroneousRows = new Set(checked.errors.map((error) => error.row));
  for (const error of itemErrorsToRows(checked.contracts, itemErrors)) {
    errors.push(error);
    erroneousRows.add(error.row);
  }
  for (const error of itemErrors) {
    const contract = checked.contracts[error.index];
    if (contract) checked.tainted.keys.add(contract.key);
  }
  const rows: RegistryRow[] = checked.validRows.map((row) => ({
    ...row,
    contractValid:
      !checked.tainted.keys.has(registryKey(row)) && !checked.tainted.numbers.has(row.number),
  }));
  const id = await insertRegistryImport(db, {
    uploadedById: staffId,
    fileName: file.fileName,
    format: raw.format,
    rowsTotal: raw.rows.length,
    rowsValid: raw.rows.filter((row) => !erroneousRows.has(row.row)).length,
    rows,
    errors: sortRegistryErrors(errors),
  });
  return getRegistryImport(db, id);
}

export async function getRegistryImport(db: Db, id: string): Promise<RegistryImport> {
  const stored = await findRegistryImport(db, id);
  if (!stored) throw new NotFoundError(NOT_FOUND);
  return present(stored);
}

/** A preview shows clients' personal data: each one shown is written to the audit log. */
async function auditedPreview(
  db: Db,
  actor: StaffActor,
  preview: RegistryImport,
): Promise<RegistryImport> {
  await audit.record(db, {
    staffId: actor.staffId,
    action: "registry-import.view",
    subjectType: "registry_import",
    subjectId: preview.id,
    ip: actor.ip,
  });
  return preview;
}

/** «Загрузить реестр»: stores the file's check as a preview (audited) for the admin to apply. */
export async function uploadRegistry(
  db: Db,
  actor: StaffActor,
  file: { fileName: string; bytes: Uint8Array },
): Promise<RegistryImport> {
  return auditedPreview(db, actor, await previewRegistry(db, actor.staffId, file));
}

/** A stored preview, opened again (audited). */
export async function viewRegistryImport(
  db: Db,
  actor: StaffActor,
  id: string,
): Promise<RegistryImport> {
  return auditedPreview(db, actor, await getRegistryImport(db, id));
}

function refuseClosed(stored: StoredRegistryImport): never {
  throw new ConflictError(
    stored.status === "applied"
      ? "Этот реестр уже применён. Чтобы загрузить его снова, выберите файл ещё раз."
      : "Эта загрузка отменена. Чтобы применить реестр, выберите файл ещё раз.",
  );
}

/**
 * Writes a previewed registry in one transaction. "all" is refused (422, nothing written) while
 * the file has errors; "valid-only" writes the contracts none of whose rows has an error.
 */
export async function applyRegistryImport(
  db: Db,
  id: string,
  mode: RegistryApplyMode,
): Promise<RegistryImport> {
  const stored = await findRegistryImport(db, id);
  if (!stored) throw new NotFoundError(NOT_FOUND);
  if (stored.status !== "previewed") refuseClosed(stored);
  if (mode === "all" && stored.errors.length > 0) {
    throw new AppError(
      422,
      "registry-has-errors",
      "Реестр не применён",
      `В файле ошибок: ${stored.errors.length}. Ничего не записано. Исправьте файл и загрузите его снова или примените только корректные строки.`,
    );
  }
  const applicable = stored.rows.filter((row) => row.contractValid);
  const contracts = registryContracts(applicable);
  if (contracts.length === 0) {
    throw new AppError(
      422,
      "registry-nothing-valid",
      "Реестр не применён",
      "В файле нет ни одного договора без ошибок: записывать нечего. Исправьте файл и загрузите его снова.",
    );
  }
  try {
    await db.transaction(async (tx) => {
      const results = await importContractsIn(
        tx,
        contracts.map((contract) => contract.item),
      );
      const summary: RegistryApplySummary = {
        contracts: results.length,
        ...importTotals(results),
        rowsApplied: applicable.length,
        rowsSkipped: stored.rowsTotal - applicable.length,
      };
      const closed = await closeRegistryImport(
        tx,
        id,
        { status: "applied", appliedMode: mode, appliedSummary: summary },
        new Date(),
      );
      // Applied or discarded by someone else meanwhile: roll back what this apply wrote.
      if (!closed) throw new ConflictError("Этот реестр уже применён или отменён.");
    });
  } catch (error) {
    if (error instanceof ImportRejectedError || isUniqueViolation(error)) {
      throw new ConflictError(
        "С момента проверки файла данные изменились (например, программа удалена из каталога или договор записан другим запросом). Ничего не записано: загрузите файл заново.",
      );
    }
    throw error;
  }
  return getRegistryImport(db, id);
}

/** «Отменить»: the preview is dropped; the import can no longer be applied. */
export async function discardRegistryImport(db: Db, id: string): Promise<RegistryImport> {
  const stored = await findRegistryImport(db, id);
  if (!stored) throw new NotFoundError(NOT_FOUND);
  if (stored.status !== "previewed") refuseClosed(stored);
  if (!(await closeRegistryImport(db, id, { status: "discarded" }, new Date()))) {
    throw new ConflictError("Этот реестр уже применён или отменён.");
  }
  return getRegistryImport(db, id);
}

export async function recentRegistryImports(db: Db): Promise<RegistryImportListItem[]> {
  return (await listRegistryImports(db, 20)).map((row) => ({
    id: row.id,
    fileName: row.fileName,
    format: row.format,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    uploadedBy: row.uploadedBy,
    rowsTotal: row.rowsTotal,
    rowsValid: row.rowsValid,
    errorsTotal: row.errorsTotal,
    appliedAt: row.appliedAt?.toISOString() ?? null,
    appliedSummary: row.appliedSummary,
  }));
}

function csvCell(value: string): string {
  return /[;"\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The registry template: UTF-8 with BOM (Excel opens it right), `;`, headers and one example. */
export function registryTemplateCsv(): string {
  const example: Record<(typeof registryFields)[number], string> = {
    kind: registryKindLabels.certificate,
    number: "11/12345678",
    insurerName: "",
    programCode: "call-doctor-plus",
    startsOn: "12.01.2026",
    endsOn: "11.01.2027",
    slot: "1",
    lastName: "Соколов",
    firstName: "Евгений",
    patronymic: "Александрович",
    birthDate: "23.07.1980",
    // Plainly made up: never the demo client's (or anyone's) number.
    phone: "+7 900 000-00-00",
    email: "sokolov@example.ru",
  };
  const header = registryFields.map((field) => csvCell(registryColumns[field])).join(";");
  const row = registryFields.map((field) => csvCell(example[field])).join(";");
  return `\uFEFF${header}\r\n${row}\r\n`;
}
