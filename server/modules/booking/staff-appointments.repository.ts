import {
  aliasedTable,
  and,
  asc,
  count,
  desc,
  eq,
  gte,
  inArray,
  lt,
  type SQL,
  sql,
} from "drizzle-orm";
import type { StaffAppointmentQueue } from "../../../common/booking/staff-appointments.schema.ts";
import type { Db } from "../../db/client.ts";
import {
  appointmentEvents,
  appointments,
  clients,
  clinics,
  contracts,
  coveredPersons,
  doctors,
  programs,
  services,
  slots,
  specialties,
  staffMembers,
} from "../../db/schema/index.ts";
import { TIME_HOLDING_STATUSES } from "./appointment-status.ts";

// «Записи» in the staff console (issue 14): the operator's queues and the changes they make.

const letterBy = aliasedTable(staffMembers, "letter_by");

const staffColumns = {
  appointment: appointments,
  personLastName: coveredPersons.lastName,
  personFirstName: coveredPersons.firstName,
  personPatronymic: coveredPersons.patronymic,
  personBirthDate: coveredPersons.birthDate,
  clientLastName: clients.lastName,
  clientFirstName: clients.firstName,
  clientPatronymic: clients.patronymic,
  clientPhone: clients.phone,
  contractNumber: contracts.number,
  programName: programs.name,
  clinicName: clinics.name,
  clinicAddress: clinics.address,
  clinicPhones: clinics.phones,
  clinicBookingMode: clinics.bookingMode,
  // Null for a request that names no doctor (left join).
  doctorLastName: doctors.lastName,
  doctorFirstName: doctors.firstName,
  doctorPatronymic: doctors.patronymic,
  // The visit's specialty is its service's (its doctor is one of that specialty).
  specialtyId: specialties.id,
  specialtyName: specialties.name,
  serviceName: services.name,
  letterByName: letterBy.fullName,
};
export type StaffAppointmentRow = Awaited<ReturnType<typeof listQueue>>[number];

function staffQuery(db: Db) {
  return db
    .select(staffColumns)
    .from(appointments)
    .innerJoin(coveredPersons, eq(coveredPersons.id, appointments.personId))
    .innerJoin(clients, eq(clients.id, appointments.clientId))
    .innerJoin(contracts, eq(contracts.id, appointments.contractId))
    .innerJoin(programs, eq(programs.id, contracts.programId))
    .innerJoin(clinics, eq(clinics.id, appointments.clinicId))
    .innerJoin(services, eq(services.id, appointments.serviceId))
    .innerJoin(specialties, eq(specialties.id, services.specialtyId))
    .leftJoin(doctors, eq(doctors.id, appointments.doctorId))
    .leftJoin(letterBy, eq(letterBy.id, appointments.letterById));
}

/** The condition that puts an appointment in a queue of «Записи» at `now`. */
function inQueue(queue: StaffAppointmentQueue, now: Date): SQL | undefined {
  switch (queue) {
    case "requests":
      return and(eq(appointments.status, "requested"), sql`${appointments.startsAt} is null`);
    case "confirm":
      return and(eq(appointments.status, "requested"), sql`${appointments.startsAt} is not null`);
    case "letters":
      return eq(appointments.status, "awaiting_letter");
    case "upcoming":
      return and(eq(appointments.status, "confirmed"), sql`${appointments.startsAt} > ${now}`);
    case "outcome":
      return and(eq(appointments.status, "confirmed"), sql`${appointments.startsAt} <= ${now}`);
    case "closed":
      return inArray(appointments.status, ["cancelled", "fulfilled", "noshow"]);
  }
}

function queueOrder(queue: StaffAppointmentQueue) {
  switch (queue) {
    case "requests":
      return [asc(appointments.createdAt), asc(appointments.id)];
    case "closed":
      return [desc(appointments.updatedAt), asc(appointments.id)];
    default:
      return [asc(appointments.startsAt), asc(appointments.id)];
  }
}

/** One page of a queue (one more row than `limit` tells there is more). */
export async function listQueue(
  db: Db,
  filter: {
    queue: StaffAppointmentQueue;
    clinicId?: string;
    /** A Moscow date: the visit's day, or one of a request's preferred days. */
    date?: string;
    limit: number;
    offset: number;
    now: Date;
  },
) {
  const onDate = filter.date
    ? sql`(${appointments.startsAt} is not null and (${appointments.startsAt} at time zone 'Europe/Moscow')::date = ${filter.date}::date)
        or (${appointments.startsAt} is null and ${filter.date}::date = any(${appointments.requestDays}))`
    : undefined;
  return staffQuery(db)
    .where(
      and(
        inQueue(filter.queue, filter.now),
        filter.clinicId ? eq(appointments.clinicId, filter.clinicId) : undefined,
        onDate,
      ),
    )
    .orderBy(...queueOrder(filter.queue))
    .limit(filter.limit + 1)
    .offset(filter.offset);
}

/** How many appointments wait in a queue (the closed one is not counted). */
export async function countQueue(db: Db, queue: StaffAppointmentQueue, now: Date) {
  const [row] = await db.select({ n: count() }).from(appointments).where(inQueue(queue, now));
  return row?.n ?? 0;
}

/** The active clinics, for the filter of «Записи». */
export async function listClinicsForFilter(db: Db) {
  return db
    .select({
      id: clinics.id,
      name: clinics.name,
      address: clinics.address,
      bookingMode: clinics.bookingMode,
    })
    .from(clinics)
    .where(eq(clinics.active, true))
    .orderBy(asc(clinics.name), asc(clinics.address));
}

