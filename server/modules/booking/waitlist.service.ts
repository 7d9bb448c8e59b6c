import type { AppointmentView } from "../../../common/booking/booking.schema.ts";
import type { Db } from "../../db/client.ts";
import { ConflictError, NotFoundError } from "../../errors.ts";
import { moveInTransaction, NOT_FOUND, PREPAID_NOT_MOVED } from "./appointment-move.service.ts";
import { LIVE_STATUSES } from "./appointment-status.ts";
import {
  findClinicTerms,
  findVisitServiceSpecialty,
  lockClientAppointment,
} from "./booking.repository.ts";
import { actedForIds, myAppointment, takenTimeConflict } from "./booking.service.ts";
import { clientCancellation } from "./cancellation-cutoff.ts";
import { isPrepaid } from "./paid-visits.repository.ts";
import {
  answerOffer,
  closeWaitlistEntry,
  findClientOffer,
  insertWaitlistEntry,
} from "./waitlist.repository.ts";
import { isOfferHeld } from "./waitlist.ts";
import { endWaitlistOf, offerFreedTime } from "./waitlist-offers.ts";

export const WAITLIST_NOT_AVAILABLE =
  "«Сообщить, если освободится раньше» доступно для предстоящей записи к врачу до срока отмены клиники.";
export const OFFER_NOT_FOUND = "Предложение не найдено.";
export const OFFER_ANSWERED = "На это предложение уже ответили: оно больше не действует.";
export const OFFER_LAPSED =
  "Предложенное время держалось для вас 15 минут, и этот срок истёк: время могло уйти другому клиенту.";

/** «Сообщить, если освободится раньше»: the appointment waits for an earlier time with its doctor. */
export async function joinWaitlist(
  db: Db,
  clientId: string,
  appointmentId: string,
  now = new Date(),
): Promise<AppointmentView> {
  await db.transaction(async (tx) => {
    const a = await lockClientAppointment(
      tx,
      clientId,
      appointmentId,
      await actedForIds(tx, clientId, now),
    );
    if (!a) throw new NotFoundError(NOT_FOUND);
    const terms = await findClinicTerms(tx, a.clinicId);
    const movable =
      (LIVE_STATUSES as readonly string[]).includes(a.status) &&
      a.startsAt !== null &&
      a.doctorId !== null &&
      clientCancellation(a.startsAt, now, terms?.cancellationCutoffHours ?? 4).allowed;
    if (!movable) throw new ConflictError(WAITLIST_NOT_AVAILABLE);
    // A visit paid in the app is not moved, so it does not wait for an earlier time either.
    if (await isPrepaid(tx, a.id)) throw new ConflictError(PREPAID_NOT_MOVED);
    const specialtyId = await findVisitServiceSpecialty(tx, a.serviceId);
    if (!specialtyId) throw new ConflictError(WAITLIST_NOT_AVAILABLE);
    // Already waiting: the partial unique index keeps one entry, and the answer is the same.
    await insertWaitlistEntry(tx, {
      appointmentId: a.id,
      clientId,
      personId: a.personId,
      doctorId: a.doctorId,
      clinicId: a.clinicId,
      specialtyId,
      joinedAt: now,
    });
  });
  return myAppointment(db, clientId, appointmentId, now);
}

/** The client no longer waits: the entry ends, and a time offered to it goes to the next client. */
export async function leaveWaitlist(
  db: Db,
  clientId: string,
  appointmentId: string,
  now = new Date(),
): Promise<AppointmentView> {
  await db.transaction(async (tx) => {
    const a = await lockClientAppointment(
      tx,
      clientId,
      appointmentId,
      await actedForIds(tx, clientId, now),
    );
    if (!a) throw new NotFoundError(NOT_FOUND);
    await endWaitlistOf(tx, a.id, now);
  });
  return myAppointment(db, clientId, appointmentId, now);
}

/** The client's open offer, locked, and still holding its time at `now`; else 404 or 409. */
async function openOffer(tx: Db, clientId: string, offerId: string, now: Date) {
  const found = await findClientOffer(tx, clientId, offerId);
  if (!found) throw new NotFoundError(OFFER_NOT_FOUND);
  if (found.offer.answer !== null || found.entry.status !== "waiting") {
    throw new ConflictError(found.offer.answer === "lapsed" ? OFFER_LAPSED : OFFER_ANSWERED);
  }
  if (!isOfferHeld(found.offer.offeredAt, now) || found.offer.expiresAt <= now) {
    throw new ConflictError(OFFER_LAPSED);
  }
  return found;
}

/**
 * Accepting an offered earlier time moves the appointment there (the same atomic move as
 * «Перенести», in the same transaction as the answer). 409 once the 15 minutes are over, or when
 * the constraints refuse the time; the old appointment then stays as it was.
 */
export async function acceptOffer(
  db: Db,
  clientId: string,
  offerId: string,
  now = new Date(),
): Promise<AppointmentView> {
  let movedId: string;
  try {
    movedId = await db.transaction(async (tx) => {
      const { offer, entry } = await openOffer(tx, clientId, offerId, now);
      await answerOffer(tx, offer.id, "accepted", now);
      await closeWaitlistEntry(tx, entry.id, "accepted", now);
      return moveInTransaction(tx, clientId, entry.appointmentId, offer.slotId, now, {
        offerId: offer.id,
      });
    });
  } catch (error) {
    throw takenTimeConflict(error) ?? error;
  }
  return myAppointment(db, clientId, movedId, now);
}

/** Declining keeps the client waiting for other times; the offered one goes to the next client. */
export async function declineOffer(
  db: Db,
  clientId: string,
  offerId: string,
  now = new Date(),
): Promise<AppointmentView> {
  const appointmentId = await db.transaction(async (tx) => {
    const { offer, entry } = await openOffer(tx, clientId, offerId, now);
    await answerOffer(tx, offer.id, "declined", now);
    await offerFreedTime(tx, offer.slotId, now);
    return entry.appointmentId;
  });
  return myAppointment(db, clientId, appointmentId, now);
}
