import { createEvent, type EventStatus } from "ics";
import type { AppointmentView } from "../../../common/booking/booking.schema.ts";
import { formatMoscowDateTime } from "../../../common/format/date.ts";
import { formatPhone } from "../../../common/format/phone.ts";
import type { Db } from "../../db/client.ts";
import { ConflictError } from "../../errors.ts";
import { myAppointment } from "./booking.service.ts";
import { moscowDate } from "./moscow-time.ts";

export const REQUEST_HAS_NO_TIME =
  "У заявки ещё нет времени: добавить её в календарь можно, когда клиника его назначит.";

const STATUS: Record<AppointmentView["status"], EventStatus> = {
  requested: "TENTATIVE",
  awaiting_letter: "TENTATIVE",
  confirmed: "CONFIRMED",
  cancelled: "CANCELLED",
  fulfilled: "CONFIRMED",
  noshow: "CONFIRMED",
  awaiting_payment: "TENTATIVE",
};

/**
 * «Добавить в календарь»: the appointment as one RFC 5545 event (the `ics` library writes the
 * escaping, line folding and CRLF). Times are UTC instants (`…Z`), so every calendar shows them in
 * its own zone, the Moscow time of the visit included; the description names the Moscow time too.
 */
export function appointmentCalendar(appointment: AppointmentView): {
  fileName: string;
  text: string;
} {
  const { startsAt, endsAt } = appointment;
  if (startsAt === null || endsAt === null) throw new ConflictError(REQUEST_HAS_NO_TIME);
  const { clinic } = appointment;
  const description = [
    appointment.doctor ? `Врач: ${appointment.doctor.name}, ${appointment.specialty.name}` : null,
    `Пациент: ${appointment.personName}`,
    `Время: ${formatMoscowDateTime(startsAt)} (московское)`,
    `Клиника: ${clinic.name}, ${clinic.address}`,
    clinic.phone ? `Телефон клиники: ${formatPhone(clinic.phone)}` : null,
    clinic.whatToBring ? `Что взять с собой: ${clinic.whatToBring}` : null,
  ]
    .filter((line): line is string => line !== null)
    .join("\n");
  const { error, value } = createEvent({
    uid: `appointment-${appointment.id}@rms-cabinet`,
    productId: "rms-cabinet",
    title: `Приём: ${appointment.specialty.name} — ${clinic.name}`,
    start: Date.parse(startsAt),
    startInputType: "utc",
    startOutputType: "utc",
    end: Date.parse(endsAt),
    endInputType: "utc",
    endOutputType: "utc",
    location: clinic.address,
    description,
    status: STATUS[appointment.status],
    busyStatus: "BUSY",
    lastModified: Date.parse(appointment.updatedAt),
  });
  if (error || value === null) throw error ?? new Error("the calendar file was not made");
  return { fileName: `appointment-${moscowDate(new Date(startsAt))}.ics`, text: value };
}

/** The account's appointment as an `.ics` file (404 for another account's). */
export async function myAppointmentCalendar(
  db: Db,
  clientId: string,
  id: string,
  now = new Date(),
) {
  return appointmentCalendar(await myAppointment(db, clientId, id, now));
}
