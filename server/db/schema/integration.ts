import { index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { clinics } from "./booking.ts";
import { staffMembers } from "./identity.ts";

/**
 * A bearer token for the company's information system (POST /api/integration/contracts). Only
 * the SHA-256 of the token is kept; the token is shown once, when an admin issues it.
 */
export const integrationTokens = pgTable("integration_tokens", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  tokenHash: text("token_hash").notNull().unique(),
  /** The first characters of the token, so an admin can tell tokens apart. */
  tokenPrefix: text("token_prefix").notNull(),
  /** Null: the company's information system (contracts). Set: that clinic's token (its slots). */
  clinicId: uuid("clinic_id").references(() => clinics.id),
  createdById: uuid("created_by_id")
    .notNull()
    .references(() => staffMembers.id),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
});

export const registryImportStatus = pgEnum("registry_import_status", [
  "previewed",
  "applied",
  "discarded",
]);

/**
 * An uploaded CSV or XLSX registry between its preview and its apply: the parsed rows and the
 * errors found in them are kept, so "apply" writes exactly what the admin saw.
 */
export const registryImports = pgTable(
  "registry_imports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    uploadedById: uuid("uploaded_by_id")
      .notNull()
      .references(() => staffMembers.id),
    fileName: text("file_name").notNull(),
    format: text("format").notNull(),
    status: registryImportStatus("status").notNull().default("previewed"),
    rowsTotal: integer("rows_total").notNull(),
    rowsValid: integer("rows_valid").notNull(),
    /** The parsed rows, as the import's row schema (common/contracts/import.schema.ts). */
    rows: jsonb("rows").notNull(),
    /** [{ row, column, reason }] in Russian. */
    errors: jsonb("errors").notNull(),
    /** "all" or "valid-only", once applied. */
    appliedMode: text("applied_mode"),
    /** What the apply did: contracts created and updated, persons written. */
    appliedSummary: jsonb("applied_summary"),
    appliedAt: timestamp("applied_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("registry_imports_created_idx").on(table.createdAt)],
);

export const clinicImportKind = pgEnum("clinic_import_kind", ["doctors", "prices"]);

/**
 * A clinic's doctors or price list uploaded as CSV or XLSX, between its preview and its apply, like
 * registry_imports: "apply" writes exactly the rows the operator saw.
 */
export const clinicImports = pgTable(
  "clinic_imports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: clinicImportKind("kind").notNull(),
    clinicId: uuid("clinic_id")
      .notNull()
      .references(() => clinics.id),
    uploadedById: uuid("uploaded_by_id")
      .notNull()
      .references(() => staffMembers.id),
    fileName: text("file_name").notNull(),
    format: text("format").notNull(),
    status: registryImportStatus("status").notNull().default("previewed"),
    rowsTotal: integer("rows_total").notNull(),
    rowsValid: integer("rows_valid").notNull(),
    rows: jsonb("rows").notNull(),
    /** [{ row, column, reason }] in Russian. */
    errors: jsonb("errors").notNull(),
    appliedSummary: jsonb("applied_summary"),
    appliedAt: timestamp("applied_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("clinic_imports_clinic_idx").on(table.clinicId, table.createdAt)],
);
