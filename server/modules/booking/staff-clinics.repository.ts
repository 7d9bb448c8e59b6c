import { and, asc, count, eq, gt, ilike, inArray, notInArray, or, sql } from "drizzle-orm";
import type {
  ClinicInput,
  ClinicListQuery,
  DoctorInput,
  ExceptionInput,
  NetworkEntryInput,
  NetworkEntryView,
  ScheduleExceptionView,
  ServiceInput,
  StaffClinic,
  StaffDoctor,
  StaffService,
  WeeklyTemplateInput,
} from "../../../common/booking/staff-clinics.schema.ts";
import { bpToPercent, percentToBp } from "../../../common/booking/staff-clinics.schema.ts";
import type { Db } from "../../db/client.ts";
import {
  appointments,
  clinics,
  doctors,
  doctorWeekTemplates,
  programNetworkEntries,
  programs,
  scheduleExceptions,
  services,
  slots,
  specialties,
} from "../../db/schema/index.ts";
import { isUniqueViolation } from "../../db/unique-violation.ts";
import { TIME_HOLDING_STATUSES } from "./appointment-status.ts";

// The «Клиники» section's queries (staff-clinics.service.ts holds the rules).
// Subqueries name the outer table's columns in full: in a one-table select Drizzle leaves them
// unqualified, and an unqualified "id" would be the subquery's own.

/** A unique rule a change ran into: the constraint's name. */
export type Clash = { clash: string };

async function orClash<T>(work: () => Promise<T>): Promise<T | Clash> {
  try {
    return await work();
  } catch (error) {
    const constraint = isUniqueViolation(error);
    if (constraint !== null) return { clash: constraint };
    throw error;
  }
}

export function isClash(value: unknown): value is Clash {
  return typeof value === "object" && value !== null && "clash" in value;
}

export async function listSpecialties(db: Db) {
  return db
    .select({ id: specialties.id, code: specialties.code, name: specialties.name })
    .from(specialties)
    .orderBy(asc(specialties.name));
}

export async function specialtyExists(db: Db, id: string): Promise<boolean> {
  const [row] = await db
    .select({ id: specialties.id })
    .from(specialties)
    .where(eq(specialties.id, id));
  return row !== undefined;
}

// ---------------------------------------------------------------- clinics

const doctorCount = sql<number>`(select count(*)::int from ${doctors} d where d.clinic_id = "clinics"."id")`;
const serviceCount = sql<number>`(select count(*)::int from ${services} s where s.clinic_id = "clinics"."id")`;

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
  cancellationCutoffHours: clinics.cancellationCutoffHours,
  whatToBring: clinics.whatToBring,
  companyDiscountBp: clinics.companyDiscountBp,
  active: clinics.active,
  doctorCount,
  serviceCount,
};

type ClinicRow = Omit<StaffClinic, "companyDiscountPercent"> & { companyDiscountBp: number };

