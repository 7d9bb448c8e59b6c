import {
  CLINIC_IMPORT_MAX_ROWS,
  CLINIC_IMPORT_PREVIEW_ROWS,
  type ClinicImport,
  type ClinicImportClinics,
  type ClinicImportKind,
  type ClinicImportRow,
  type ClinicImportRowStatus,
  type DoctorField,
  doctorColumns,
  doctorFields,
  optionalDoctorFields,
  optionalPriceFields,
  type PriceField,
  priceColumns,
  priceFields,
} from "../../../common/booking/clinic-import.schema.ts";
import type { Db } from "../../db/client.ts";
import { isUniqueViolation } from "../../db/unique-violation.ts";
import { AppError, ConflictError, NotFoundError } from "../../errors.ts";
import { audit } from "../../plugins/audit.ts";
import type { StaffActor } from "../../plugins/staff-access.ts";
import { csvTable, readTableFile, type TableSpec } from "../../table-file/read-table-file.ts";
import {
  closeClinicImport,
  findClinicImport,
  findImportClinic,
  insertClinicImport,
  listClinicDoctors,
  listClinicServices,
  listImportClinics,
  listKnownSpecialties,
  type StoredClinicImport,
  upsertServices,
  writeDoctors,
} from "./clinic-import.repository.ts";
import {
  type CheckedRows,
  checkDoctorRows,
  checkPriceRows,
  type DoctorWrite,
  type PriceWrite,
} from "./clinic-import-rows.ts";
import { moscowDate } from "./moscow-time.ts";

const NOT_FOUND = "Такой загрузки нет.";

/** A file that cannot be read as a price list or a doctors list: nothing is stored. */
export class ClinicImportFileError extends AppError {
  constructor(detail: string, status = 422) {
    super(status, "clinic-import-file", "Файл не загружен", detail);
  }
}

const texts = (what: string) => ({
  unsupported: `Файл не похож на ${what}. Загрузите таблицу XLSX или CSV в кодировке UTF-8 (в Excel: «Сохранить как» → «CSV UTF-8»).`,
  unknownColumn: "Неизвестный столбец. Используйте заголовки из образца файла",
  tooManyRows: (count: number) =>
    `В файле ${count} строк, а за один раз можно загрузить не больше ${CLINIC_IMPORT_MAX_ROWS}. Разделите файл на части.`,
});

const fail = (detail: string, status: number) => new ClinicImportFileError(detail, status);

const priceSpec: TableSpec<PriceField> = {
  fields: priceFields,
  columns: priceColumns,
  optional: optionalPriceFields,
  aliases: [
    ["Цена", "price"],
    ["Цена, руб.", "price"],
    ["Цена, руб", "price"],
    ["Стоимость", "price"],
    ["Код услуги", "code"],
    ["Услуга", "name"],
    ["Наименование услуги", "name"],
    ["Приём", "visit"],
  ],
  maxRows: CLINIC_IMPORT_MAX_ROWS,
  texts: texts("прайс-лист"),
  fail,
};

const doctorSpec: TableSpec<DoctorField> = {
  fields: doctorFields,
  columns: doctorColumns,
  optional: optionalDoctorFields,
  aliases: [
    ["Практика с", "practiceSince"],
    ["Год начала практики", "practiceSince"],
    ["Стаж с", "practiceSince"],
  ],
  maxRows: CLINIC_IMPORT_MAX_ROWS,
  texts: texts("список врачей"),
  fail,
};

/** Errors first (they need the admin), then what changes, what is new, what stays. */
const statusOrder: Record<ClinicImportRowStatus, number> = {
  error: 0,
  changed: 1,
  new: 2,
  unchanged: 3,
};

function present(stored: StoredClinicImport): ClinicImport {
  const totals = { new: 0, changed: 0, unchanged: 0, error: 0 };
  for (const row of stored.rows.preview) totals[row.status] += 1;
  const rows = [...stored.rows.preview]
    .sort((a, b) => statusOrder[a.status] - statusOrder[b.status] || a.row - b.row)
    .slice(0, CLINIC_IMPORT_PREVIEW_ROWS);
  return {
    id: stored.id,
    kind: stored.kind,
    clinic: stored.clinic,
    fileName: stored.fileName,
    format: stored.format,
    status: stored.status,
    createdAt: stored.createdAt.toISOString(),
    uploadedBy: stored.uploadedBy,
    rowsTotal: stored.rowsTotal,
    totals,
    headerErrors: stored.headerErrors,
    rows,
    appliedAt: stored.appliedAt?.toISOString() ?? null,
    appliedSummary: stored.appliedSummary,
  };
}

/** The clinics to choose from and the specialties a file may name. */
export async function clinicImportChoices(db: Db): Promise<ClinicImportClinics> {
  const [clinics, specialties] = await Promise.all([
    listImportClinics(db),
    listKnownSpecialties(db),
  ]);
  return {
    clinics,
    specialties: specialties.map(({ code, name }) => ({ code, name })),
  };
}

async function checkFile(
  db: Db,
  clinicId: string,
  kind: ClinicImportKind,
  bytes: Uint8Array,
  now: Date,
) {
  const specialties = await listKnownSpecialties(db);
  if (kind === "prices") {
    const file = await readTableFile(bytes, priceSpec);
    const checked: CheckedRows<PriceWrite | DoctorWrite> = checkPriceRows(
      file.rows,
      specialties,
      await listClinicServices(db, clinicId),
    );
    return { file, checked };
  }
  const file = await readTableFile(bytes, doctorSpec);
  const thisYear = Number(moscowDate(now).slice(0, 4));
  const checked: CheckedRows<PriceWrite | DoctorWrite> = checkDoctorRows(
    file.rows,
    specialties,
    await listClinicDoctors(db, clinicId),
    thisYear,
  );
  return { file, checked };
}

