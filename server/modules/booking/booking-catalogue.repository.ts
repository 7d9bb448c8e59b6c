import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import {
  clinics,
  doctors,
  programNetworkEntries,
  services,
  specialties,
} from "../../db/schema/index.ts";

/** Specialties some active clinic has a visit service for, by name. */
export async function listBookableSpecialties(db: Db) {
  return db
    .select({ id: specialties.id, name: specialties.name })
    .from(specialties)
    .where(
      sql`exists (select 1 from ${services} s join ${clinics} c on c.id = s.clinic_id
        where s.specialty_id = ${specialties.id} and s.is_visit and s.active and c.active)`,
    )
    .orderBy(asc(specialties.name), asc(specialties.id));
}

/** A program's network covers a clinic for a specialty: a row for the whole clinic or that specialty. */
function inNetwork(programId: string, clinicId: unknown, specialtyId: unknown) {
  return sql`exists (select 1 from ${programNetworkEntries} n where n.program_id = ${programId}
    and n.clinic_id = ${clinicId} and (n.specialty_id is null or n.specialty_id = ${specialtyId}))`;
}

/**
 * Active doctors at active clinics of the program's network whose name holds every one of the
 * words (already lower-cased with ё as е, LIKE-escaped), by name; at most `limit`.
 */
export async function searchNetworkDoctors(
  db: Db,
  programId: string,
  words: string[],
  limit: number,
) {
  const name = sql`replace(lower(${doctors.lastName} || ' ' || ${doctors.firstName} || ' ' || coalesce(${doctors.patronymic}, '')), 'ё', 'е')`;
  return db
    .select({
      doctorId: doctors.id,
      doctorLastName: doctors.lastName,
      doctorFirstName: doctors.firstName,
      doctorPatronymic: doctors.patronymic,
      practiceSince: doctors.practiceSince,
      specialtyId: specialties.id,
      specialtyName: specialties.name,
      clinicId: clinics.id,
      clinicName: clinics.name,
      clinicAddress: clinics.address,
      clinicMetro: clinics.metro,
      clinicDistrict: clinics.district,
      clinicPhones: clinics.phones,
    })
    .from(doctors)
    .innerJoin(specialties, eq(specialties.id, doctors.specialtyId))
    .innerJoin(clinics, eq(clinics.id, doctors.clinicId))
    .where(
      and(
        eq(doctors.active, true),
        eq(clinics.active, true),
        inNetwork(programId, doctors.clinicId, doctors.specialtyId),
        ...words.map((word) => sql`${name} like ${`%${word}%`} escape '\\'`),
      ),
    )
    .orderBy(asc(doctors.lastName), asc(doctors.firstName), asc(clinics.name), asc(doctors.id))
    .limit(limit);
}

/** An active doctor with their clinic and specialty; null when unknown or inactive. */
export async function findActiveDoctor(db: Db, doctorId: string) {
  const [row] = await db
    .select({ id: doctors.id, clinicId: doctors.clinicId, specialtyId: doctors.specialtyId })
    .from(doctors)
    .innerJoin(clinics, eq(clinics.id, doctors.clinicId))
    .where(and(eq(doctors.id, doctorId), eq(doctors.active, true), eq(clinics.active, true)))
    .limit(1);
  return row ?? null;
}

const clinicColumns = {
  id: clinics.id,
  name: clinics.name,
  address: clinics.address,
  metro: clinics.metro,
  district: clinics.district,
  latitude: clinics.latitude,
  longitude: clinics.longitude,
  phones: clinics.phones,
  openingHours: clinics.openingHours,
  bookingMode: clinics.bookingMode,
  companyDiscountBp: clinics.companyDiscountBp,
};

/**
 * The active clinics of the program's network for a specialty (optionally one clinic), each with
 * its visit service of that specialty (null when it has none).
 */
export async function listNetworkClinics(
  db: Db,
  programId: string,
  specialtyId: string,
  clinicId?: string,
) {
  return (
    db
      .select({
        ...clinicColumns,
        serviceId: services.id,
        servicePriceKopecks: services.priceKopecks,
        serviceDiscountBp: services.companyDiscountBp,
      })
      .from(clinics)
      // Only the clinics where the specialty is seen: a clinic in the network without its visit
      // has nothing to book or request for it.
      .innerJoin(
        services,
        and(
          eq(services.clinicId, clinics.id),
          eq(services.specialtyId, specialtyId),
          eq(services.isVisit, true),
          eq(services.active, true),
        ),
      )
      .where(
        and(
          eq(clinics.active, true),
          clinicId ? eq(clinics.id, clinicId) : undefined,
          inNetwork(programId, clinics.id, specialtyId),
        ),
      )
  );
}

/** A clinic by id with its booking mode (active or not); null when unknown. */
export async function findClinic(db: Db, clinicId: string) {
  const [row] = await db
    .select({ ...clinicColumns, active: clinics.active })
    .from(clinics)
    .where(eq(clinics.id, clinicId))
    .limit(1);
  return row ?? null;
}

/** The clinic's active visit service of a specialty, with its price; null when none. */
export async function findVisitService(db: Db, clinicId: string, specialtyId: string) {
  const [row] = await db
    .select({
      id: services.id,
      priceKopecks: services.priceKopecks,
      companyDiscountBp: services.companyDiscountBp,
    })
    .from(services)
    .where(
      and(
        eq(services.clinicId, clinicId),
        eq(services.specialtyId, specialtyId),
        eq(services.isVisit, true),
        eq(services.active, true),
      ),
    )
    .limit(1);
  return row ?? null;
}

/** Whether an active doctor of that clinic has that specialty. */
export async function isClinicDoctor(
  db: Db,
  doctorId: string,
  clinicId: string,
  specialtyId: string,
): Promise<boolean> {
  const rows = await db
    .select({ id: doctors.id })
    .from(doctors)
    .where(
      and(
        eq(doctors.id, doctorId),
        eq(doctors.clinicId, clinicId),
        eq(doctors.specialtyId, specialtyId),
        eq(doctors.active, true),
      ),
    )
    .limit(1);
  return rows.length > 0;
}

/** The active clinics where the program's network has any row (no specialty chosen yet). */
export async function listProgramClinics(db: Db, programId: string, clinicId?: string) {
  return db
    .select(clinicColumns)
    .from(clinics)
    .where(
      and(
        eq(clinics.active, true),
        clinicId ? eq(clinics.id, clinicId) : undefined,
        sql`exists (select 1 from ${programNetworkEntries} n where n.program_id = ${programId}
          and n.clinic_id = ${clinics.id})`,
      ),
    );
}

/** The active services of a clinic (of one specialty when given), with their prices. */
export async function listActiveClinicServices(db: Db, clinicId: string, specialtyId?: string) {
  return db
    .select({
      id: services.id,
      code: services.code,
      name: services.name,
      isVisit: services.isVisit,
      priceKopecks: services.priceKopecks,
      companyDiscountBp: services.companyDiscountBp,
      specialtyId: specialties.id,
      specialtyName: specialties.name,
    })
    .from(services)
    .innerJoin(specialties, eq(specialties.id, services.specialtyId))
    .where(
      and(
        eq(services.clinicId, clinicId),
        eq(services.active, true),
        specialtyId ? eq(services.specialtyId, specialtyId) : undefined,
      ),
    );
}
