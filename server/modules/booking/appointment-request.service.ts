import type { z } from "zod";
import {
  type AppointmentView,
  type appointmentRequestSchema,
  MAX_SLOT_SEARCH_DAYS,
} from "../../../common/booking/booking.schema.ts";
import { formatRuDate } from "../../../common/format/date.ts";
import type { Db } from "../../db/client.ts";
import { ConflictError, NotFoundError, ValidationError } from "../../errors.ts";
import { emit } from "../../plugins/events.ts";
import { insertAppointment, insertAppointmentEvent } from "./booking.repository.ts";
import { bookablePerson, coverageDecider, myAppointment } from "./booking.service.ts";
import { findClinic, findVisitService, isClinicDoctor } from "./booking-catalogue.repository.ts";
import { addCalendarDays, moscowDate, moscowInstant } from "./moscow-time.ts";

export type AppointmentRequestInput = z.output<typeof appointmentRequestSchema>;

export const CLINIC_NOT_FOUND = "Эта клиника не найдена или больше не принимает: выберите другую.";
export const CLINIC_BOOKS_ONLINE =
  "Эта клиника записывает на свободное время онлайн: выберите время вместо заявки.";
export const NO_SUCH_VISIT = "В этой клинике нет приёма этой специальности: выберите другую.";
export const DOCTOR_NOT_THERE = "Этот врач не принимает в этой клинике по этой специальности.";

/**
 * «Оставить заявку» at a clinic that takes requests only: the preferred Moscow days (today to
 * 14 days ahead), the time of day and a note; an operator books it by phone. The coverage is
 * decided for the first preferred day and is kept with the request.
 */
export async function requestAppointment(
  db: Db,
  clientId: string,
  input: AppointmentRequestInput,
  now = new Date(),
): Promise<AppointmentView> {
  const person = await bookablePerson(db, clientId, input.personId, now);
  const today = moscowDate(now);
  const lastDay = addCalendarDays(today, MAX_SLOT_SEARCH_DAYS);
  const days = [...new Set(input.days)].sort();
  const first = days[0];
  const last = days[days.length - 1];
  if (first === undefined || last === undefined || first < today || last > lastDay) {
    throw new ValidationError([
      {
        field: "days",
        message: `Выберите дни с ${formatRuDate(today)} по ${formatRuDate(lastDay)}.`,
      },
    ]);
  }
  const clinic = await findClinic(db, input.clinicId);
  if (!clinic?.active) throw new NotFoundError(CLINIC_NOT_FOUND);
  if (clinic.bookingMode !== "requests_only") throw new ConflictError(CLINIC_BOOKS_ONLINE);
  const service = await findVisitService(db, clinic.id, input.specialtyId);
  if (!service) throw new ValidationError([{ field: "specialtyId", message: NO_SUCH_VISIT }]);
  if (input.doctorId && !(await isClinicDoctor(db, input.doctorId, clinic.id, input.specialtyId))) {
    throw new ValidationError([{ field: "doctorId", message: DOCTOR_NOT_THERE }]);
  }

  const prices = {
    clinicPriceKopecks: service.priceKopecks,
    discountBasisPoints: service.companyDiscountBp ?? clinic.companyDiscountBp,
  };
  const decide = await coverageDecider(db, person, [clinic.id]);
  const coverage = decide(
    { clinicId: clinic.id, specialtyId: input.specialtyId, serviceId: service.id },
    moscowInstant(first, 12 * 60),
    prices,
  );
  const id = await db.transaction(async (tx) => {
    const row = await insertAppointment(tx, {
      personId: person.personId,
      contractId: person.contractId,
      clientId,
      doctorId: input.doctorId ?? null,
      clinicId: clinic.id,
      serviceId: service.id,
      status: "requested",
      coverageKind: coverage.kind,
      coverageReason: coverage.kind === "paid" ? coverage.reason : null,
      clinicPriceKopecks: prices.clinicPriceKopecks,
      companyPriceKopecks:
        coverage.kind === "paid" ? coverage.companyPriceKopecks : prices.clinicPriceKopecks,
      requestDays: days,
      requestTimeOfDay: input.timeOfDay,
      requestNote: input.note ? input.note : null,
      createdAt: now,
      updatedAt: now,
    });
    await insertAppointmentEvent(tx, {
      appointmentId: row.id,
      at: now,
      fromStatus: null,
      toStatus: "requested",
      actorKind: "client",
      actorId: clientId,
    });
    await emit(tx, "appointment.requested", { appointmentId: row.id }, { accountId: clientId });
    return row.id;
  });
  return myAppointment(db, clientId, id, now);
}