export async function findStaffAppointment(db: Db, id: string) {
  const [row] = await staffQuery(db).where(eq(appointments.id, id)).limit(1);
  return row ?? null;
}

/** An appointment's status history, oldest first, with the staff member's name where staff acted. */
export async function listHistory(db: Db, appointmentId: string) {
  return db
    .select({
      at: appointmentEvents.at,
      fromStatus: appointmentEvents.fromStatus,
      toStatus: appointmentEvents.toStatus,
      actorKind: appointmentEvents.actorKind,
      actorName: staffMembers.fullName,
      reason: appointmentEvents.reason,
    })
    .from(appointmentEvents)
    .leftJoin(
      staffMembers,
      and(
        inArray(appointmentEvents.actorKind, ["staff", "clinic"]),
        eq(staffMembers.id, appointmentEvents.actorId),
      ),
    )
    .where(eq(appointmentEvents.appointmentId, appointmentId))
    .orderBy(asc(appointmentEvents.at), asc(appointmentEvents.id));
}

/** The active doctors of a specialty at a clinic, by name. */
export async function listClinicDoctors(db: Db, clinicId: string, specialtyId: string) {
  return db
    .select({
      id: doctors.id,
      lastName: doctors.lastName,
      firstName: doctors.firstName,
      patronymic: doctors.patronymic,
      specialtyId: specialties.id,
      specialtyName: specialties.name,
    })
    .from(doctors)
    .innerJoin(specialties, eq(specialties.id, doctors.specialtyId))
    .where(
      and(
        eq(doctors.clinicId, clinicId),
        eq(doctors.specialtyId, specialtyId),
        eq(doctors.active, true),
      ),
    )
    .orderBy(asc(doctors.lastName), asc(doctors.firstName));
}

// A paid visit's hold takes the time as a live visit does.
const holdingStatusList = sql.raw(TIME_HOLDING_STATUSES.map((status) => `'${status}'`).join(", "));

/** Stored times of these doctors in [from, to) that no live appointment overlaps. */
export async function listFreeDoctorSlots(db: Db, doctorIds: string[], from: Date, to: Date) {
  if (doctorIds.length === 0) return [];
  return db
    .select({
      id: slots.id,
      doctorId: slots.doctorId,
      startsAt: slots.startsAt,
      endsAt: slots.endsAt,
    })
    .from(slots)
    .where(
      and(
        inArray(slots.doctorId, doctorIds),
        gte(slots.startsAt, from),
        lt(slots.startsAt, to),
        sql`not exists (select 1 from ${appointments} a where a.doctor_id = ${slots.doctorId}
          and a.status in (${holdingStatusList})
          and tstzrange(a.starts_at, a.ends_at) && tstzrange(${slots.startsAt}, ${slots.endsAt}))`,
      ),
    )
    .orderBy(asc(slots.startsAt), asc(slots.id))
    .limit(2000);
}

export async function findSlotOf(db: Db, slotId: string) {
  const [row] = await db
    .select({
      id: slots.id,
      doctorId: slots.doctorId,
      startsAt: slots.startsAt,
      endsAt: slots.endsAt,
    })
    .from(slots)
    .where(eq(slots.id, slotId))
    .limit(1);
  return row ?? null;
}

/** The request gets its doctor and time, and its new status; false when it was no longer a request. */
export async function setScheduled(
  tx: Db,
  id: string,
  values: {
    doctorId: string;
    slotId: string | null;
    startsAt: Date;
    endsAt: Date;
    status: "awaiting_letter" | "confirmed";
    at: Date;
  },
): Promise<boolean> {
  const changed = await tx
    .update(appointments)
    .set({
      doctorId: values.doctorId,
      slotId: values.slotId,
      startsAt: values.startsAt,
      endsAt: values.endsAt,
      status: values.status,
      updatedAt: values.at,
    })
    .where(
      and(
        eq(appointments.id, id),
        eq(appointments.status, "requested"),
        sql`${appointments.startsAt} is null`,
      ),
    )
    .returning({ id: appointments.id });
  return changed.length > 0;
}

/** The guarantee letter was issued (its PDF, or only the moment it went to the clinic). */
export async function setLetterIssued(
  tx: Db,
  id: string,
  values: {
    storageKey: string | null;
    fileName: string | null;
    byId: string;
    at: Date;
  },
): Promise<boolean> {
  const changed = await tx
    .update(appointments)
    .set({
      status: "confirmed",
      letterStorageKey: values.storageKey,
      letterFileName: values.fileName,
      letterSentAt: values.at,
      letterById: values.byId,
      updatedAt: values.at,
    })
    .where(and(eq(appointments.id, id), eq(appointments.status, "awaiting_letter")))
    .returning({ id: appointments.id });
  return changed.length > 0;
}

/** «Состоялась»: the visit is fulfilled and points at the appeal written for it. */
export async function setFulfilled(
  tx: Db,
  id: string,
  appealId: string,
  at: Date,
): Promise<boolean> {
  const changed = await tx
    .update(appointments)
    .set({ status: "fulfilled", appealId, updatedAt: at })
    .where(and(eq(appointments.id, id), eq(appointments.status, "confirmed")))
    .returning({ id: appointments.id });
  return changed.length > 0;
}