function toClinic({ companyDiscountBp, ...row }: ClinicRow): StaffClinic {
  return { ...row, companyDiscountPercent: bpToPercent(companyDiscountBp) };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** Clinics by name, filtered by a name or metro fragment, the booking mode and whether active. */
export async function listClinics(db: Db, filter: ClinicListQuery): Promise<StaffClinic[]> {
  const pattern = filter.q ? `%${escapeLike(filter.q)}%` : null;
  const rows = await db
    .select(clinicColumns)
    .from(clinics)
    .where(
      and(
        pattern ? or(ilike(clinics.name, pattern), ilike(clinics.metro, pattern)) : undefined,
        filter.bookingMode ? eq(clinics.bookingMode, filter.bookingMode) : undefined,
        filter.active ? eq(clinics.active, filter.active === "true") : undefined,
      ),
    )
    .orderBy(asc(clinics.name), asc(clinics.address))
    .limit(500);
  return rows.map(toClinic);
}

export async function findClinic(db: Db, id: string): Promise<StaffClinic | null> {
  const [row] = await db.select(clinicColumns).from(clinics).where(eq(clinics.id, id));
  return row ? toClinic(row) : null;
}

function clinicValues({ companyDiscountPercent, ...input }: ClinicInput) {
  return { ...input, companyDiscountBp: percentToBp(companyDiscountPercent) };
}

export async function insertClinic(db: Db, input: ClinicInput): Promise<string | Clash> {
  return orClash(async () => {
    const [row] = await db
      .insert(clinics)
      .values(clinicValues(input))
      .returning({ id: clinics.id });
    if (!row) throw new Error("the clinic was not stored");
    return row.id;
  });
}

export async function updateClinic(
  db: Db,
  id: string,
  input: ClinicInput,
): Promise<boolean | Clash> {
  return orClash(async () => {
    const rows = await db
      .update(clinics)
      .set(clinicValues(input))
      .where(eq(clinics.id, id))
      .returning({ id: clinics.id });
    return rows.length > 0;
  });
}

// ---------------------------------------------------------------- doctors

const doctorColumns = {
  id: doctors.id,
  clinicId: doctors.clinicId,
  lastName: doctors.lastName,
  firstName: doctors.firstName,
  patronymic: doctors.patronymic,
  specialtyId: specialties.id,
  specialtyName: specialties.name,
  practiceSince: doctors.practiceSince,
  active: doctors.active,
  hasTemplate: sql<boolean>`exists (select 1 from ${doctorWeekTemplates} t where t.doctor_id = "doctors"."id")`,
};

function toDoctor({
  specialtyId,
  specialtyName,
  ...row
}: {
  specialtyId: string;
  specialtyName: string;
} & Omit<StaffDoctor, "specialty">): StaffDoctor {
  return { ...row, specialty: { id: specialtyId, name: specialtyName } };
}

function doctorQuery(db: Db) {
  return db
    .select(doctorColumns)
    .from(doctors)
    .innerJoin(specialties, eq(specialties.id, doctors.specialtyId));
}

export async function listClinicDoctors(db: Db, clinicId: string): Promise<StaffDoctor[]> {
  const rows = await doctorQuery(db)
    .where(eq(doctors.clinicId, clinicId))
    .orderBy(asc(doctors.lastName), asc(doctors.firstName), asc(doctors.id));
  return rows.map(toDoctor);
}

export async function findDoctor(db: Db, id: string): Promise<StaffDoctor | null> {
  const [row] = await doctorQuery(db).where(eq(doctors.id, id));
  return row ? toDoctor(row) : null;
}

export async function insertDoctor(db: Db, clinicId: string, input: DoctorInput): Promise<string> {
  const [row] = await db
    .insert(doctors)
    .values({ clinicId, ...input })
    .returning({ id: doctors.id });
  if (!row) throw new Error("the doctor was not stored");
  return row.id;
}

/** Edits a doctor; the future slots' copy of the specialty follows it. */
export async function updateDoctor(
  db: Db,
  id: string,
  input: DoctorInput,
  now: Date,
): Promise<void> {
  await db.update(doctors).set(input).where(eq(doctors.id, id));
  await db
    .update(slots)
    .set({ specialtyId: input.specialtyId })
    .where(and(eq(slots.doctorId, id), gt(slots.startsAt, now)));
}

export async function listClinicDoctorIds(db: Db, clinicId: string): Promise<string[]> {
  const rows = await db
    .select({ id: doctors.id })
    .from(doctors)
    .where(eq(doctors.clinicId, clinicId));
  return rows.map((row) => row.id);
}

// ---------------------------------------------------------------- services

const serviceColumns = {
  id: services.id,
  clinicId: services.clinicId,
  code: services.code,
  name: services.name,
  specialtyId: specialties.id,
  specialtyName: specialties.name,
  priceKopecks: services.priceKopecks,
  companyDiscountBp: services.companyDiscountBp,
  isVisit: services.isVisit,
  active: services.active,
};

function toService({
  specialtyId,
  specialtyName,
  companyDiscountBp,
  ...row
}: {
  specialtyId: string;
  specialtyName: string;
  companyDiscountBp: number | null;
} & Omit<StaffService, "specialty" | "companyDiscountPercent">): StaffService {
  return {
    ...row,
    specialty: { id: specialtyId, name: specialtyName },
    companyDiscountPercent: companyDiscountBp === null ? null : bpToPercent(companyDiscountBp),
  };
}

function serviceQuery(db: Db) {
  return db
    .select(serviceColumns)
    .from(services)
    .innerJoin(specialties, eq(specialties.id, services.specialtyId));
}

export async function listClinicServices(db: Db, clinicId: string): Promise<StaffService[]> {
  const rows = await serviceQuery(db)
    .where(eq(services.clinicId, clinicId))
    .orderBy(asc(specialties.name), asc(services.code));
  return rows.map(toService);
}

export async function findService(db: Db, id: string): Promise<StaffService | null> {
  const [row] = await serviceQuery(db).where(eq(services.id, id));
  return row ? toService(row) : null;
}

function serviceValues({ companyDiscountPercent, ...input }: ServiceInput) {
  return {
    ...input,
    companyDiscountBp: companyDiscountPercent === null ? null : percentToBp(companyDiscountPercent),
  };
}

export async function insertService(
  db: Db,
  clinicId: string,
  input: ServiceInput,
): Promise<string | Clash> {
  return orClash(async () => {
    const [row] = await db
      .insert(services)
      .values({ clinicId, ...serviceValues(input) })
      .returning({ id: services.id });
    if (!row) throw new Error("the service was not stored");
    return row.id;
  });
}

export async function updateService(
  db: Db,
  id: string,
  input: ServiceInput,
): Promise<undefined | Clash> {
  return orClash(async () => {
    await db.update(services).set(serviceValues(input)).where(eq(services.id, id));
    return undefined;
  });
}

// ---------------------------------------------------------------- schedules

/** What a doctor's slots are made from: the template and whether the doctor takes online bookings. */
export async function findSlotSource(db: Db, doctorId: string) {
  const [row] = await db
    .select({
      doctorId: doctors.id,
      clinicId: doctors.clinicId,
      specialtyId: doctors.specialtyId,
      bookable: sql<boolean>`${doctors.active} and ${clinics.active} and ${clinics.bookingMode} = 'online'`,
      template: doctorWeekTemplates.template,
    })
    .from(doctors)
    .innerJoin(clinics, eq(clinics.id, doctors.clinicId))
    .leftJoin(doctorWeekTemplates, eq(doctorWeekTemplates.doctorId, doctors.id))
    .where(eq(doctors.id, doctorId));
  return row ?? null;
}

export async function findClinicOfDoctor(db: Db, doctorId: string) {
  const [row] = await db
    .select({ id: clinics.id, name: clinics.name, bookingMode: clinics.bookingMode })
    .from(doctors)
    .innerJoin(clinics, eq(clinics.id, doctors.clinicId))
    .where(eq(doctors.id, doctorId));
  return row ?? null;
}

export async function saveTemplate(
  db: Db,
  doctorId: string,
  template: WeeklyTemplateInput,
): Promise<void> {
  await db
    .insert(doctorWeekTemplates)
    .values({ doctorId, template })
    .onConflictDoUpdate({
      target: doctorWeekTemplates.doctorId,
      set: { template, updatedAt: new Date() },
    });
}

const exceptionColumns = {
  id: scheduleExceptions.id,
  date: scheduleExceptions.date,
  startsAt: scheduleExceptions.startsAt,
  endsAt: scheduleExceptions.endsAt,
  kind: scheduleExceptions.kind,
  note: scheduleExceptions.note,
};

const hhmm = (value: string | null) => (value === null ? null : value.slice(0, 5));

/** A doctor's exceptions from `fromDate` (a Moscow date) on, by date. */
export async function listDoctorExceptions(
  db: Db,
  doctorId: string,
  fromDate: string,
): Promise<ScheduleExceptionView[]> {
  const rows = await db
    .select(exceptionColumns)
    .from(scheduleExceptions)
    .where(
      and(
        eq(scheduleExceptions.doctorId, doctorId),
        sql`${scheduleExceptions.date} >= ${fromDate}`,
      ),
    )
    .orderBy(asc(scheduleExceptions.date), asc(scheduleExceptions.startsAt));
  return rows.map((row) => ({ ...row, startsAt: hhmm(row.startsAt), endsAt: hhmm(row.endsAt) }));
}

export async function insertException(
  db: Db,
  doctorId: string,
  input: ExceptionInput,
): Promise<string> {
  const [row] = await db
    .insert(scheduleExceptions)
    .values({ doctorId, ...input })
    .returning({ id: scheduleExceptions.id });
  if (!row) throw new Error("the exception was not stored");
  return row.id;
}

/** Deletes an exception; its doctor, or null when there was none. */
export async function deleteException(db: Db, id: string): Promise<string | null> {
  const [row] = await db
    .delete(scheduleExceptions)
    .where(eq(scheduleExceptions.id, id))
    .returning({ doctorId: scheduleExceptions.doctorId, date: scheduleExceptions.date });
  return row?.doctorId ?? null;
}

// A paid visit's hold keeps its slot as a live visit does.
const liveStatuses = [...TIME_HOLDING_STATUSES];

/**
 * The doctor's future slots made from a template, locked (FOR UPDATE) so that a booking of one of
 * them waits for the reconciliation and the reconciliation sees it; `live` when a live appointment
 * holds the slot. Read after the lock, by a second statement: one statement's snapshot is taken
 * before it waits, and would miss an appointment committed meanwhile.
 */
export async function lockFutureTemplateSlots(tx: Db, doctorId: string, now: Date) {
  const future = and(
    eq(slots.doctorId, doctorId),
    eq(slots.source, "template"),
    gt(slots.startsAt, now),
  );
  await tx.select({ id: slots.id }).from(slots).where(future).for("update");
  return tx
    .select({
      id: slots.id,
      startsAt: slots.startsAt,
      endsAt: slots.endsAt,
      live: sql<boolean>`exists (select 1 from ${appointments} a where a.slot_id = "slots"."id"
        and a.status in (${sql.join(
          liveStatuses.map((status) => sql`${status}`),
          sql`, `,
        )}))`,
    })
    .from(slots)
    .where(future);
}

/**
 * Deletes slots no live appointment holds. A cancelled (or otherwise ended) appointment that
 * pointed at one keeps its own time and loses only the link, which nothing reads after it ended.
 */
export async function deleteFreeSlots(tx: Db, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  await tx
    .update(appointments)
    .set({ slotId: null })
    .where(and(inArray(appointments.slotId, ids), notInArray(appointments.status, liveStatuses)));
  const deleted = await tx
    .delete(slots)
    .where(
      and(
        inArray(slots.id, ids),
        sql`not exists (select 1 from ${appointments} a where a.slot_id = "slots"."id")`,
      ),
    )
    .returning({ id: slots.id });
  return deleted.length;
}

/** The doctor's stored future times, and how many a live appointment holds. */
export async function countFutureSlots(db: Db, doctorId: string, now: Date) {
  const [row] = await db
    .select({
      upcoming: count(),
      booked: sql<number>`count(*) filter (where exists (select 1 from ${appointments} a
        where a.slot_id = "slots"."id" and a.status in (${sql.join(
          liveStatuses.map((status) => sql`${status}`),
          sql`, `,
        )})))::int`,
    })
    .from(slots)
    .where(and(eq(slots.doctorId, doctorId), gt(slots.startsAt, now)));
  return { upcoming: row?.upcoming ?? 0, booked: row?.booked ?? 0 };
}

// ---------------------------------------------------------------- networks

export async function findProgramName(db: Db, id: string) {
  const [row] = await db
    .select({ id: programs.id, name: programs.name })
    .from(programs)
    .where(eq(programs.id, id));
  return row ?? null;
}

export async function findServicePlace(db: Db, id: string) {
  const [row] = await db
    .select({ clinicId: services.clinicId, specialtyId: services.specialtyId })
    .from(services)
    .where(eq(services.id, id));
  return row ?? null;
}

export async function clinicExists(db: Db, id: string): Promise<boolean> {
  const [row] = await db.select({ id: clinics.id }).from(clinics).where(eq(clinics.id, id));
  return row !== undefined;
}

const networkColumns = {
  id: programNetworkEntries.id,
  programId: programNetworkEntries.programId,
  clinicId: clinics.id,
  clinicName: clinics.name,
  clinicAddress: clinics.address,
  specialtyId: specialties.id,
  specialtyName: specialties.name,
  serviceId: services.id,
  serviceCode: services.code,
  serviceName: services.name,
  guaranteeLetterRequired: programNetworkEntries.guaranteeLetterRequired,
  limitVisits: programNetworkEntries.limitVisits,
  limitPeriod: programNetworkEntries.limitPeriod,
};

function networkQuery(db: Db) {
  return db
    .select(networkColumns)
    .from(programNetworkEntries)
    .innerJoin(clinics, eq(clinics.id, programNetworkEntries.clinicId))
    .leftJoin(specialties, eq(specialties.id, programNetworkEntries.specialtyId))
    .leftJoin(services, eq(services.id, programNetworkEntries.serviceId));
}

type NetworkRow = Awaited<ReturnType<ReturnType<typeof networkQuery>["execute"]>>[number];

function toNetworkEntry(row: NetworkRow): NetworkEntryView {
  return {
    id: row.id,
    programId: row.programId,
    clinic: { id: row.clinicId, name: row.clinicName, address: row.clinicAddress },
    specialty:
      row.specialtyId && row.specialtyName
        ? { id: row.specialtyId, name: row.specialtyName }
        : null,
    service:
      row.serviceId && row.serviceCode && row.serviceName
        ? { id: row.serviceId, code: row.serviceCode, name: row.serviceName }
        : null,
    guaranteeLetterRequired: row.guaranteeLetterRequired,
    limitVisits: row.limitVisits,
    limitPeriod: row.limitPeriod,
  };
}

export async function listNetworkEntries(db: Db, programId: string): Promise<NetworkEntryView[]> {
  const rows = await networkQuery(db)
    .where(eq(programNetworkEntries.programId, programId))
    .orderBy(
      asc(clinics.name),
      sql`${specialties.name} nulls first`,
      sql`${services.code} nulls first`,
    );
  return rows.map(toNetworkEntry);
}

export async function findNetworkEntry(db: Db, id: string): Promise<NetworkEntryView | null> {
  const [row] = await networkQuery(db).where(eq(programNetworkEntries.id, id));
  return row ? toNetworkEntry(row) : null;
}

export async function insertNetworkEntry(
  db: Db,
  programId: string,
  input: NetworkEntryInput,
): Promise<string | Clash> {
  return orClash(async () => {
    const [row] = await db
      .insert(programNetworkEntries)
      .values({ programId, ...input })
      .returning({ id: programNetworkEntries.id });
    if (!row) throw new Error("the network entry was not stored");
    return row.id;
  });
}

export async function updateNetworkEntry(
  db: Db,
  id: string,
  input: NetworkEntryInput,
): Promise<undefined | Clash> {
  return orClash(async () => {
    await db.update(programNetworkEntries).set(input).where(eq(programNetworkEntries.id, id));
    return undefined;
  });
}

export async function deleteNetworkEntry(db: Db, id: string): Promise<boolean> {
  const rows = await db
    .delete(programNetworkEntries)
    .where(eq(programNetworkEntries.id, id))
    .returning({ id: programNetworkEntries.id });
  return rows.length > 0;
}

/** The ids of a doctor's slots starting at the given instants (those just stored). */
export async function findSlotIdsAt(tx: Db, doctorId: string, starts: Date[]): Promise<string[]> {
  if (starts.length === 0) return [];
  const rows = await tx
    .select({ id: slots.id })
    .from(slots)
    .where(and(eq(slots.doctorId, doctorId), inArray(slots.startsAt, starts)))
    .orderBy(asc(slots.startsAt));
  return rows.map((row) => row.id);
}
