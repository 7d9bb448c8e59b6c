import { formatMoscowDateTime } from "../../../common/format/date.ts";
import type { Db } from "../../db/client.ts";
import { ConflictError, NotFoundError } from "../../errors.ts";
import { emit } from "../../plugins/events.ts";
import { claimSlot, findSlot, insertAppointmentEvent, lockPerson } from "./booking.repository.ts";
import {
  bookablePerson,
  insertSlotAppointment,
  SLOT_NOT_FOUND,
  SLOT_PAST,
  TIME_TAKEN,
  takenTimeConflict,
} from "./booking.service.ts";
import { endHold, findClinicCutoff } from "./paid-visits.repository.ts";
import { findOpenOfferForSlot } from "./waitlist.repository.ts";

// «Оплатить и записаться» (issue 15, decision 0023 §5): a paid time is held as an appointment in
// awaiting_payment — inside the exclusion constraints, so no other booking on any path can take
// it — confirmed when its order is paid, released when the order expires.

export interface PaidVisitHold {
  appointmentId: string;
  /** What the receipt says: «Приём: терапевт, Клиника «Здоровье», 05.12.2026 10:00». */
  description: string;
  companyPriceKopecks: number;
  startsAt: Date;
  cancellationCutoffHours: number;
}

/**
 * Holds a paid time for a covered person of the account, inside the caller's transaction (the
 * order is inserted in the same one). Refused when the program covers the time (nothing to pay),
 * when the time is taken, past, or offered to someone else from the waitlist.
 */
export async function holdPaidVisit(
  tx: Db,
  input: { clientId: string; personId: string; slotId: string; holdUntil: Date; now: Date },
): Promise<PaidVisitHold> {
  const { clientId, now } = input;
  const person = await bookablePerson(tx, clientId, input.personId, now);
  await lockPerson(tx, person.personId);
  await claimSlot(tx, input.slotId);
  const slot = await findSlot(tx, input.slotId);
  if (!slot) throw new NotFoundError(SLOT_NOT_FOUND);
  if (slot.startsAt.getTime() <= now.getTime()) throw new ConflictError(SLOT_PAST);
  const offer = await findOpenOfferForSlot(tx, slot.id, now);
  if (offer && offer.clientId !== clientId) throw new ConflictError(TIME_TAKEN);
  const row = await insertSlotAppointment(tx, person, clientId, slot, now, {
    holdUntil: input.holdUntil,
  });
  await insertAppointmentEvent(tx, {
    appointmentId: row.id,
    at: now,
    fromStatus: null,
    toStatus: row.status,
    actorKind: "client",
    actorId: clientId,
  });
  const what = `${slot.specialtyName}, ${slot.clinicName}, ${formatMoscowDateTime(slot.startsAt)}`;
  return {
    appointmentId: row.id,
    description: `Приём: ${what}`.slice(0, 128),
    companyPriceKopecks: row.companyPriceKopecks,
    startsAt: slot.startsAt,
    cancellationCutoffHours: (await findClinicCutoff(tx, slot.clinicId)) ?? 24,
  };
}

/** A taken time, a busy person or a time being booked, as the booking's own Russian 409. */
export function paidVisitConflict(error: unknown): ConflictError | null {
  return takenTimeConflict(error);
}

/**
 * The order is paid: the held time becomes a confirmed visit, in the fulfilment's transaction,
 * and `appointment.booked` brings its confirmation and reminders as for any booking. False when
 * the hold is gone (it expired and was released): the shop refunds the money.
 */
export async function confirmPaidVisit(
  tx: Db,
  appointmentId: string,
  now = new Date(),
): Promise<boolean> {
  const held = await endHold(tx, appointmentId, "confirmed", now);
  if (!held) return false;
  await insertAppointmentEvent(tx, {
    appointmentId,
    at: now,
    fromStatus: "awaiting_payment",
    toStatus: "confirmed",
    actorKind: "system",
  });
  await emit(
    tx,
    "appointment.booked",
    { appointmentId, slotId: held.slotId ?? "" },
    { accountId: held.clientId },
  );
  return true;
}

/**
 * The order expired unpaid: the held time is freed. No «запись отменена» message goes out for a
 * time never paid (no appointment.cancelled); the order's own event tells the client.
 */
export async function releasePaidVisit(
  tx: Db,
  appointmentId: string,
  reason: string,
  now = new Date(),
): Promise<boolean> {
  if (!(await endHold(tx, appointmentId, "cancelled", now, reason))) return false;
  await insertAppointmentEvent(tx, {
    appointmentId,
    at: now,
    fromStatus: "awaiting_payment",
    toStatus: "cancelled",
    actorKind: "system",
    reason,
  });
  return true;
}
