import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import {
  appointments,
  clients,
  clinics,
  coveredPersons,
  doctors,
  services,
  slots,
  specialties,
  waitlistEntries,
  waitlistOffers,
} from "../../db/schema/index.ts";

/**
 * What an SMS, an e-mail or a reminder about an appointment says, read by the appointment's id:
 * an event names the appointment, not its details. Read at the moment of sending, so a reminder
 * sees whether the appointment was cancelled or moved since it was scheduled.
 */
export async function findAppointmentNotice(db: Db, appointmentId: string) {
  const [row] = await db
    .select({
      id: appointments.id,
      clientId: appointments.clientId,
      status: appointments.status,
      startsAt: appointments.startsAt,
      coverageKind: appointments.coverageKind,
      clinicPriceKopecks: appointments.clinicPriceKopecks,
      companyPriceKopecks: appointments.companyPriceKopecks,
      cancelReason: appointments.cancelReason,
      movedToId: appointments.movedToId,
      phone: clients.phone,
      email: clients.email,
      person: {
        lastName: coveredPersons.lastName,
        firstName: coveredPersons.firstName,
        patronymic: coveredPersons.patronymic,
      },
      doctorLastName: doctors.lastName,
      doctorFirstName: doctors.firstName,
      doctorPatronymic: doctors.patronymic,
      specialty: specialties.name,
      service: services.name,
      clinic: {
        name: clinics.name,
        address: clinics.address,
        metro: clinics.metro,
        phones: clinics.phones,
        whatToBring: clinics.whatToBring,
        cancellationCutoffHours: clinics.cancellationCutoffHours,
      },
    })
    .from(appointments)
    .innerJoin(clients, eq(clients.id, appointments.clientId))
    .innerJoin(coveredPersons, eq(coveredPersons.id, appointments.personId))
    .innerJoin(clinics, eq(clinics.id, appointments.clinicId))
    .innerJoin(services, eq(services.id, appointments.serviceId))
    .innerJoin(specialties, eq(specialties.id, services.specialtyId))
    .leftJoin(doctors, eq(doctors.id, appointments.doctorId))
    .where(eq(appointments.id, appointmentId));
  if (!row) return null;
  const { doctorLastName, doctorFirstName, doctorPatronymic, ...rest } = row;
  const doctor =
    doctorLastName !== null && doctorFirstName !== null
      ? { lastName: doctorLastName, firstName: doctorFirstName, patronymic: doctorPatronymic }
      : null;
  return { ...rest, doctor };
}

export type AppointmentNotice = NonNullable<Awaited<ReturnType<typeof findAppointmentNotice>>>;

/** What the SMS of a waitlist offer says: the earlier time offered, and until when it is held. */
export async function findWaitlistOfferNotice(db: Db, offerId: string) {
  const [row] = await db
    .select({
      offerId: waitlistOffers.id,
      clientId: waitlistEntries.clientId,
      appointmentId: waitlistEntries.appointmentId,
      startsAt: slots.startsAt,
      expiresAt: waitlistOffers.expiresAt,
      answer: waitlistOffers.answer,
      entryStatus: waitlistEntries.status,
      phone: clients.phone,
      email: clients.email,
      person: {
        lastName: coveredPersons.lastName,
        firstName: coveredPersons.firstName,
        patronymic: coveredPersons.patronymic,
      },
      doctor: {
        lastName: doctors.lastName,
        firstName: doctors.firstName,
        patronymic: doctors.patronymic,
      },
      specialty: specialties.name,
      clinic: { name: clinics.name, address: clinics.address, metro: clinics.metro },
    })
    .from(waitlistOffers)
    .innerJoin(waitlistEntries, eq(waitlistEntries.id, waitlistOffers.entryId))
    .innerJoin(clients, eq(clients.id, waitlistEntries.clientId))
    .innerJoin(coveredPersons, eq(coveredPersons.id, waitlistEntries.personId))
    .innerJoin(slots, eq(slots.id, waitlistOffers.slotId))
    .innerJoin(doctors, eq(doctors.id, slots.doctorId))
    .innerJoin(specialties, eq(specialties.id, slots.specialtyId))
    .innerJoin(clinics, eq(clinics.id, slots.clinicId))
    .where(eq(waitlistOffers.id, offerId));
  return row ?? null;
}

export type WaitlistOfferNotice = NonNullable<Awaited<ReturnType<typeof findWaitlistOfferNotice>>>;
