import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type {
  ClinicImportKind,
  ClinicImportRow,
} from "../../../common/booking/clinic-import.schema.ts";
import type { Db } from "../../db/client.ts";
import {
  clinicImports,
  clinics,
  doctors,
  services,
  specialties,
  staffMembers,
} from "../../db/schema/index.ts";
import type { TableFormat } from "../../table-file/read-table-file.ts";
import type {
  DoctorWrite,
  ExistingDoctor,
  ExistingService,
  KnownSpecialty,
  PriceWrite,
} from "./clinic-import-rows.ts";

export interface ClinicRef {
  id: string;
  name: string;
  address: string;
}

/** What a stored import keeps in its `rows`: the preview and the writes «Загрузить» makes. */
export interface StoredImportRows {
  preview: ClinicImportRow[];
  writes: PriceWrite[] | DoctorWrite[];
}

export interface StoredClinicImport {
  id: string;
  kind: ClinicImportKind;
  clinic: ClinicRef;
  fileName: string;
  format: TableFormat;
  status: "previewed" | "applied" | "discarded";
  uploadedBy: string | null;
  rowsTotal: number;
  rows: StoredImportRows;
  headerErrors: { column: string; reason: string }[];
  appliedSummary: { created: number; updated: number } | null;
  appliedAt: Date | null;
  createdAt: Date;
}

export function listImportClinics(db: Db): Promise<ClinicRef[]> {
  return db
    .select({ id: clinics.id, name: clinics.name, address: clinics.address })
    .from(clinics)
    .orderBy(asc(clinics.name), asc(clinics.address));
}

export async function findImportClinic(db: Db, id: string): Promise<ClinicRef | null> {
  const [row] = await db
    .select({ id: clinics.id, name: clinics.name, address: clinics.address })
    .from(clinics)
    .where(eq(clinics.id, id));
  return row ?? null;
}

export function listKnownSpecialties(db: Db): Promise<KnownSpecialty[]> {
  return db
    .select({ id: specialties.id, code: specialties.code, name: specialties.name })
    .from(specialties)
    .orderBy(asc(specialties.name));
}

export function listClinicServices(db: Db, clinicId: string): Promise<ExistingService[]> {
  return db
    .select({
      id: services.id,
      code: services.code,
      name: services.name,
      specialtyId: services.specialtyId,
      priceKopecks: services.priceKopecks,
      isVisit: services.isVisit,
      active: services.active,
    })
    .from(services)
    .where(eq(services.clinicId, clinicId));
}

export function listClinicDoctors(db: Db, clinicId: string): Promise<ExistingDoctor[]> {
  return db
    .select({
      id: doctors.id,
      lastName: doctors.lastName,
      firstName: doctors.firstName,
      patronymic: doctors.patronymic,
      specialtyId: doctors.specialtyId,
      practiceSince: doctors.practiceSince,
      externalId: doctors.externalId,
      active: doctors.active,
    })
    .from(doctors)
    .where(eq(doctors.clinicId, clinicId));
}

export async function insertClinicImport(
  db: Db,
  values: {
    kind: ClinicImportKind;
    clinicId: string;
    uploadedById: string;
    fileName: string;
    format: TableFormat;
    rowsTotal: number;
    rowsValid: number;
    rows: StoredImportRows;
    headerErrors: { row: number; column: string; reason: string }[];
  },
): Promise<string> {
  const { headerErrors, ...rest } = values;
  const [row] = await db
    .insert(clinicImports)
    .values({ ...rest, errors: headerErrors })
    .returning({ id: clinicImports.id });
  if (!row) throw new Error("the clinic import was not stored");
  return row.id;
}

export async function findClinicImport(db: Db, id: string): Promise<StoredClinicImport | null> {
  const [row] = await db
    .select({
      id: clinicImports.id,
      kind: clinicImports.kind,
      clinicId: clinics.id,
      clinicName: clinics.name,
      clinicAddress: clinics.address,
      fileName: clinicImports.fileName,
      format: clinicImports.format,
      status: clinicImports.status,
      uploadedBy: staffMembers.fullName,
      rowsTotal: clinicImports.rowsTotal,
      rows: clinicImports.rows,
      errors: clinicImports.errors,
      appliedSummary: clinicImports.appliedSummary,
      appliedAt: clinicImports.appliedAt,
      createdAt: clinicImports.createdAt,
    })
    .from(clinicImports)
    .innerJoin(clinics, eq(clinics.id, clinicImports.clinicId))
    .leftJoin(staffMembers, eq(staffMembers.id, clinicImports.uploadedById))
    .where(eq(clinicImports.id, id));
  if (!row) return null;
  const { clinicId, clinicName, clinicAddress, errors, ...rest } = row;
  return {
    ...rest,
    clinic: { id: clinicId, name: clinicName, address: clinicAddress },
    format: row.format as TableFormat,
    rows: row.rows as StoredImportRows,
    headerErrors: (errors as { column: string; reason: string }[]).map(({ column, reason }) => ({
      column,
      reason,
    })),
    appliedSummary: row.appliedSummary as StoredClinicImport["appliedSummary"],
  };
}

