import type { AppointmentView } from "../../../common/booking/booking.schema.ts";
import { formatMoscowDateTime } from "../../../common/format/date.ts";
import type { Db } from "../../db/client.ts";
import { ConflictError, NotFoundError } from "../../errors.ts";
import { emit } from "../../plugins/events.ts";
import { LIVE_STATUSES } from "./appointment-status.ts";
import {
  changeAppointmentStatus,
  findClinicTerms,
  findSlot,
  insertAppointmentEvent,
  lockClientAppointment,
  lockPerson,
  setMovedTo,
} from "./booking.repository.ts";
import {
  actedForIds,
  bookablePerson,
  insertSlotAppointment,
  myAppointment,
  NOT_LIVE,
  pastCutoff,
  SLOT_NOT_FOUND,
  SLOT_PAST,
  TIME_TAKEN,
  takenTimeConflict,
} from "./booking.service.ts";
import { clientCancellation } from "./cancellation-cutoff.ts";
import { isPrepaid } from "./paid-visits.repository.ts";
import { findOpenOfferForSlot, lockSlot } from "./waitlist.repository.ts";
import { endWaitlistOf, offerFreedTime } from "./waitlist-offers.ts";

export const SAME_TIME = "Запись уже на это время: выберите другое.";
export const NOT_FOUND = "Запись не найдена.";
export const PREPAID_NOT_MOVED =
  "Оплаченную запись нельзя перенести: отмените её — деньги вернутся — и запишитесь заново.";

/**
 * Moves the account's live appointment to a free slot, inside `tx` (the caller's transaction, so
 * an accepted waitlist offer and the move commit together). The old appointment is released
 * first and the new one inserted after it: to every other transaction the swap is atomic, and a
 * move to an overlapping time of the same doctor (10:00 → 10:15) is not refused by the old
 * appointment itself (decision 0020). If the exclusion constraints refuse the new row the caller's
 * transaction rolls back and the old appointment stays as it was. Coverage is decided again for
 * the new date, the old visit no longer counting against the limit. Returns the new id.
 */
export async function moveInTransaction(
  tx: Db,
  clientId: string,
  appointmentId: string,
  slotId: string,
  now: Date,
  options: { offerId?: string } = {},
): Promise<string> {
  const old = await lockClientAppointment(
    tx,
    clientId,
    appointmentId,
    await actedForIds(tx, clientId, now),
  );
  if (!old) throw new NotFoundError(NOT_FOUND);
  if (!(LIVE_STATUSES as readonly string[]).includes(old.status) || old.startsAt === null) {
    throw new ConflictError(NOT_LIVE);
  }
  if (await isPrepaid(tx, old.id)) throw new ConflictError(PREPAID_NOT_MOVED);
  const terms = await findClinicTerms(tx, old.clinicId);
  const decision = clientCancellation(old.startsAt, now, terms?.cancellationCutoffHours ?? 4);
  if (!decision.allowed) {
    throw pastCutoff(
      "move",
      decision.reason,
      terms?.cancellationCutoffHours ?? 4,
      terms?.phones ?? [],
    );
  }
  if (old.slotId === slotId) throw new ConflictError(SAME_TIME);
  const person = await bookablePerson(tx, clientId, old.personId, now);
  await lockPerson(tx, person.personId);
  // Both slots in one order, so two moves that swap times cannot deadlock.
  for (const id of [slotId, old.slotId].filter((id): id is string => id !== null).sort()) {
    await lockSlot(tx, id);
  }
  const slot = await findSlot(tx, slotId);
  if (!slot) throw new NotFoundError(SLOT_NOT_FOUND);
  if (slot.startsAt.getTime() <= now.getTime()) throw new ConflictError(SLOT_PAST);
  const hold = await findOpenOfferForSlot(tx, slot.id, now);
  if (hold && hold.id !== options.offerId && hold.appointmentId !== old.id) {
    throw new ConflictError(TIME_TAKEN);
  }

  if (!(await changeAppointmentStatus(tx, old.id, LIVE_STATUSES, "cancelled", now))) {
    throw new ConflictError(NOT_LIVE);
  }
  // The same person (the old appointment's), its coverage decided again for the new day.
  const moved = await insertSlotAppointment(tx, person, clientId, slot, now, "refuse");
  await setMovedTo(tx, old.id, moved.id);
  await insertAppointmentEvent(tx, {
    appointmentId: old.id,
    at: now,
    fromStatus: old.status,
    toStatus: "cancelled",
    actorKind: "client",
    actorId: clientId,
    reason: `Перенесена на ${formatMoscowDateTime(slot.startsAt)}`,
  });
  await insertAppointmentEvent(tx, {
    appointmentId: moved.id,
    at: now,
    fromStatus: null,
    toStatus: moved.status,
    actorKind: "client",
    actorId: clientId,
    reason: `Перенесена с ${formatMoscowDateTime(old.startsAt)}`,
  });
  await emit(
    tx,
    "appointment.moved",
    { fromAppointmentId: old.id, appointmentId: moved.id },
    { accountId: clientId },
  );
  // The old appointment's waiting ends (its offers go on), and its time goes to the next client.
  await endWaitlistOf(tx, old.id, now);
  if (old.slotId !== null) await offerFreedTime(tx, old.slotId, now);
  return moved.id;
}

/** «Перенести»: the appointment moves to the slot in one transaction; 409 leaves it unchanged. */
export async function moveMyAppointment(
  db: Db,
  clientId: string,
  appointmentId: string,
  slotId: string,
  now = new Date(),
): Promise<AppointmentView> {
  let movedId: string;
  try {
    movedId = await db.transaction((tx) =>
      moveInTransaction(tx, clientId, appointmentId, slotId, now),
    );
  } catch (error) {
    throw takenTimeConflict(error) ?? error;
  }
  return myAppointment(db, clientId, movedId, now);
}
