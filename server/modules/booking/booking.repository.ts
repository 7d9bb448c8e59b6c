import { and, asc, eq, gte, inArray, isNull, lt, lte, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { preparedPerDatabase } from "../../db/prepared.ts";
import {
  appointmentEvents,
  appointments,
  clinics,
  contractHolders,
  contracts,
  coveredPersons,
  doctors,
  doctorWeekTemplates,
  programNetworkEntries,
  programs,
  scheduleExceptions,
  services,
  slots,
  specialties,
  waitlistEntries,
  waitlistOffers,
} from "../../db/schema/index.ts";
import { LIMIT_STATUSES, TIME_HOLDING_STATUSES } from "./appointment-status.ts";

export type AppointmentRow = typeof appointments.$inferSelect;
export type AppointmentStatusValue = AppointmentRow["status"];

// A paid visit's hold takes the time as a live visit does.
const holdingStatusList = sql.raw(TIME_HOLDING_STATUSES.map((status) => `'${status}'`).join(", "));

/** The current covered persons of the contracts the account holds, with their contracts' terms. */
export async function listAccountPersons(db: Db, clientId: string) {
  return db
    .select({
      personId: coveredPersons.id,
      lastName: coveredPersons.lastName,
      firstName: coveredPersons.firstName,
      patronymic: coveredPersons.patronymic,
      birthDate: coveredPersons.birthDate,
      contractId: contracts.id,
      contractNumber: contracts.number,
      programId: contracts.programId,
      programName: programs.name,
      startsOn: contracts.startsOn,
      endsOn: contracts.endsOn,
      annulledAt: contracts.annulledAt,
    })
    .from(contractHolders)
    .innerJoin(contracts, eq(contracts.id, contractHolders.contractId))
    .innerJoin(programs, eq(programs.id, contracts.programId))
    .innerJoin(coveredPersons, eq(coveredPersons.contractId, contracts.id))
    .where(and(eq(contractHolders.clientId, clientId), isNull(coveredPersons.replacedAt)))
    .orderBy(asc(coveredPersons.lastName), asc(coveredPersons.firstName), asc(contracts.number));
}

const slotColumns = {
  id: slots.id,
  startsAt: slots.startsAt,
  endsAt: slots.endsAt,
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
  clinicDiscountBp: clinics.companyDiscountBp,
  cancellationCutoffHours: clinics.cancellationCutoffHours,
  serviceId: services.id,
  serviceName: services.name,
  servicePriceKopecks: services.priceKopecks,
  serviceDiscountBp: services.companyDiscountBp,
};
export type SlotRow = Awaited<ReturnType<typeof searchFreeSlots>>[number];

function slotQuery(db: Db) {
  return db
    .select(slotColumns)
    .from(slots)
    .innerJoin(doctors, eq(doctors.id, slots.doctorId))
    .innerJoin(specialties, eq(specialties.id, slots.specialtyId))
    .innerJoin(clinics, eq(clinics.id, slots.clinicId))
    .innerJoin(
      services,
      and(
        eq(services.clinicId, slots.clinicId),
        eq(services.specialtyId, slots.specialtyId),
        eq(services.isVisit, true),
        eq(services.active, true),
      ),
    );
}

type SlotSearchFilter = {
  clientId: string;
  now: Date;
  from: Date;
  to: Date;
  specialtyId?: string;
  doctorId?: string;
  clinicId?: string;
  limit: number;
};
type SlotNarrowing = "specialtyId" | "doctorId" | "clinicId";
const NARROWINGS: readonly SlotNarrowing[] = ["specialtyId", "doctorId", "clinicId"];
const narrowingColumn = {
  specialtyId: slots.specialtyId,
  doctorId: slots.doctorId,
  clinicId: slots.clinicId,
} as const;

/**
 * The search as one prepared statement for each set of filters given (at most eight): PostgreSQL
 * plans each once per connection — planning this join took longer than running it — and each
 * keeps a plan of its own indexes (specialty, doctor or clinic with the time).
 */
const slotSearchStatements = new Map<string, (db: Db) => ReturnType<typeof prepareSlotSearch>>();

function prepareSlotSearch(db: Db, narrowing: readonly SlotNarrowing[]) {
  const now = sql.placeholder("now");
  return slotQuery(db)
    .where(
      and(
        gte(slots.startsAt, sql`${sql.placeholder("from")}::timestamptz`),
        lt(slots.startsAt, sql`${sql.placeholder("to")}::timestamptz`),
        ...narrowing.map((name) => eq(narrowingColumn[name], sql`${sql.placeholder(name)}::uuid`)),
        eq(clinics.bookingMode, "online"),
        eq(clinics.active, true),
        eq(doctors.active, true),
        sql`not exists (select 1 from ${appointments} a where a.doctor_id = ${slots.doctorId}
          and a.status in (${holdingStatusList})
          and tstzrange(a.starts_at, a.ends_at) && tstzrange(${slots.startsAt}, ${slots.endsAt}))`,
        sql`not exists (select 1 from ${waitlistOffers} o
          join ${waitlistEntries} e on e.id = o.entry_id
          where o.slot_id = ${slots.id} and o.answer is null and o.expires_at > ${now}::timestamptz
            and e.client_id <> ${sql.placeholder("clientId")}::uuid)`,
      ),
    )
    .orderBy(asc(slots.startsAt), asc(slots.id))
    .limit(sql.placeholder("limit"))
    .prepare(`booking_free_slots${narrowing.map((name) => `_${name}`).join("")}`);
}

/**
 * Free times of online clinics in [from, to): no live appointment of the doctor overlaps them, and
 * no unexpired waitlist offer to another account holds them (at `now`).
 */
export async function searchFreeSlots(db: Db, filter: SlotSearchFilter) {
  const narrowing = NARROWINGS.filter((name) => filter[name] !== undefined);
  const key = narrowing.join(",");
  let statement = slotSearchStatements.get(key);
  if (!statement) {
    statement = preparedPerDatabase((database) => prepareSlotSearch(database, narrowing));
    slotSearchStatements.set(key, statement);
  }
  return statement(db).execute({
    clientId: filter.clientId,
    now: filter.now.toISOString(),
    from: filter.from.toISOString(),
    to: filter.to.toISOString(),
    limit: filter.limit,
    ...Object.fromEntries(narrowing.map((name) => [name, filter[name]])),
  });
}

/** One slot with its doctor, clinic and visit service, free or not; null when unknown. */
export async function findSlot(db: Db, slotId: string) {
  const [row] = await slotQuery(db)
    .where(and(eq(slots.id, slotId), eq(clinics.bookingMode, "online"), eq(doctors.active, true)))
    .limit(1);
  return row ?? null;
}

/** A program's network rows at the given clinics. */
export async function listNetworkRows(db: Db, programId: string, clinicIds: string[]) {
  if (clinicIds.length === 0) return [];
  return db
    .select({
      clinicId: programNetworkEntries.clinicId,
      specialtyId: programNetworkEntries.specialtyId,
      serviceId: programNetworkEntries.serviceId,
      guaranteeLetterRequired: programNetworkEntries.guaranteeLetterRequired,
      limitVisits: programNetworkEntries.limitVisits,
      limitPeriod: programNetworkEntries.limitPeriod,
    })
    .from(programNetworkEntries)
    .where(
      and(
        eq(programNetworkEntries.programId, programId),
        inArray(programNetworkEntries.clinicId, clinicIds),
      ),
    );
}

/** The person's visits under the program (not paid) that use up a limit: live and fulfilled. */
export async function listLimitVisits(db: Db, personId: string) {
  return db
    .select({
      clinicId: appointments.clinicId,
      serviceId: appointments.serviceId,
      specialtyId: services.specialtyId,
      startsAt: appointments.startsAt,
    })
    .from(appointments)
    .innerJoin(services, eq(services.id, appointments.serviceId))
    .where(
      and(
        eq(appointments.personId, personId),
        inArray(appointments.status, [...LIMIT_STATUSES]),
        sql`${appointments.coverageKind} <> 'paid'`,
      ),
    );
}

/**
 * Locks a slot's row for booking it, without waiting: a time someone is booking this very moment
 * is refused at once (55P03) instead of queueing. 500 simultaneous attempts on one time would
 * otherwise hold a pool connection each while they wait their turn on one row.
 */
export async function claimSlot(tx: Db, slotId: string): Promise<boolean> {
  const rows = await tx
    .select({ id: slots.id })
    .from(slots)
    .where(eq(slots.id, slotId))
    .for("update", { noWait: true });
  return rows.length > 0;
}

/** Locks the covered person's row: two bookings of one person's last covered visit queue here. */
export async function lockPerson(tx: Db, personId: string): Promise<void> {
  await tx.execute(
    sql`select 1 from ${coveredPersons} where ${coveredPersons.id} = ${personId} for update`,
  );
}

export async function insertAppointment(
  tx: Db,
  values: typeof appointments.$inferInsert,
): Promise<AppointmentRow> {
  const [row] = await tx.insert(appointments).values(values).returning();
  if (!row) throw new Error("the appointment was not stored");
  return row;
}

export async function insertAppointmentEvent(
  tx: Db,
  values: typeof appointmentEvents.$inferInsert,
): Promise<void> {
  await tx.insert(appointmentEvents).values(values);
}

/** Sets the status of an appointment that is still in `from`; false when it was not. */
export async function changeAppointmentStatus(
  tx: Db,
  id: string,
  from: readonly AppointmentStatusValue[],
  to: AppointmentStatusValue,
  at: Date,
  cancelReason: string | null = null,
): Promise<boolean> {
  const changed = await tx
    .update(appointments)
    .set({ status: to, updatedAt: at, ...(cancelReason === null ? {} : { cancelReason }) })
    .where(and(eq(appointments.id, id), inArray(appointments.status, [...from])))
    .returning({ id: appointments.id });
  return changed.length > 0;
}

const appointmentColumns = {
  appointment: appointments,
  personLastName: coveredPersons.lastName,
  personFirstName: coveredPersons.firstName,
  personPatronymic: coveredPersons.patronymic,
  // Null for a request that names no doctor (left join).
  doctorLastName: doctors.lastName,
  doctorFirstName: doctors.firstName,
  doctorPatronymic: doctors.patronymic,
  practiceSince: doctors.practiceSince,
  // The visit's specialty is its service's (a request names a specialty, maybe no doctor).
  specialtyId: specialties.id,
  specialtyName: specialties.name,
  clinicName: clinics.name,
  clinicAddress: clinics.address,
  clinicMetro: clinics.metro,
  clinicDistrict: clinics.district,
  clinicPhones: clinics.phones,
  clinicOpeningHours: clinics.openingHours,
  clinicWhatToBring: clinics.whatToBring,
  cancellationCutoffHours: clinics.cancellationCutoffHours,
  serviceName: services.name,
};
export type AppointmentDetailRow = Awaited<ReturnType<typeof listClientAppointments>>[number];

/** An appointment of one of these persons (none at all when the list is empty). */
function ofPersons(personIds: readonly string[]) {
  return personIds.length > 0 ? inArray(appointments.personId, [...personIds]) : sql`false`;
}

function appointmentQuery(db: Db) {
  return db
    .select(appointmentColumns)
    .from(appointments)
    .innerJoin(coveredPersons, eq(coveredPersons.id, appointments.personId))
    .innerJoin(services, eq(services.id, appointments.serviceId))
    .innerJoin(specialties, eq(specialties.id, services.specialtyId))
    .innerJoin(clinics, eq(clinics.id, appointments.clinicId))
    .leftJoin(doctors, eq(doctors.id, appointments.doctorId));
}

/**
 * The appointments the account booked for the persons it acts for now (`personIds`, the family
 * rule of decision 0031), by start.
 */
export async function listClientAppointments(
  db: Db,
  clientId: string,
  personIds: readonly string[],
) {
  return appointmentQuery(db)
    .where(and(eq(appointments.clientId, clientId), ofPersons(personIds)))
    .orderBy(asc(appointments.startsAt), asc(appointments.createdAt))
    .limit(500);
}

/** The account's appointment row, locked for a change (a move, a waitlist entry). */
export async function lockClientAppointment(
  tx: Db,
  clientId: string,
  id: string,
  personIds: readonly string[],
) {
  const [row] = await tx
    .select()
    .from(appointments)
    .where(and(eq(appointments.id, id), eq(appointments.clientId, clientId), ofPersons(personIds)))
    .for("update")
    .limit(1);
  return row ?? null;
}

/** An appointment row by id, locked (staff actions, the waitlist). */
export async function lockAppointment(tx: Db, id: string) {
  const [row] = await tx
    .select()
    .from(appointments)
    .where(eq(appointments.id, id))
    .for("update")
    .limit(1);
  return row ?? null;
}

/** The old appointment of a move points at the new one. */
export async function setMovedTo(tx: Db, id: string, movedToId: string): Promise<void> {
  await tx.update(appointments).set({ movedToId }).where(eq(appointments.id, id));
}

/** The clinic's cut-off and phones for an appointment's clinic. */
export async function findClinicTerms(db: Db, clinicId: string) {
  const [row] = await db
    .select({
      cancellationCutoffHours: clinics.cancellationCutoffHours,
      phones: clinics.phones,
    })
    .from(clinics)
    .where(eq(clinics.id, clinicId))
    .limit(1);
  return row ?? null;
}

export async function findClientAppointment(
  db: Db,
  clientId: string,
  id: string,
  personIds: readonly string[],
) {
  const [row] = await appointmentQuery(db)
    .where(and(eq(appointments.id, id), eq(appointments.clientId, clientId), ofPersons(personIds)))
    .limit(1);
  return row ?? null;
}

export async function listAppointmentEvents(db: Db, appointmentIds: string[]) {
  if (appointmentIds.length === 0) return [];
  return db
    .select({
      appointmentId: appointmentEvents.appointmentId,
      at: appointmentEvents.at,
      toStatus: appointmentEvents.toStatus,
      reason: appointmentEvents.reason,
    })
    .from(appointmentEvents)
    .where(inArray(appointmentEvents.appointmentId, appointmentIds))
    .orderBy(asc(appointmentEvents.at), asc(appointmentEvents.id));
}

/** The doctors whose weekly template makes slots: active, at an active online clinic. */
export async function listTemplatedDoctors(db: Db) {
  return db
    .select({
      doctorId: doctors.id,
      clinicId: doctors.clinicId,
      specialtyId: doctors.specialtyId,
      template: doctorWeekTemplates.template,
    })
    .from(doctorWeekTemplates)
    .innerJoin(doctors, eq(doctors.id, doctorWeekTemplates.doctorId))
    .innerJoin(clinics, eq(clinics.id, doctors.clinicId))
    .where(
      and(eq(doctors.active, true), eq(clinics.active, true), eq(clinics.bookingMode, "online")),
    );
}

export async function listScheduleExceptions(db: Db, from: string, to: string) {
  return db
    .select({
      doctorId: scheduleExceptions.doctorId,
      date: scheduleExceptions.date,
      startsAt: scheduleExceptions.startsAt,
      endsAt: scheduleExceptions.endsAt,
    })
    .from(scheduleExceptions)
    .where(and(gte(scheduleExceptions.date, from), lte(scheduleExceptions.date, to)));
}

/** Adds the slots not stored yet (idempotent: a slot already there is left as it is). */
export async function insertSlots(db: Db, rows: (typeof slots.$inferInsert)[]): Promise<number> {
  let inserted = 0;
  for (let index = 0; index < rows.length; index += 1000) {
    const added = await db
      .insert(slots)
      .values(rows.slice(index, index + 1000))
      .onConflictDoNothing({ target: [slots.doctorId, slots.startsAt] })
      .returning({ id: slots.id });
    inserted += added.length;
  }
  return inserted;
}

/** Past slots no appointment points at are of no more use. */
export async function deletePastSlots(db: Db, before: Date): Promise<void> {
  await db
    .delete(slots)
    .where(
      and(
        lt(slots.endsAt, before),
        sql`not exists (select 1 from ${appointments} a where a.slot_id = ${slots.id})`,
      ),
    );
}

/** The specialty of a service (an appointment's visit); null when unknown. */
export async function findVisitServiceSpecialty(db: Db, serviceId: string): Promise<string | null> {
  const [row] = await db
    .select({ specialtyId: services.specialtyId })
    .from(services)
    .where(eq(services.id, serviceId))
    .limit(1);
  return row?.specialtyId ?? null;
}