/** The newest imports of a clinic (the screen shows the last few). */
export function listClinicImportIds(db: Db, clinicId: string, limit: number) {
  return db
    .select({ id: clinicImports.id })
    .from(clinicImports)
    .where(eq(clinicImports.clinicId, clinicId))
    .orderBy(desc(clinicImports.createdAt))
    .limit(limit);
}

/** Moves a previewed import on; false when it is no longer previewed (someone was first). */
export async function closeClinicImport(
  db: Db,
  id: string,
  values:
    | { status: "applied"; appliedSummary: { created: number; updated: number } }
    | { status: "discarded" },
  at: Date,
): Promise<boolean> {
  const rows = await db
    .update(clinicImports)
    .set(values.status === "applied" ? { ...values, appliedAt: at } : values)
    .where(and(eq(clinicImports.id, id), eq(clinicImports.status, "previewed")))
    .returning({ id: clinicImports.id });
  return rows.length > 0;
}

/**
 * Upserts a price list's services by (clinic, code) and shows them again; returns how many were
 * inserted. One statement: a service made meanwhile by someone else is updated, not doubled.
 */
export async function upsertServices(
  tx: Db,
  clinicId: string,
  writes: readonly PriceWrite[],
): Promise<{ created: number; updated: number }> {
  if (writes.length === 0) return { created: 0, updated: 0 };
  // One visit per specialty at a clinic (services_visit_key): the one before stops being it first.
  const visitSpecialties = writes.filter((write) => write.isVisit).map((w) => w.specialtyId);
  if (visitSpecialties.length > 0) {
    await tx
      .update(services)
      .set({ isVisit: false })
      .where(
        and(
          eq(services.clinicId, clinicId),
          inArray(services.specialtyId, visitSpecialties),
          eq(services.isVisit, true),
        ),
      );
  }
  const rows = await tx
    .insert(services)
    .values(
      writes.map((write) => ({
        clinicId,
        specialtyId: write.specialtyId,
        code: write.code,
        name: write.name,
        priceKopecks: write.priceKopecks,
        isVisit: write.isVisit,
      })),
    )
    .onConflictDoUpdate({
      target: [services.clinicId, services.code],
      set: {
        name: sql`excluded.name`,
        specialtyId: sql`excluded.specialty_id`,
        priceKopecks: sql`excluded.price_kopecks`,
        isVisit: sql`excluded.is_visit`,
        active: sql`true`,
      },
    })
    // xmax is 0 for a row this statement inserted, else the row was updated.
    .returning({ inserted: sql<boolean>`(xmax = 0)` });
  const created = rows.filter((row) => row.inserted).length;
  return { created, updated: rows.length - created };
}

/** Inserts the new doctors and updates the matched ones (shown again if they were hidden). */
export async function writeDoctors(
  tx: Db,
  clinicId: string,
  writes: readonly DoctorWrite[],
): Promise<{ created: number; updated: number }> {
  const fresh = writes.filter((write) => write.doctorId === null);
  if (fresh.length > 0) {
    await tx.insert(doctors).values(
      fresh.map((write) => ({
        clinicId,
        specialtyId: write.specialtyId,
        lastName: write.lastName,
        firstName: write.firstName,
        patronymic: write.patronymic,
        practiceSince: write.practiceSince,
        externalId: write.externalId,
      })),
    );
  }
  let updated = 0;
  for (const write of writes) {
    if (write.doctorId === null) continue;
    const rows = await tx
      .update(doctors)
      .set({
        specialtyId: write.specialtyId,
        lastName: write.lastName,
        firstName: write.firstName,
        patronymic: write.patronymic,
        practiceSince: write.practiceSince,
        externalId: write.externalId,
        active: true,
      })
      .where(and(eq(doctors.id, write.doctorId), eq(doctors.clinicId, clinicId)))
      .returning({ id: doctors.id });
    updated += rows.length;
  }
  return { created: fresh.length, updated };
}