/**
 * «Проверить файл»: reads a clinic's price list or doctors, tells each row new, changed (and
 * how), unchanged or wrong, and stores it for «Загрузить». Nothing of the clinic changes yet.
 */
export async function previewClinicImport(
  db: Db,
  actor: StaffActor,
  input: { clinicId: string; kind: ClinicImportKind; fileName: string; bytes: Uint8Array },
  now = new Date(),
): Promise<ClinicImport> {
  const clinic = await findImportClinic(db, input.clinicId);
  if (!clinic) throw new NotFoundError("Такой клиники нет. Выберите клинику из списка.");
  const { file, checked } = await checkFile(db, clinic.id, input.kind, input.bytes, now);
  const rows: ClinicImportRow[] = checked.rows;
  const id = await insertClinicImport(db, {
    kind: input.kind,
    clinicId: clinic.id,
    uploadedById: actor.staffId,
    fileName: input.fileName,
    format: file.format,
    rowsTotal: file.rows.length,
    rowsValid: rows.filter((row) => row.status !== "error").length,
    rows: { preview: rows, writes: checked.writes as PriceWrite[] | DoctorWrite[] },
    headerErrors: file.headerErrors,
  });
  await audit.record(db, {
    staffId: actor.staffId,
    action: "clinic-import.upload",
    subjectType: "clinic",
    subjectId: clinic.id,
    details: { importId: id, kind: input.kind, fileName: input.fileName },
    ip: actor.ip,
  });
  return getClinicImport(db, id);
}

export async function getClinicImport(db: Db, id: string): Promise<ClinicImport> {
  const stored = await findClinicImport(db, id);
  if (!stored) throw new NotFoundError(NOT_FOUND);
  return present(stored);
}

function refuseClosed(stored: StoredClinicImport): never {
  throw new ConflictError(
    stored.status === "applied"
      ? "Этот файл уже загружен. Чтобы загрузить его снова, выберите файл ещё раз."
      : "Эта загрузка отменена. Чтобы загрузить файл, выберите его ещё раз.",
  );
}

/**
 * «Загрузить»: writes the previewed new and changed rows in one transaction (services upserted
 * by the clinic and code, doctors inserted or updated), audited in it. Rows with errors are not
 * written; services and doctors the file does not name stay as they are.
 */
export async function applyClinicImport(
  db: Db,
  actor: StaffActor,
  id: string,
  now = new Date(),
): Promise<ClinicImport> {
  const stored = await findClinicImport(db, id);
  if (!stored) throw new NotFoundError(NOT_FOUND);
  if (stored.status !== "previewed") refuseClosed(stored);
  if (stored.rows.writes.length === 0) {
    throw new AppError(
      422,
      "clinic-import-nothing",
      "Загружать нечего",
      stored.headerErrors.length > 0
        ? "В заголовках файла ошибки: исправьте их и выберите файл снова."
        : "В файле нет новых или изменённых строк без ошибок.",
    );
  }
  try {
    await db.transaction(async (tx) => {
      const summary =
        stored.kind === "prices"
          ? await upsertServices(tx, stored.clinic.id, stored.rows.writes as PriceWrite[])
          : await writeDoctors(tx, stored.clinic.id, stored.rows.writes as DoctorWrite[]);
      if (!(await closeClinicImport(tx, id, { status: "applied", appliedSummary: summary }, now))) {
        // Applied or discarded by someone else meanwhile: roll back what this one wrote.
        throw new ConflictError("Эта загрузка уже применена или отменена.");
      }
      await audit.record(tx, {
        staffId: actor.staffId,
        action: stored.kind === "prices" ? "clinic-import.prices" : "clinic-import.doctors",
        subjectType: "clinic",
        subjectId: stored.clinic.id,
        details: { importId: id, ...summary },
        ip: actor.ip,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error) !== null) {
      throw new ConflictError(
        "С момента проверки файла данные клиники изменились (например, код врача занят другим врачом). Ничего не записано: выберите файл снова.",
      );
    }
    throw error;
  }
  return getClinicImport(db, id);
}

/** «Отменить»: the preview is dropped and can no longer be applied. */
export async function discardClinicImport(db: Db, id: string): Promise<ClinicImport> {
  const stored = await findClinicImport(db, id);
  if (!stored) throw new NotFoundError(NOT_FOUND);
  if (stored.status !== "previewed") refuseClosed(stored);
  if (!(await closeClinicImport(db, id, { status: "discarded" }, new Date()))) {
    throw new ConflictError("Эта загрузка уже применена или отменена.");
  }
  return getClinicImport(db, id);
}

/** The file to fill in: the headers and an example row (docs/samples/ has the same). */
export function clinicImportTemplateCsv(kind: ClinicImportKind): string {
  if (kind === "prices") {
    return csvTable([
      priceFields.map((field) => priceColumns[field]),
      ["TER-01", "Приём терапевта первичный", "терапевт", "2 500,00", "да"],
    ]);
  }
  return csvTable([
    doctorFields.map((field) => doctorColumns[field]),
    ["Семёнова", "Анна", "Петровна", "терапевт", "2008", "MIS-1024"],
  ]);
}
