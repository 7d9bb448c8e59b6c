import {
  type ClinicImportChange,
  type ClinicImportRow,
  type DoctorField,
  doctorColumns,
  nameKey,
  type PriceField,
  parseRublesToKopecks,
  priceColumns,
} from "../../../common/booking/clinic-import.schema.ts";
import { isCleanText } from "../../../common/text.schema.ts";
import type { TableRow } from "../../table-file/read-table-file.ts";

// The rows of a clinic's price list or doctors checked against what the clinic has: each one is
// new, changed (and how), unchanged or an error, and the write «Загрузить» will make for it.

export interface KnownSpecialty {
  id: string;
  code: string;
  name: string;
}

export interface ExistingService {
  id: string;
  code: string;
  name: string;
  specialtyId: string;
  priceKopecks: number;
  isVisit: boolean;
  active: boolean;
}

export interface ExistingDoctor {
  id: string;
  lastName: string;
  firstName: string;
  patronymic: string | null;
  specialtyId: string;
  practiceSince: number;
  externalId: string | null;
  active: boolean;
}

/** A service to insert (serviceId null) or to update, by the clinic and its code. */
export interface PriceWrite {
  row: number;
  serviceId: string | null;
  code: string;
  name: string;
  specialtyId: string;
  priceKopecks: number;
  /** The specialty's visit at the clinic (the one before stops being it). */
  isVisit: boolean;
}

/** A doctor to insert (doctorId null) or to update. */
export interface DoctorWrite {
  row: number;
  doctorId: string | null;
  lastName: string;
  firstName: string;
  patronymic: string | null;
  specialtyId: string;
  practiceSince: number;
  externalId: string | null;
}

export interface CheckedRows<W> {
  rows: ClinicImportRow[];
  writes: W[];
}

type CellErrors = { column: string; reason: string }[];

