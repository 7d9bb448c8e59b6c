import { z } from "zod";

/**
 * A clinic's price list or doctors uploaded as CSV or XLSX in the console (/staff/clinics/import):
 * the columns of each kind, the preview row by row (new, changed with what changes, unchanged, or
 * an error with its Russian reason) and the result of «Загрузить».
 */

export const clinicImportKinds = ["prices", "doctors"] as const;
export const clinicImportKindSchema = z.enum(clinicImportKinds, {
  error: "Выберите, что загружается: прайс-лист или врачи",
});
export type ClinicImportKind = z.infer<typeof clinicImportKindSchema>;

export const priceFields = ["code", "name", "specialty", "price", "visit"] as const;
export type PriceField = (typeof priceFields)[number];
/** The headers of a price list, as in docs/samples/clinic-prices.csv. */
export const priceColumns: Record<PriceField, string> = {
  code: "Код",
  name: "Наименование",
  specialty: "Специальность",
  price: "Цена, ₽",
  visit: "Приём врача",
};
/**
 * «Приём врача» (да / нет) may be left out: «да» makes the service the visit a slot of its
 * specialty books at the clinic (instead of the one before); empty keeps what the service was.
 */
export const optionalPriceFields: readonly PriceField[] = ["visit"];

export const doctorFields = [
  "lastName",
  "firstName",
  "patronymic",
  "specialty",
  "practiceSince",
  "externalId",
] as const;
export type DoctorField = (typeof doctorFields)[number];
/** The headers of a doctors list, as in docs/samples/clinic-doctors.csv. */
export const doctorColumns: Record<DoctorField, string> = {
  lastName: "Фамилия",
  firstName: "Имя",
  patronymic: "Отчество",
  specialty: "Специальность",
  practiceSince: "Практика с (год)",
  externalId: "Код врача",
};
/** «Отчество» and «Код врача» may be left out of the file. */
export const optionalDoctorFields: readonly DoctorField[] = ["patronymic", "externalId"];

/** The most data rows one file may hold, and its size. */
export const CLINIC_IMPORT_MAX_ROWS = 5_000;
export const CLINIC_IMPORT_MAX_BYTES = 5 * 1024 * 1024;
/** The preview lists at most this many rows (counts cover all of them). */
export const CLINIC_IMPORT_PREVIEW_ROWS = 500;

const MAX_PRICE_KOPECKS = 100_000_000 * 100;

/**
 * A price in rubles as people write it («1 500,50», «1500.5», «1 500 ₽», Excel's 1500.5) →
 * integer kopecks; null when it is not a price (negative, more than two decimals, letters).
 */
export function parseRublesToKopecks(text: string): number | null {
  const compact = text
    .replace(/[\s\u00a0\u202f]/g, "")
    .replace(/(₽|руб\.?|р\.?)$/i, "")
    .replace(",", ".");
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(compact);
  if (!match?.[1]) return null;
  const kopecks = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  return Number.isSafeInteger(kopecks) && kopecks <= MAX_PRICE_KOPECKS ? kopecks : null;
}

/** A name as it is compared: lower case, single spaces, ё as е. */
export function nameKey(text: string): string {
  return text.trim().replace(/\s+/g, " ").toLocaleLowerCase("ru-RU").replaceAll("ё", "е");
}

export const clinicImportChangeSchema = z.object({
  /** The column's header. */
  column: z.string(),
  from: z.string(),
  to: z.string(),
});
export type ClinicImportChange = z.infer<typeof clinicImportChangeSchema>;

export const clinicImportRowStatusSchema = z.enum(["new", "changed", "unchanged", "error"]);
export type ClinicImportRowStatus = z.infer<typeof clinicImportRowStatusSchema>;

export const clinicImportRowSchema = z
  .object({
    /** The spreadsheet row number (the header is row 1). */
    row: z.number().int(),
    status: clinicImportRowStatusSchema,
    /** What the row is: «A01 Приём терапевта» or «Иванова Анна Петровна, терапевт». */
    label: z.string(),
    /** For a changed row: each column that changes, old → new (prices as «1 500,00 ₽»). */
    changes: z.array(clinicImportChangeSchema),
    /** For an error row: why, in Russian, by column. */
    errors: z.array(z.object({ column: z.string(), reason: z.string() })),
  })
  .meta({ id: "ClinicImportRow" });
export type ClinicImportRow = z.infer<typeof clinicImportRowSchema>;

export const clinicImportTotalsSchema = z.object({
  new: z.number().int(),
  changed: z.number().int(),
  unchanged: z.number().int(),
  error: z.number().int(),
});
export type ClinicImportTotals = z.infer<typeof clinicImportTotalsSchema>;

export const clinicImportSchema = z
  .object({
    id: z.uuid(),
    kind: clinicImportKindSchema,
    clinic: z.object({ id: z.uuid(), name: z.string(), address: z.string() }),
    fileName: z.string(),
    format: z.enum(["csv", "xlsx"]),
    status: z.enum(["previewed", "applied", "discarded"]),
    createdAt: z.string(),
    uploadedBy: z.string().nullable(),
    rowsTotal: z.number().int(),
    totals: clinicImportTotalsSchema,
    /** Problems with the header row (nothing else is read then). */
    headerErrors: z.array(z.object({ column: z.string(), reason: z.string() })),
    /** Errors first, then changed, new and unchanged rows; at most CLINIC_IMPORT_PREVIEW_ROWS. */
    rows: z.array(clinicImportRowSchema),
    appliedAt: z.string().nullable(),
    /** What «Загрузить» wrote: rows added and rows changed. */
    appliedSummary: z.object({ created: z.number().int(), updated: z.number().int() }).nullable(),
  })
  .meta({ id: "ClinicImport" });
export type ClinicImport = z.infer<typeof clinicImportSchema>;

export const clinicImportUploadQuerySchema = z.object({
  clinicId: z.uuid({ error: "Неверный идентификатор клиники" }),
  kind: clinicImportKindSchema,
});

export const clinicImportIdParamsSchema = z.object({
  id: z.uuid({ error: "Неверный идентификатор загрузки" }),
});

export const clinicImportResponseSchema = z.object({ import: clinicImportSchema });

/** The clinics an admin may upload for (the choice on the screen). */
export const clinicImportClinicsSchema = z
  .object({
    clinics: z.array(z.object({ id: z.uuid(), name: z.string(), address: z.string() })),
    /** Specialty names a file may use (codes are accepted too). */
    specialties: z.array(z.object({ code: z.string(), name: z.string() })),
  })
  .meta({ id: "ClinicImportClinics" });
export type ClinicImportClinics = z.infer<typeof clinicImportClinicsSchema>;
