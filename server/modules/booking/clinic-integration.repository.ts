import { and, asc, eq, gt, gte, inArray, isNull, lt, notInArray, or } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import {
  appointments,
  coveredPersons,
  doctors,
  services,
  slots,
  waitlistOffers,
} from "../../db/schema/index.ts";
import { TIME_HOLDING_STATUSES } from "./appointment-status.ts";

export interface ClinicDoctor {
  id: string;
  clinicId: string;
  specialtyId: string;
}

export interface LockedSlot {
  id: string;
  externalId: string | null;
  source: "template" | "integration";
  startsAt: Date;
  endsAt: Date;
}

const doctorColumns = {
  id: doctors.id,
  clinicId: doctors.clinicId,
  specialtyId: doctors.specialtyId,
};

/** A doctor by our id, whatever the clinic (the caller tells a foreign one from a missing one). */
export async function findDoctorById(db: Db, id: string): Promise<ClinicDoctor | null> {
  const [row] = await db.select(doctorColumns).from(doctors).where(eq(doctors.id, id));
  return row ?? null;
}

/** A clinic's doctor by the clinic's own id of them. */
export async function findDoctorByExternalId(
  db: Db,
  clinicId: string,
  externalId: string,
): Promise<ClinicDoctor | null> {
  const [row] = await db
    .select(doctorColumns)
    .from(doctors)
    .where(and(eq(doctors.clinicId, clinicId), eq(doctors.externalId, externalId)));
  return row ?? null;
}

/**
 * Locks (FOR UPDATE) the doctor's slots that overlap [from, to) or carry one of these external
 * ids: a booking locks its slot the same way, so none is booked while they are replaced.
 */
export async function lockDoctorSlots(
  tx: Db,
  doctorId: string,
  from: Date,
  to: Date,
  externalIds: readonly string[],
): Promise<LockedSlot[]> {
  const inWindow = and(lt(slots.startsAt, to), gt(slots.endsAt, from));
  return tx
    .select({
      id: slots.id,
      externalId: slots.externalId,
      source: slots.source,
      startsAt: slots.startsAt,
      endsAt: slots.endsAt,
    })
    .from(slots)
    .where(
      and(
        eq(slots.doctorId, doctorId),
        externalIds.length > 0
          ? or(inWindow, inArray(slots.externalId, [...externalIds]))
          : inWindow,
      ),
    )
    .orderBy(asc(slots.startsAt))
    .for("update");
}

/** Of these slots, those a live appointment or an open waitlist offer holds. */
export async function heldSlotIds(tx: Db, slotIds: readonly string[], now: Date) {
  if (slotIds.length === 0) return new Map<string, "booked" | "offered">();
  const [booked, offered] = await Promise.all([
    tx
      .select({ id: appointments.slotId })
      .from(appointments)
      .where(
        and(
          inArray(appointments.slotId, [...slotIds]),
          inArray(appointments.status, [...TIME_HOLDING_STATUSES]),
        ),
      ),
    tx
      .select({ id: waitlistOffers.slotId })
      .from(waitlistOffers)
      .where(
        and(
          inArray(waitlistOffers.slotId, [...slotIds]),
          isNull(waitlistOffers.answer),
          gt(waitlistOffers.expiresAt, now),
        ),
      ),
  ]);
  const held = new Map<string, "booked" | "offered">();
  for (const row of offered) held.set(row.id, "offered");
  for (const row of booked) if (row.id !== null) held.set(row.id, "booked");
  return held;
}

/**
 * Deletes slots no live appointment holds. Past (cancelled, fulfilled) appointments that
 * pointed at them keep their own times and lose only the link.
 */
export async function deleteSlots(tx: Db, slotIds: readonly string[]): Promise<void> {
  if (slotIds.length === 0) return;
  await tx
    .update(appointments)
    .set({ slotId: null })
    .where(
      and(
        inArray(appointments.slotId, [...slotIds]),
        notInArray(appointments.status, [...TIME_HOLDING_STATUSES]),
      ),
    );
  await tx.delete(slots).where(inArray(slots.id, [...slotIds]));
}

/**
 * Moves slots to new times. The unique (doctor, start) is checked row by row, so slots that swap
 * times are first parked at distinct instants in 1900, then put at their new times.
 */
export async function moveSlots(
  tx: Db,
  moves: readonly { id: string; startsAt: Date; endsAt: Date }[],
): Promise<void> {
  for (const [index, move] of moves.entries()) {
    const parked = new Date(Date.UTC(1900, 0, 1) + index * 60_000);
    await tx
      .update(slots)
      .set({ startsAt: parked, endsAt: new Date(parked.getTime() + 30_000) })
      .where(eq(slots.id, move.id));
  }
  for (const move of moves) {
    await tx
      .update(slots)
      .set({ startsAt: move.startsAt, endsAt: move.endsAt })
      .where(eq(slots.id, move.id));
  }
}

export async function insertClinicSlots(
  tx: Db,
  doctor: ClinicDoctor,
  rows: readonly { externalId: string; startsAt: Date; endsAt: Date }[],
): Promise<string[]> {
  if (rows.length === 0) return [];
  const inserted = await tx
    .insert(slots)
    .values(
      rows.map((row) => ({
        doctorId: doctor.id,
        clinicId: doctor.clinicId,
        specialtyId: doctor.specialtyId,
        startsAt: row.startsAt,
        endsAt: row.endsAt,
        source: "integration" as const,
        externalId: row.externalId,
      })),
    )
    .returning({ id: slots.id });
  return inserted.map((row) => row.id);
}

/**
 * A clinic's appointments with a time in [from, to), and its requests without a time made
 * then; earliest first.
 */
export function listClinicAppointments(db: Db, clinicId: string, from: Date, to: Date) {
  return db
    .select({
      id: appointments.id,
      status: appointments.status,
      startsAt: appointments.startsAt,
      endsAt: appointments.endsAt,
      doctorId: doctors.id,
      doctorExternalId: doctors.externalId,
      doctorLastName: doctors.lastName,
      doctorFirstName: doctors.firstName,
      doctorPatronymic: doctors.patronymic,
      slotExternalId: slots.externalId,
      serviceCode: services.code,
      serviceName: services.name,
      lastName: coveredPersons.lastName,
      firstName: coveredPersons.firstName,
      patronymic: coveredPersons.patronymic,
      birthDate: coveredPersons.birthDate,
      coverage: appointments.coverageKind,
    })
    .from(appointments)
    .innerJoin(coveredPersons, eq(coveredPersons.id, appointments.personId))
    .innerJoin(services, eq(services.id, appointments.serviceId))
    .leftJoin(doctors, eq(doctors.id, appointments.doctorId))
    .leftJoin(slots, eq(slots.id, appointments.slotId))
    .where(
      and(
        eq(appointments.clinicId, clinicId),
        or(
          and(gte(appointments.startsAt, from), lt(appointments.startsAt, to)),
          and(
            isNull(appointments.startsAt),
            gte(appointments.createdAt, from),
            lt(appointments.createdAt, to),
          ),
        ),
      ),
    )
    .orderBy(asc(appointments.startsAt), asc(appointments.createdAt))
    .limit(5000);
}
