import { asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import {
  appointmentEvents,
  appointments,
  clinics,
  contracts,
  coveredPersons,
  doctors,
  services,
} from "../../db/schema/index.ts";

// An account's appointments with their history, for «Выгрузить мои данные» (decision 0030).

/** The appointments the account booked, oldest first, with clinic, doctor and service by name. */
export function accountAppointments(db: Db, clientId: string) {
  return db
    .select({
      id: appointments.id,
      contractNumber: contracts.number,
      personName: sql<string>`concat_ws(' ', ${coveredPersons.lastName}, ${coveredPersons.firstName}, ${coveredPersons.patronymic})`,
      clinicName: clinics.name,
      clinicAddress: clinics.address,
      doctorName: sql<
        string | null
      >`case when ${doctors.id} is null then null else concat_ws(' ', ${doctors.lastName}, ${doctors.firstName}, ${doctors.patronymic}) end`,
      serviceName: services.name,
      startsAt: appointments.startsAt,
      endsAt: appointments.endsAt,
      status: appointments.status,
      coverageKind: appointments.coverageKind,
      clinicPriceKopecks: appointments.clinicPriceKopecks,
      companyPriceKopecks: appointments.companyPriceKopecks,
      cancelReason: appointments.cancelReason,
      requestNote: appointments.requestNote,
      createdAt: appointments.createdAt,
    })
    .from(appointments)
    .innerJoin(contracts, eq(contracts.id, appointments.contractId))
    .innerJoin(coveredPersons, eq(coveredPersons.id, appointments.personId))
    .innerJoin(clinics, eq(clinics.id, appointments.clinicId))
    .innerJoin(services, eq(services.id, appointments.serviceId))
    .leftJoin(doctors, eq(doctors.id, appointments.doctorId))
    .where(eq(appointments.clientId, clientId))
    .orderBy(asc(appointments.createdAt), asc(appointments.id));
}

/** The status history of these appointments, oldest first (who changed it: its kind only). */
export function historyOfAppointments(db: Db, appointmentIds: string[]) {
  if (appointmentIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      appointmentId: appointmentEvents.appointmentId,
      at: appointmentEvents.at,
      fromStatus: appointmentEvents.fromStatus,
      toStatus: appointmentEvents.toStatus,
      actor: appointmentEvents.actorKind,
      reason: appointmentEvents.reason,
    })
    .from(appointmentEvents)
    .where(inArray(appointmentEvents.appointmentId, appointmentIds))
    .orderBy(asc(appointmentEvents.at), asc(appointmentEvents.id));
}
