import {
  type ImportContract,
  type RegistryError,
  type RegistryField,
  type RegistryRow,
  registryColumns,
  registryFields,
  registryRowInputSchema,
} from "../../../../common/contracts/import.schema.ts";
import type { ImportItemError } from "./import.service.ts";
import type { RawRegistryRow } from "./registry-file.ts";

type ValidRow = Omit<RegistryRow, "contractValid">;

/** A contract assembled from its rows: the first row gives the contract's fields. */
export interface RegistryContract {
  key: string;
  rows: ValidRow[];
  item: ImportContract;
}

export interface CheckedRegistry {
  /** Rows without errors of their own. */
  validRows: ValidRow[];
  errors: RegistryError[];
  contracts: RegistryContract[];
  /** Keys (`kind|number`) and bare numbers of contracts with an error in any row. */
  tainted: { keys: Set<string>; numbers: Set<string> };
}

const columnOrder = new Map<string, number>(
  registryFields.map((field, index) => [registryColumns[field], index]),
);

/** Errors by row, then in the order of the columns. */
export function sortRegistryErrors(errors: RegistryError[]): RegistryError[] {
  return errors.sort(
    (a, b) =>
      a.row - b.row || (columnOrder.get(a.column) ?? 99) - (columnOrder.get(b.column) ?? 99),
  );
}

const contractFields = ["insurerName", "programCode", "startsOn", "endsOn"] as const;

export const registryKey = (row: { kind: string; number: string }) => `${row.kind}|${row.number}`;

function toItem(rows: ValidRow[]): ImportContract {
  const [first] = rows as [ValidRow, ...ValidRow[]];
  return {
    kind: first.kind,
    number: first.number,
    insurerName: first.insurerName,
    programCode: first.programCode,
    startsOn: first.startsOn,
    endsOn: first.endsOn,
    persons: rows.map((row) => ({
      slot: row.slot,
      lastName: row.lastName,
      firstName: row.firstName,
      patronymic: row.patronymic,
      birthDate: row.birthDate,
      phone: row.phone,
      email: row.email,
    })),
  };
}

/** Groups stored rows back into contracts (rows of a contract agree on its fields). */
export function registryContracts(rows: ValidRow[]): RegistryContract[] {
  const groups = new Map<string, ValidRow[]>();
  for (const row of rows) {
    const key = registryKey(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return [...groups].map(([key, group]) => ({ key, rows: group, item: toItem(group) }));
}

/**
 * Validates each row (Russian reasons per column), then groups the rows into contracts: rows of
 * one contract must agree on its fields and name each patient once; the later row of a
 * disagreement gets the error.
 */
export function checkRegistryRows(raw: RawRegistryRow[]): CheckedRegistry {
  const errors: RegistryError[] = [];
  const tainted = { keys: new Set<string>(), numbers: new Set<string>() };
  const groups = new Map<string, ValidRow[]>();

  for (const { row, cells } of raw) {
    const parsed = registryRowInputSchema.safeParse(cells);
    if (!parsed.success) {
      const seen = new Set<string>();
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as RegistryField | undefined;
        const column = field ? registryColumns[field] : registryColumns.number;
        if (seen.has(column)) continue;
        seen.add(column);
        errors.push({ row, column, reason: issue.message });
      }
      if (cells.number) tainted.numbers.add(cells.number);
      continue;
    }
    const value: ValidRow = { row, ...parsed.data };
    const key = registryKey(value);
    const group = groups.get(key);
    if (!group) {
      groups.set(key, [value]);
      continue;
    }
    const first = group[0] as ValidRow;
    const conflicts = contractFields.filter((field) => value[field] !== first[field]);
    const twin = group.find((other) => other.slot === value.slot);
    for (const field of conflicts) {
      errors.push({
        row,
        column: registryColumns[field],
        reason: `Не совпадает со строкой ${first.row} того же договора`,
      });
    }
    if (twin) {
      errors.push({
        row,
        column: registryColumns.slot,
        reason: `Пациент ${value.slot} этого договора уже указан в строке ${twin.row}`,
      });
    }
    if (conflicts.length > 0 || twin) tainted.keys.add(key);
    else group.push(value);
  }

  const contracts = [...groups].map(([key, rows]) => ({ key, rows, item: toItem(rows) }));
  const validRows = contracts.flatMap((contract) => contract.rows);
  return { validRows, errors, contracts, tainted };
}

/** Puts the upsert's checks (unknown program, «Пациент 2» not covered, …) onto rows and columns. */
export function itemErrorsToRows(
  contracts: RegistryContract[],
  itemErrors: ImportItemError[],
): RegistryError[] {
  return itemErrors.map((error) => {
    const contract = contracts[error.index] as RegistryContract;
    const [first] = contract.rows as [ValidRow];
    const person = /^persons\.(\d+)\./.exec(error.field);
    if (person) {
      const row = contract.rows[Number(person[1])] ?? first;
      return { row: row.row, column: registryColumns.slot, reason: error.message };
    }
    const column =
      error.field === "programCode"
        ? registryColumns.programCode
        : error.field === "persons"
          ? registryColumns.slot
          : registryColumns.number;
    return { row: first.row, column, reason: error.message };
  });
}
