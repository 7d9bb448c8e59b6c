import {
  type RegistryError,
  type RegistryField,
  registryColumns,
  registryFields,
} from "../../../../common/contracts/import.schema.ts";
import { AppError } from "../../../errors.ts";
import {
  readTableFile,
  type TableFormat,
  type TableRow,
  type TableSpec,
} from "../../../table-file/read-table-file.ts";

export type RegistryFormat = TableFormat;

/** The most data rows one registry file may hold. */
export const MAX_REGISTRY_ROWS = 20_000;

export type RawRegistryRow = TableRow<RegistryField>;

export interface RawRegistry {
  format: RegistryFormat;
  /** Problems with the header row; when there are any, no data rows are read. */
  headerErrors: RegistryError[];
  rows: RawRegistryRow[];
}

/** A file that cannot be read as a registry at all: nothing is stored. */
export class RegistryFileError extends AppError {
  constructor(detail: string, status = 422) {
    super(status, "registry-file", "Файл не загружен", detail);
  }
}

const registrySpec: TableSpec<RegistryField> = {
  fields: registryFields,
  columns: registryColumns,
  aliases: [
    ["email", "email"],
    ["эл. почта", "email"],
    ["электронная почта", "email"],
  ],
  maxRows: MAX_REGISTRY_ROWS,
  texts: {
    unsupported:
      "Файл не похож на реестр. Загрузите таблицу XLSX или CSV в кодировке UTF-8 (в Excel: «Сохранить как» → «CSV UTF-8»).",
    unknownColumn: "Неизвестный столбец. Используйте заголовки из шаблона реестра",
    tooManyRows: (count) =>
      `В файле ${count} строк, а за один раз можно загрузить не больше ${MAX_REGISTRY_ROWS}. Разделите реестр на части.`,
  },
  fail: (detail, status) => new RegistryFileError(detail, status),
};

/**
 * Reads a registry file by its content, not its name: a ZIP container (PK\x03\x04) is read as
 * XLSX, anything else must be UTF-8 text (with or without BOM) and is read as CSV with `;` or `,`.
 */
export function readRegistryFile(bytes: Uint8Array): Promise<RawRegistry> {
  return readTableFile(bytes, registrySpec);
}
