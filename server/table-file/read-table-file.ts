import type ExcelJS from "exceljs";
import { lazyModule } from "../lazy.ts";

// The generic half of an uploaded spreadsheet (the contracts registry, a clinic's price list or
// doctors): the file's type by its content, CSV or XLSX to rows of text, the header row mapped to
// fields. What the cells mean is the caller's.

// Both readers load with the first file of their format, not at start (exceljs takes a second).
const loadExcel = lazyModule(async () => (await import("exceljs")).default);
const loadCsv = lazyModule(() => import("csv-parse/sync"));

export type TableFormat = "csv" | "xlsx";

/** A problem in one cell (or the header's column), in Russian. */
export interface TableCellError {
  /** The spreadsheet row number (the header is row 1). */
  row: number;
  column: string;
  reason: string;
}

export interface TableRow<F extends string> {
  /** The spreadsheet row number (the header is row 1). */
  row: number;
  /** Trimmed text of each field's cell; "" for an optional column the file does not have. */
  cells: Record<F, string>;
}

export interface TableFile<F extends string> {
  format: TableFormat;
  /** Problems with the header row; when there are any, no data rows are read. */
  headerErrors: TableCellError[];
  rows: TableRow<F>[];
}

export interface TableSpec<F extends string> {
  /** Every field in the order of the template. */
  fields: readonly F[];
  /** The header of each field, as the template has it. */
  columns: Record<F, string>;
  /** Fields whose column may be left out of the file. */
  optional?: readonly F[];
  /** Other spellings of headers that people use. */
  aliases?: readonly (readonly [string, F])[];
  maxRows: number;
  texts: {
    /** A file that is neither XLSX nor UTF-8 text. */
    unsupported: string;
    /** The reason given for a header the template does not have. */
    unknownColumn: string;
    tooManyRows: (count: number) => string;
  };
  /** The error a file that cannot be read at all is thrown as (nothing is stored). */
  fail: (detail: string, status: number) => Error;
}

/** Lower case, single spaces, ё as е, no BOM: how headers are compared. */
export function normalizeHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, "")
    .trim()
    .replace(/\s+/g, " ")
    .toLocaleLowerCase("ru-RU")
    .replaceAll("ё", "е");
}

/** Maps the header cells to fields: unknown, repeated and missing columns are header errors. */
function readHeader<F extends string>(
  spec: TableSpec<F>,
  headerCells: string[],
  headerRow: number,
) {
  const fieldsByHeader = new Map<string, F>([
    ...spec.fields.map((field): [string, F] => [normalizeHeader(spec.columns[field]), field]),
    ...(spec.aliases ?? []).map(([header, field]): [string, F] => [normalizeHeader(header), field]),
  ]);
  const errors: TableCellError[] = [];
  const columns = new Map<F, number>();
  headerCells.forEach((cell, index) => {
    const text = cell.trim();
    if (!text) return;
    const field = fieldsByHeader.get(normalizeHeader(text));
    if (!field) {
      errors.push({ row: headerRow, column: text, reason: spec.texts.unknownColumn });
    } else if (columns.has(field)) {
      errors.push({ row: headerRow, column: text, reason: "Столбец повторяется" });
    } else {
      columns.set(field, index);
    }
  });
  for (const field of spec.fields) {
    if (!columns.has(field) && !spec.optional?.includes(field)) {
      errors.push({ row: headerRow, column: spec.columns[field], reason: "Нет такого столбца" });
    }
  }
  return { errors, columns };
}

function readRows<F extends string>(
  spec: TableSpec<F>,
  format: TableFormat,
  records: { row: number; cells: string[] }[],
): TableFile<F> {
  const [header, ...data] = records;
  if (!header) throw spec.fail("Файл пустой: в нём нет строки заголовков.", 422);
  const { errors, columns } = readHeader(spec, header.cells, header.row);
  if (errors.length > 0) return { format, headerErrors: errors, rows: [] };
  const rows: TableRow<F>[] = [];
  for (const record of data) {
    // Rows left blank (a spacer, Excel's tail) are not data.
    if (record.cells.every((cell) => cell.trim() === "")) continue;
    const cells = {} as Record<F, string>;
    for (const field of spec.fields) {
      const index = columns.get(field);
      cells[field] = index === undefined ? "" : (record.cells[index] ?? "").trim();
    }
    rows.push({ row: record.row, cells });
  }
  if (rows.length === 0) {
    throw spec.fail("В файле нет ни одной строки с данными под заголовками.", 422);
  }
  if (rows.length > spec.maxRows) throw spec.fail(spec.texts.tooManyRows(rows.length), 422);
  return { format, headerErrors: [], rows };
}

/** `;` for Russian Excel's exports, `,` otherwise: whichever the header line holds more of. */
function detectSeparator(text: string): ";" | "," {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const semicolons = firstLine.split(";").length - 1;
  const commas = firstLine.split(",").length - 1;
  return semicolons >= commas && semicolons > 0 ? ";" : ",";
}

async function readCsv<F extends string>(
  spec: TableSpec<F>,
  bytes: Uint8Array,
): Promise<TableFile<F>> {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw spec.fail(spec.texts.unsupported, 415);
  }
  // A text file has no NUL characters; a binary one (an old .xls) usually does.
  if (text.includes("\u0000")) throw spec.fail(spec.texts.unsupported, 415);
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
      throw spec.fail(
        `Не удалось разобрать CSV${line ? ` (строка ${line})` : ""}: проверьте кавычки и разделители.`,
        422,
      );
    }
    throw error;
  }
  return readRows(
    spec,
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

async function readXlsx<F extends string>(
  spec: TableSpec<F>,
  bytes: Uint8Array,
): Promise<TableFile<F>> {
  const { Workbook } = await loadExcel();
  const workbook = new Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    throw spec.fail(
      "Не удалось прочитать файл XLSX. Откройте его в Excel, сохраните заново и загрузите ещё раз.",
      422,
    );
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw spec.fail("В файле XLSX нет ни одного листа.", 422);
  const records: { row: number; cells: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    // row.values is 1-based: index 0 is always empty.
    const values = Array.isArray(row.values) ? row.values.slice(1) : [];
    records.push({
      row: rowNumber,
      cells: Array.from(values, (value) => cellText(value as ExcelJS.CellValue)),
    });
  });
  return readRows(spec, "xlsx", records);
}

/**
 * Reads a table file by its content, not its name: a ZIP container (PK\x03\x04) is read as
 * XLSX (its first sheet), anything else must be UTF-8 text (with or without BOM) and is read as
 * CSV with `;` or `,`.
 */
export async function readTableFile<F extends string>(
  bytes: Uint8Array,
  spec: TableSpec<F>,
): Promise<TableFile<F>> {
  if (bytes.length === 0) throw spec.fail("Файл пустой.", 422);
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  return isZip ? readXlsx(spec, bytes) : readCsv(spec, bytes);
}

/** One CSV cell, quoted when it holds the separator, a quote or a line break. */
export function csvCell(value: string): string {
  return /[;"\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** A CSV template Excel opens right: UTF-8 with BOM, `;`, CRLF. */
export function csvTable(rows: readonly (readonly string[])[]): string {
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(";")).join("\r\n")}\r\n`;
}
