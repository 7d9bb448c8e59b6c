import type ExcelJS from "exceljs";
import {
  type RegistryError,
  type RegistryField,
  registryColumns,
  registryFields,
} from "../../../../common/contracts/import.schema.ts";
import { AppError } from "../../../errors.ts";
import { lazyModule } from "../../../lazy.ts";

// Both readers load with the first registry of their format, not at start (exceljs takes a second).
const loadExcel = lazyModule(async () => (await import("exceljs")).default);
const loadCsv = lazyModule(() => import("csv-parse/sync"));

export type RegistryFormat = "csv" | "xlsx";

/** The most data rows one registry file may hold. */
export const MAX_REGISTRY_ROWS = 20_000;

export interface RawRegistryRow {
  /** The spreadsheet row number (the header is row 1). */
  row: number;
  cells: Record<RegistryField, string>;
}

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

const UNSUPPORTED =
  "Файл не похож на реестр. Загрузите таблицу XLSX или CSV в кодировке UTF-8 (в Excel: «Сохранить как» → «CSV UTF-8»).";

function normalizeHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, "")
    .trim()
    .replace(/\s+/g, " ")
    .toLocaleLowerCase("ru-RU")
    .replaceAll("ё", "е");
}

const fieldsByHeader = new Map<string, RegistryField>([
  ...registryFields.map((field): [string, RegistryField] => [
    normalizeHeader(registryColumns[field]),
    field,
  ]),
  ["email", "email"],
  ["эл. почта", "email"],
  ["электронная почта", "email"],
]);

/** Maps the header cells to fields: unknown, repeated and missing columns are header errors. */
function readHeader(headerCells: string[], headerRow: number) {
  const errors: RegistryError[] = [];
  const columns = new Map<RegistryField, number>();
  headerCells.forEach((cell, index) => {
    const text = cell.trim();
    if (!text) return;
    const field = fieldsByHeader.get(normalizeHeader(text));
    if (!field) {
      errors.push({
        row: headerRow,
        column: text,
        reason: "Неизвестный столбец. Используйте заголовки из шаблона реестра",
      });
    } else if (columns.has(field)) {
      errors.push({ row: headerRow, column: text, reason: "Столбец повторяется" });
    } else {
      columns.set(field, index);
    }
  });
  for (const field of registryFields) {
    if (!columns.has(field)) {
      errors.push({ row: headerRow, column: registryColumns[field], reason: "Нет такого столбца" });
    }
  }
  return { errors, columns };
}

function readRows(
  format: RegistryFormat,
  records: { row: number; cells: string[] }[],
): RawRegistry {
  const [header, ...data] = records;
  if (!header) throw new RegistryFileError("Файл пустой: в нём нет строки заголовков.");
  const { errors, columns } = readHeader(header.cells, header.row);
  if (errors.length > 0) return { format, headerErrors: errors, rows: [] };
  const rows: RawRegistryRow[] = [];
  for (const record of data) {
    // Rows left blank (a spacer, Excel's tail) are not data.
    if (record.cells.every((cell) => cell.trim() === "")) continue;
    const cells = {} as Record<RegistryField, string>;
    for (const [field, index] of columns) cells[field] = (record.cells[index] ?? "").trim();
    rows.push({ row: record.row, cells });
  }
  if (rows.length === 0) {
    throw new RegistryFileError("В файле нет ни одной строки с данными под заголовками.");
  }
  if (rows.length > MAX_REGISTRY_ROWS) {
    throw new RegistryFileError(
      `В файле ${rows.length} строк, а за один раз можно загрузить не больше ${MAX_REGISTRY_ROWS}. Разделите реестр на части.`,
    );
  }
  return { format, headerErrors: [], rows };
}

/** `;` for Russian Excel's exports, `,` otherwise: whichever the header line holds more of. */
function detectSeparator(text: string): ";" | "," {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const semicolons = firstLine.split(";").length - 1;
  const commas = firstLine.split(",").length - 1;
  return semicolons >= commas && semicolons > 0 ? ";" : ",";
}

async function readCsv(bytes: Uint8Array): Promise<RawRegistry> {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new RegistryFileError(UNSUPPORTED, 415);
  }
  // A text file has no NUL characters; a binary one (an old .xls) usually does.
  if (text.includes("\u0000")) throw new RegistryFileError(UNSUPPORTED, 415);
  text = text.replace(/^\uFEFF/, "");
  const { CsvError, parse } = await loadCsv();
  let records: string[][];
  try {
    records = parse(text, {
      delimiter: detectSeparator(text),
      relax_column_count: true,
      skip_empty_lines: false,
    }) as string[][];
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as { lines?: number }).lines;
      throw new RegistryFileError(
        `Не удалось разобрать CSV${line ? ` (строка ${line})` : ""}: проверьте кавычки и разделители.`,
      );
    }
    throw error;
  }
  return readRows(
    "csv",
    records.map((cells, index) => ({ row: index + 1, cells })),
  );
}

function pad(value: number): string {
  return String(value).padStart(2, "0");
}

/** A cell as the text a person sees in it; dates as dd.mm.yyyy. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) {
    // Excel dates carry no time zone; exceljs gives them as UTC midnight.
    return `${pad(value.getUTCDate())}.${pad(value.getUTCMonth() + 1)}.${value.getUTCFullYear()}`;
  }
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "ИСТИНА" : "ЛОЖЬ";
  if ("richText" in value) return value.richText.map((part) => part.text).join("");
  if ("formula" in value || "sharedFormula" in value) {
    return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  }
  if ("hyperlink" in value) return cellText(value.text as ExcelJS.CellValue);
  return "";
}

async function readXlsx(bytes: Uint8Array): Promise<RawRegistry> {
  const { Workbook } = await loadExcel();
  const workbook = new Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    throw new RegistryFileError(
      "Не удалось прочитать файл XLSX. Откройте его в Excel, сохраните заново и загрузите ещё раз.",
    );
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new RegistryFileError("В файле XLSX нет ни одного листа.");
  const records: { row: number; cells: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    // row.values is 1-based: index 0 is always empty.
    const values = Array.isArray(row.values) ? row.values.slice(1) : [];
    records.push({
      row: rowNumber,
      cells: Array.from(values, (value) => cellText(value as ExcelJS.CellValue)),
    });
  });
  return readRows("xlsx", records);
}

/**
 * Reads a registry file by its content, not its name: a ZIP container (PK\x03\x04) is read as
 * XLSX, anything else must be UTF-8 text (with or without BOM) and is read as CSV with `;` or `,`.
 */
export async function readRegistryFile(bytes: Uint8Array): Promise<RawRegistry> {
  if (bytes.length === 0) throw new RegistryFileError("Файл пустой.");
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  return isZip ? readXlsx(bytes) : readCsv(bytes);
}