const PERSON_NAME = /^[A-Za-zА-Яа-яЁё]+(?:[ '’-][A-Za-zА-Яа-яЁё]+)*$/;
const CODE = /^[\p{L}\p{N}][\p{L}\p{N}._/-]*$/u;

/** «1 500,50 ₽»: how a price reads in the preview. */
export function formatKopecks(kopecks: number): string {
  const rubles = Math.floor(kopecks / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, " ");
  return `${rubles},${String(kopecks % 100).padStart(2, "0")} ₽`;
}

function specialtyFinder(specialties: readonly KnownSpecialty[]) {
  const byKey = new Map<string, KnownSpecialty>();
  for (const specialty of specialties) {
    byKey.set(nameKey(specialty.name), specialty);
    byKey.set(nameKey(specialty.code), specialty);
  }
  return (text: string) => byKey.get(nameKey(text)) ?? null;
}

/** A text cell: required or not, at most `max` characters, no control characters. */
function textCell(
  errors: CellErrors,
  column: string,
  value: string,
  options: { max: number; required?: string },
): string {
  if (!value) {
    if (options.required) errors.push({ column, reason: options.required });
    return "";
  }
  if (!isCleanText(value)) {
    errors.push({ column, reason: "Уберите служебные символы из ячейки" });
  } else if (value.length > options.max) {
    errors.push({ column, reason: `Не длиннее ${options.max} символов` });
  }
  return value;
}

function specialtyCell(
  errors: CellErrors,
  column: string,
  value: string,
  find: (text: string) => KnownSpecialty | null,
): KnownSpecialty | null {
  if (!value) {
    errors.push({ column, reason: "Укажите специальность" });
    return null;
  }
  const specialty = find(value);
  if (!specialty) {
    errors.push({
      column,
      reason: `Неизвестная специальность «${value.slice(0, 60)}»: укажите её, как в списке специальностей на странице`,
    });
  }
  return specialty;
}

function rowOf(
  row: number,
  label: string,
  errors: CellErrors,
  changes: ClinicImportChange[] | null,
): ClinicImportRow {
  if (errors.length > 0) return { row, status: "error", label, changes: [], errors };
  if (changes === null) return { row, status: "new", label, changes: [], errors: [] };
  return {
    row,
    status: changes.length > 0 ? "changed" : "unchanged",
    label,
    changes,
    errors: [],
  };
}

/**
 * Checks a price list's rows: code (unique in the file), name, a known specialty, a price in
 * rubles (kept in kopecks). A code the clinic has is a change of that service; a service the file
 * does not name is left as it is.
 */
export function checkPriceRows(
  raw: readonly TableRow<PriceField>[],
  specialties: readonly KnownSpecialty[],
  existing: readonly ExistingService[],
): CheckedRows<PriceWrite> {
  const findSpecialty = specialtyFinder(specialties);
  const specialtyName = new Map(specialties.map((s) => [s.id, s.name]));
  const byCode = new Map(existing.map((service) => [service.code, service]));
  const seen = new Map<string, number>();
  /** The row that names each specialty's visit. */
  const visitRows = new Map<string, number>();
  const rows: ClinicImportRow[] = [];
  const writes: PriceWrite[] = [];
  for (const { row, cells } of raw) {
    const errors: CellErrors = [];
    const code = textCell(errors, priceColumns.code, cells.code, {
      max: 40,
      required: "Укажите код услуги",
    });
    if (code && errors.length === 0 && !CODE.test(code)) {
      errors.push({
        column: priceColumns.code,
        reason: "Код — буквы и цифры, можно с точкой, дефисом, «/» и «_», без пробелов",
      });
    }
    const earlier = seen.get(code);
    if (code && earlier !== undefined) {
      errors.push({
        column: priceColumns.code,
        reason: `Код «${code.slice(0, 40)}» уже есть в строке ${earlier}`,
      });
    } else if (code) {
      seen.set(code, row);
    }
    const name = textCell(errors, priceColumns.name, cells.name, {
      max: 300,
      required: "Укажите наименование услуги",
    });
    const specialty = specialtyCell(errors, priceColumns.specialty, cells.specialty, findSpecialty);
    let priceKopecks: number | null = null;
    if (!cells.price) {
      errors.push({ column: priceColumns.price, reason: "Укажите цену" });
    } else {
      priceKopecks = parseRublesToKopecks(cells.price);
      if (priceKopecks === null) {
        errors.push({
          column: priceColumns.price,
          reason: `Неверная цена «${cells.price.slice(0, 30)}»: укажите рубли, например 1500 или 1 500,50`,
        });
      }
    }
    const visitText = nameKey(cells.visit);
    let visit: boolean | null = null;
    if (["да", "yes", "1", "истина"].includes(visitText)) visit = true;
    else if (["нет", "no", "0", "ложь"].includes(visitText)) visit = false;
    else if (visitText) {
      errors.push({
        column: priceColumns.visit,
        reason: "Укажите «да», «нет» или оставьте пустым",
      });
    }
    if (visit && specialty) {
      const earlier = visitRows.get(specialty.id);
      if (earlier !== undefined) {
        errors.push({
          column: priceColumns.visit,
          reason: `Приём врача этой специальности уже указан в строке ${earlier}: он один`,
        });
      } else {
        visitRows.set(specialty.id, row);
      }
    }
    const label = [code, name].filter(Boolean).join(" ") || `Строка ${row}`;
    if (errors.length > 0 || !specialty || priceKopecks === null) {
      rows.push(rowOf(row, label, errors, null));
      continue;
    }
    const current = byCode.get(code);
    let changes: ClinicImportChange[] | null = null;
    if (current) {
      changes = [];
      if (current.name !== name) {
        changes.push({ column: priceColumns.name, from: current.name, to: name });
      }
      if (current.specialtyId !== specialty.id) {
        changes.push({
          column: priceColumns.specialty,
          from: specialtyName.get(current.specialtyId) ?? "",
          to: specialty.name,
        });
      }
      if (current.priceKopecks !== priceKopecks) {
        changes.push({
          column: priceColumns.price,
          from: formatKopecks(current.priceKopecks),
          to: formatKopecks(priceKopecks),
        });
      }
      if (visit !== null && visit !== current.isVisit) {
        changes.push({
          column: priceColumns.visit,
          from: current.isVisit ? "да" : "нет",
          to: visit ? "да" : "нет",
        });
      }
      if (!current.active) changes.push({ column: "Услуга", from: "скрыта", to: "доступна" });
    }
    const checked = rowOf(row, label, errors, changes);
    rows.push(checked);
    if (checked.status === "new" || checked.status === "changed") {
      writes.push({
        row,
        serviceId: current?.id ?? null,
        code,
        name,
        specialtyId: specialty.id,
        priceKopecks,
        isVisit: visit ?? current?.isVisit ?? false,
      });
    }
  }
  return { rows, writes };
}

function fullName(doctor: { lastName: string; firstName: string; patronymic: string | null }) {
  return [doctor.lastName, doctor.firstName, doctor.patronymic].filter(Boolean).join(" ");
}

function doctorKey(doctor: {
  lastName: string;
  firstName: string;
  patronymic: string | null;
  specialtyId: string;
}) {
  return `${nameKey(fullName(doctor))}|${doctor.specialtyId}`;
}

function personCell(
  errors: CellErrors,
  field: DoctorField,
  value: string,
  required: string | undefined,
): string {
  const column = doctorColumns[field];
  const text = textCell(errors, column, value, { max: 100, required });
  if (text && errors.every((error) => error.column !== column) && !PERSON_NAME.test(text)) {
    errors.push({ column, reason: "Только буквы, дефис, апостроф и пробел" });
  }
  return text;
}

/**
 * Checks a doctors list's rows: the name, a known specialty, the year practice began. A doctor is
 * the clinic's own when «Код врача» matches, else when the full name (without regard to case and
 * ё/е) and the specialty do; a doctor the file does not name is left as it is.
 */
export function checkDoctorRows(
  raw: readonly TableRow<DoctorField>[],
  specialties: readonly KnownSpecialty[],
  existing: readonly ExistingDoctor[],
  thisYear: number,
): CheckedRows<DoctorWrite> {
  const findSpecialty = specialtyFinder(specialties);
  const specialtyName = new Map(specialties.map((s) => [s.id, s.name]));
  const byExternalId = new Map(
    existing.filter((d) => d.externalId).map((d) => [d.externalId as string, d]),
  );
  const byKey = new Map<string, ExistingDoctor[]>();
  for (const doctor of existing) {
    const key = doctorKey(doctor);
    byKey.set(key, [...(byKey.get(key) ?? []), doctor]);
  }
  const seenKeys = new Map<string, number>();
  const seenCodes = new Map<string, number>();
  const rows: ClinicImportRow[] = [];
  const writes: DoctorWrite[] = [];
  for (const { row, cells } of raw) {
    const errors: CellErrors = [];
    const lastName = personCell(errors, "lastName", cells.lastName, "Укажите фамилию");
    const firstName = personCell(errors, "firstName", cells.firstName, "Укажите имя");
    const patronymic = personCell(errors, "patronymic", cells.patronymic, undefined) || null;
    const specialty = specialtyCell(
      errors,
      doctorColumns.specialty,
      cells.specialty,
      findSpecialty,
    );
    const yearText = cells.practiceSince.replace(/\s/g, "");
    let practiceSince: number | null = null;
    if (!yearText) {
      errors.push({ column: doctorColumns.practiceSince, reason: "Укажите год начала практики" });
    } else if (
      !/^\d{4}$/.test(yearText) ||
      Number(yearText) < 1950 ||
      Number(yearText) > thisYear
    ) {
      errors.push({
        column: doctorColumns.practiceSince,
        reason: `Укажите год от 1950 до ${thisYear}, например 2008`,
      });
    } else {
      practiceSince = Number(yearText);
    }
    const externalId =
      textCell(errors, doctorColumns.externalId, cells.externalId, { max: 100 }) || null;
    if (externalId) {
      const earlier = seenCodes.get(externalId);
      if (earlier !== undefined) {
        errors.push({
          column: doctorColumns.externalId,
          reason: `Код врача «${externalId.slice(0, 40)}» уже есть в строке ${earlier}`,
        });
      } else {
        seenCodes.set(externalId, row);
      }
    }
    const label =
      [fullName({ lastName, firstName, patronymic }), specialty?.name].filter(Boolean).join(", ") ||
      `Строка ${row}`;
    if (errors.length > 0 || !specialty || practiceSince === null) {
      rows.push(rowOf(row, label, errors, null));
      continue;
    }
    const doctor = { lastName, firstName, patronymic, specialtyId: specialty.id };
    const key = doctorKey(doctor);
    const earlier = seenKeys.get(key);
    if (earlier !== undefined) {
      rows.push(
        rowOf(
          row,
          label,
          [{ column: doctorColumns.lastName, reason: `Этот врач уже есть в строке ${earlier}` }],
          null,
        ),
      );
      continue;
    }
    seenKeys.set(key, row);
    let current: ExistingDoctor | undefined = externalId ? byExternalId.get(externalId) : undefined;
    if (!current) {
      const namesakes = (byKey.get(key) ?? []).filter(
        (d) => !externalId || !d.externalId || d.externalId === externalId,
      );
      if (namesakes.length > 1) {
        rows.push(
          rowOf(
            row,
            label,
            [
              {
                column: doctorColumns.externalId,
                reason:
                  "В клинике несколько врачей с таким именем и специальностью: укажите код врача",
              },
            ],
            null,
          ),
        );
        continue;
      }
      current = namesakes[0];
    }
    let changes: ClinicImportChange[] | null = null;
    if (current) {
      changes = [];
      const before = fullName(current);
      const after = fullName(doctor);
      if (before !== after) changes.push({ column: "ФИО", from: before, to: after });
      if (current.specialtyId !== specialty.id) {
        changes.push({
          column: doctorColumns.specialty,
          from: specialtyName.get(current.specialtyId) ?? "",
          to: specialty.name,
        });
      }
      if (current.practiceSince !== practiceSince) {
        changes.push({
          column: doctorColumns.practiceSince,
          from: String(current.practiceSince),
          to: String(practiceSince),
        });
      }
      if (externalId && current.externalId !== externalId) {
        changes.push({
          column: doctorColumns.externalId,
          from: current.externalId ?? "",
          to: externalId,
        });
      }
      if (!current.active) changes.push({ column: "Врач", from: "скрыт", to: "принимает" });
    }
    const checked = rowOf(row, label, [], changes);
    rows.push(checked);
    if (checked.status === "new" || checked.status === "changed") {
      writes.push({
        row,
        doctorId: current?.id ?? null,
        ...doctor,
        practiceSince,
        externalId: externalId ?? current?.externalId ?? null,
      });
    }
  }
  return { rows, writes };
}
