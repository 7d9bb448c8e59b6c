import {
  type AppointmentView,
  type CoverageView,
  MAX_SLOT_SEARCH_DAYS,
  type SlotSearchQuery,
  type SlotView,
} from "../../../common/booking/booking.schema.ts";
import { todayInMoscow } from "../../../common/format/date.ts";
import { fullName } from "../../../common/format/person-name.ts";
import { formatPhone } from "../../../common/format/phone.ts";
import type { Db } from "../../db/client.ts";
import { isLockNotAvailable } from "../../db/database-busy.ts";
import { isExclusionViolation } from "../../db/exclusion-violation.ts";
import { isUniqueViolation } from "../../db/unique-violation.ts";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../../errors.ts";
import { emit } from "../../plugins/events.ts";
import { familyPersonIds } from "../contracts/index.ts";
import { LIVE_STATUSES } from "./appointment-status.ts";
import {
  type AppointmentDetailRow,
  changeAppointmentStatus,
  claimSlot,
  findClientAppointment,
  findSlot,
  insertAppointment,
  insertAppointmentEvent,
  listAccountPersons,
  listAppointmentEvents,
  listClientAppointments,
  listLimitVisits,
  listNetworkRows,
  lockPerson,
  type SlotRow,
  searchFreeSlots,
} from "./booking.repository.ts";
import { clientCancellation } from "./cancellation-cutoff.ts";
import { type Coverage, decideCoverage, limitPeriodContaining } from "./coverage.ts";
import { moscowDate, moscowInstant } from "./moscow-time.ts";
import { type NetworkRow, networkRowFor, toNetworkEntry } from "./network-entry.ts";
import { listPrepaidOrders } from "./paid-visits.repository.ts";
import { findOpenOfferForSlot, listWaitlistState } from "./waitlist.repository.ts";
import { endWaitlistOf, offerFreedTime } from "./waitlist-offers.ts";

const DAY_MS = 24 * 60 * 60_000;
/** At most this many free times in one answer (narrow by specialty, doctor or clinic). */
export const SLOT_SEARCH_LIMIT = 1000;

export const PERSON_NOT_FOUND =
  "Записаться можно за себя и за детей до 15 лет по вашим договорам: выберите другого человека.";
export const CONTRACT_NOT_ACTIVE =
  "Договор этого человека сейчас не действует: записаться по нему нельзя.";
export const TIME_TAKEN = "Это время уже занято: выберите другое.";
export const TIME_BEING_BOOKED =
  "Это время сейчас бронирует другой клиент: выберите другое или попробуйте через минуту.";
export const PERSON_BUSY =
  "У этого человека уже есть запись на это время: выберите другое время или отмените ту запись.";
export const SLOT_NOT_FOUND = "Это время не найдено: обновите список свободного времени.";
export const SLOT_PAST = "Это время уже прошло: выберите другое.";
export const PAY_TO_BOOK =
  "Этот приём не входит в вашу программу: нажмите «Оплатить и записаться» — время станет вашим, когда пройдёт оплата.";
export const NOTHING_TO_PAY =
  "Этот приём входит в вашу программу: платить не нужно, запишитесь кнопкой «Подтвердить запись».";

/**
 * What a booking does with a time the program does not cover: books it to be paid at the clinic
 * (an operator's booking by phone, a move), refuses it (the client's own booking: it is paid in
 * the app), or holds it for payment until the given moment (the shop's «Оплатить и записаться»).
 */
export type PaidTime = "book" | "refuse" | { holdUntil: Date };
export const RANGE_TOO_LONG = `Свободное время показывается не дальше чем на ${MAX_SLOT_SEARCH_DAYS} дней вперёд: сократите период.`;

export type AccountPerson = Awaited<ReturnType<typeof listAccountPersons>>[number];

/**
 * The current covered persons of the account's contracts that it books for on `today`: itself
 * and its children under 15 (the family rule, decision 0031); an adult «Пациент 2» books from
 * its own account.
 */
export async function familyBookingPersons(
  db: Db,
  clientId: string,
  today: string,
): Promise<AccountPerson[]> {
  const family = new Set(await familyPersonIds(db, clientId, today));
  return (await listAccountPersons(db, clientId)).filter((row) => family.has(row.personId));
}

/** The ids of the persons whose appointments the account reaches on the Moscow day of `now`. */
export function actedForIds(db: Db, clientId: string, now: Date): Promise<string[]> {
  return familyPersonIds(db, clientId, todayInMoscow(now));
}

/** A person the account books for, whose contract is in force today in Moscow. */
export async function bookablePerson(
  db: Db,
  clientId: string,
  personId: string,
  now: Date,
): Promise<AccountPerson> {
  const today = todayInMoscow(now);
  const person = (await familyBookingPersons(db, clientId, today)).find(
    (row) => row.personId === personId,
  );
  if (!person) throw new NotFoundError(PERSON_NOT_FOUND);
  if (person.startsOn > today || person.endsOn < today || person.annulledAt !== null)
    throw new ForbiddenError(CONTRACT_NOT_ACTIVE);
  return person;
}

type VisitKey = { clinicId: string; specialtyId: string; serviceId: string };

/**
 * Decides the coverage of visits for one person: reads the program's network at the clinics and
 * the person's visits that use up limits once, then `decideCoverage` for each visit.
 */
export async function coverageDecider(db: Db, person: AccountPerson, clinicIds: string[]) {
  const visits = await listLimitVisits(db, person.personId);
  const allClinics = [...new Set([...clinicIds, ...visits.map((visit) => visit.clinicId)])];
  const rows = await listNetworkRows(db, person.programId, allClinics);
  const rowsAt = new Map<string, (NetworkRow & { clinicId: string })[]>();
  for (const row of rows) rowsAt.set(row.clinicId, [...(rowsAt.get(row.clinicId) ?? []), row]);
  const rowFor = (key: VisitKey) =>
    networkRowFor(rowsAt.get(key.clinicId) ?? [], key.specialtyId, key.serviceId);
  // Each visit counts against the row that covered it (the most specific one).
  const visitRows = visits.map((visit) => ({ visit, row: rowFor(visit) }));
  const contract = { startDate: person.startsOn, endDate: person.endsOn };

  return (
    key: VisitKey,
    startsAt: Date,
    prices: { clinicPriceKopecks: number; discountBasisPoints: number },
  ): Coverage => {
    const row = rowFor(key);
    let used = 0;
    if (row?.limitVisits != null) {
      const period = limitPeriodContaining(startsAt, row.limitPeriod, contract);
      const from = moscowInstant(period.from, 0).getTime();
      const to = moscowInstant(period.to, 0).getTime();
      used = visitRows.filter(
        ({ visit, row: visitRow }) =>
          visitRow === row &&
          visit.startsAt !== null &&
          visit.startsAt.getTime() >= from &&
          visit.startsAt.getTime() < to,
      ).length;
    }
    return decideCoverage({
      visitStartsAt: startsAt,
      contract,
      network: toNetworkEntry(row, used),
      ...prices,
    });
  };
}

export function pricesOf(
  slot: Pick<SlotRow, "servicePriceKopecks" | "serviceDiscountBp" | "clinicDiscountBp">,
) {
  return {
    clinicPriceKopecks: slot.servicePriceKopecks,
    discountBasisPoints: slot.serviceDiscountBp ?? slot.clinicDiscountBp,
  };
}

function yearsOfPractice(since: number, now: Date): number {
  return Math.max(0, Number(moscowDate(now).slice(0, 4)) - since);
}

export function clinicOf(row: {
  clinicId: string;
  clinicName: string;
  clinicAddress: string;
  clinicMetro: string | null;
  clinicDistrict: string | null;
  clinicPhones: string[];
}) {
  return {
    id: row.clinicId,
    name: row.clinicName,
    address: row.clinicAddress,
    metro: row.clinicMetro,
    district: row.clinicDistrict,
    phone: row.clinicPhones[0] ?? null,
  };
}

export function doctorOf(
  row: {
    doctorId: string;
    doctorLastName: string;
    doctorFirstName: string;
    doctorPatronymic: string | null;
    practiceSince: number;
    specialtyId: string;
    specialtyName: string;
  },
  now: Date,
) {
  return {
    id: row.doctorId,
    name: fullName({
      lastName: row.doctorLastName,
      firstName: row.doctorFirstName,
      patronymic: row.doctorPatronymic,
    }),
    specialty: { id: row.specialtyId, name: row.specialtyName },
    yearsOfPractice: yearsOfPractice(row.practiceSince, now),
  };
}

/** Free times for a covered person of the account, each with what it costs that person. */
export async function searchSlots(
  db: Db,
  clientId: string,
  query: SlotSearchQuery,
  now = new Date(),
): Promise<SlotView[]> {
  const horizon = now.getTime() + MAX_SLOT_SEARCH_DAYS * DAY_MS;
  const to = query.to ? new Date(query.to) : new Date(horizon);
  if (to.getTime() > horizon) throw new ValidationError([{ field: "to", message: RANGE_TOO_LONG }]);
  const from = new Date(Math.max(now.getTime(), query.from ? Date.parse(query.from) : 0));
  const person = await bookablePerson(db, clientId, query.personId, now);
  if (from.getTime() >= to.getTime()) return [];
  const rows = await searchFreeSlots(db, {
    clientId,
    now,
    specialtyId: query.specialtyId,
    doctorId: query.doctorId,
    clinicId: query.clinicId,
    from,
    to,
    limit: SLOT_SEARCH_LIMIT,
  });
  const decide = await coverageDecider(db, person, [...new Set(rows.map((row) => row.clinicId))]);
  return rows.map((row) => ({
    id: row.id,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    doctor: doctorOf(row, now),
    clinic: clinicOf(row),
    service: { id: row.serviceId, name: row.serviceName },
    coverage: decide(row, row.startsAt, pricesOf(row)),
    cancellationCutoffHours: row.cancellationCutoffHours,
  }));
}

/** A refusal by the exclusion constraints (or the slot's uniqueness) as the Russian 409. */
export function takenTimeConflict(error: unknown): ConflictError | null {
  const constraint = isExclusionViolation(error);
  if (constraint !== null) {
    return new ConflictError(
      constraint === "appointments_person_one_place" ? PERSON_BUSY : TIME_TAKEN,
    );
  }
  if (isUniqueViolation(error) !== null) return new ConflictError(TIME_TAKEN);
  if (isLockNotAvailable(error)) return new ConflictError(TIME_BEING_BOOKED);
  return null;
}

/**
 * Inserts the person's appointment at a slot, its coverage decided for the slot's day (the
 * snapshot the appointment keeps): waiting for a guarantee letter, or confirmed. The caller holds
 * the person's and the slot's locks; the exclusion constraints refuse a taken time.
 */
export async function insertSlotAppointment(
  tx: Db,
  person: AccountPerson,
  clientId: string,
  slot: SlotRow,
  now: Date,
  paid: PaidTime = "book",
): Promise<{
  id: string;
  status: "awaiting_letter" | "confirmed" | "awaiting_payment";
  companyPriceKopecks: number;
}> {
  const decide = await coverageDecider(tx, person, [slot.clinicId]);
  const prices = pricesOf(slot);
  const coverage = decide(slot, slot.startsAt, prices);
  if (coverage.kind === "paid" && paid === "refuse") throw new ConflictError(PAY_TO_BOOK);
  if (coverage.kind !== "paid" && typeof paid === "object") throw new ConflictError(NOTHING_TO_PAY);
  const hold = coverage.kind === "paid" && typeof paid === "object" ? paid : null;
  const status = hold
    ? "awaiting_payment"
    : coverage.kind === "guarantee_letter"
      ? "awaiting_letter"
      : "confirmed";
  const row = await insertAppointment(tx, {
    personId: person.personId,
    contractId: person.contractId,
    clientId,
    doctorId: slot.doctorId,
    clinicId: slot.clinicId,
    serviceId: slot.serviceId,
    slotId: slot.id,
    startsAt: slot.startsAt,
    endsAt: slot.endsAt,
    status,
    coverageKind: coverage.kind,
    coverageReason: coverage.kind === "paid" ? coverage.reason : null,
    clinicPriceKopecks: prices.clinicPriceKopecks,
    companyPriceKopecks:
      coverage.kind === "paid" ? coverage.companyPriceKopecks : prices.clinicPriceKopecks,
    // A hold ends with its order's hour, or at the visit itself if that comes first.
    holdExpiresAt: hold
      ? new Date(Math.min(hold.holdUntil.getTime(), slot.startsAt.getTime()))
      : null,
    createdAt: now,
    updatedAt: now,
  });
  return { id: row.id, status, companyPriceKopecks: row.companyPriceKopecks };
}

/** Books a free time for a covered person of the account; the database refuses a taken time. */
export async function bookAppointment(
  db: Db,
  clientId: string,
  input: { slotId: string; personId: string },
  now = new Date(),
): Promise<AppointmentView> {
  const person = await bookablePerson(db, clientId, input.personId, now);
  let id: string;
  try {
    id = await db.transaction(async (tx) => {
      // Two bookings of the person's last covered visit queue here and count each other.
      await lockPerson(tx, person.personId);
      // An earlier time offered from the waitlist is held for that client for 15 minutes; a time
      // another booking holds right now is refused at once (TIME_BEING_BOOKED).
      await claimSlot(tx, input.slotId);
      const slot = await findSlot(tx, input.slotId);
      if (!slot) throw new NotFoundError(SLOT_NOT_FOUND);
      if (slot.startsAt.getTime() <= now.getTime()) throw new ConflictError(SLOT_PAST);
      const hold = await findOpenOfferForSlot(tx, slot.id, now);
      if (hold && hold.clientId !== clientId) throw new ConflictError(TIME_TAKEN);
      const row = await insertSlotAppointment(tx, person, clientId, slot, now, "refuse");
      await insertAppointmentEvent(tx, {
        appointmentId: row.id,
        at: now,
        fromStatus: null,
        toStatus: row.status,
        actorKind: "client",
        actorId: clientId,
      });
      await emit(
        tx,
        "appointment.booked",
        { appointmentId: row.id, slotId: slot.id },
        { accountId: clientId },
      );
      return row.id;
    });
  } catch (error) {
    throw takenTimeConflict(error) ?? error;
  }
  return myAppointment(db, clientId, id, now);
}

function coverageOf(row: AppointmentDetailRow["appointment"]): CoverageView {
  if (row.coverageKind === "paid") {
    return {
      kind: "paid",
      reason: row.coverageReason ?? "not_in_network",
      clinicPriceKopecks: row.clinicPriceKopecks,
      companyPriceKopecks: row.companyPriceKopecks,
    };
  }
  return { kind: row.coverageKind };
}

const isLive = (status: string) => (LIVE_STATUSES as readonly string[]).includes(status);

/** Whether a live appointment with a time may still be changed in the cabinet (before the cut-off). */
function beforeCutoff(row: AppointmentDetailRow, now: Date): boolean {
  const a = row.appointment;
  return (
    isLive(a.status) &&
    a.startsAt !== null &&
    clientCancellation(a.startsAt, now, row.cancellationCutoffHours).allowed
  );
}

function appointmentDoctor(row: AppointmentDetailRow, now: Date) {
  const a = row.appointment;
  if (
    a.doctorId === null ||
    row.doctorLastName === null ||
    row.doctorFirstName === null ||
    row.practiceSince === null
  ) {
    return null;
  }
  return doctorOf(
    {
      doctorId: a.doctorId,
      doctorLastName: row.doctorLastName,
      doctorFirstName: row.doctorFirstName,
      doctorPatronymic: row.doctorPatronymic,
      practiceSince: row.practiceSince,
      specialtyId: row.specialtyId,
      specialtyName: row.specialtyName,
    },
    now,
  );
}

export async function toViews(
  db: Db,
  rows: AppointmentDetailRow[],
  now: Date,
): Promise<AppointmentView[]> {
  const ids = rows.map((row) => row.appointment.id);
  const [events, waitlist, prepaid] = await Promise.all([
    listAppointmentEvents(db, ids),
    listWaitlistState(db, ids, now),
    listPrepaidOrders(db, ids),
  ]);
  const waiting = new Set(waitlist.entries.map((entry) => entry.appointmentId));
  return rows.map((row) => {
    const a = row.appointment;
    // «Перенести» and the waitlist need a doctor whose times can be chosen, before the cut-off;
    // a visit paid in the app is cancelled (and refunded) instead.
    const paidOrderId = prepaid.get(a.id) ?? null;
    const movable = beforeCutoff(row, now) && a.doctorId !== null && paidOrderId === null;
    const offer = waitlist.offers.find((candidate) => candidate.appointmentId === a.id);
    return {
      id: a.id,
      status: a.status,
      personId: a.personId,
      personName: fullName({
        lastName: row.personLastName,
        firstName: row.personFirstName,
        patronymic: row.personPatronymic,
      }),
      contractId: a.contractId,
      startsAt: a.startsAt?.toISOString() ?? null,
      endsAt: a.endsAt?.toISOString() ?? null,
      doctor: appointmentDoctor(row, now),
      clinic: {
        ...clinicOf({ ...row, clinicId: a.clinicId }),
        phones: row.clinicPhones,
        openingHours: row.clinicOpeningHours,
        whatToBring: row.clinicWhatToBring,
      },
      service: { id: a.serviceId, name: row.serviceName },
      specialty: { id: row.specialtyId, name: row.specialtyName },
      coverage: coverageOf(a),
      cancelReason: a.cancelReason,
      canCancel: beforeCutoff(row, now),
      canMove: movable,
      paidOrderId,
      request:
        a.requestDays !== null && a.requestTimeOfDay !== null
          ? { days: a.requestDays, timeOfDay: a.requestTimeOfDay, note: a.requestNote }
          : null,
      waitlist: {
        available: movable,
        waiting: waiting.has(a.id),
        offer:
          offer && waiting.has(a.id)
            ? {
                id: offer.id,
                startsAt: offer.startsAt.toISOString(),
                endsAt: offer.endsAt.toISOString(),
                doctor: doctorOf(offer, now),
                expiresAt: offer.expiresAt.toISOString(),
              }
            : null,
      },
      movedToId: a.movedToId,
      history: events
        .filter((event) => event.appointmentId === a.id)
        .map((event) => ({
          at: event.at.toISOString(),
          status: event.toStatus,
          reason: event.reason,
        })),
      createdAt: a.createdAt.toISOString(),
      updatedAt: a.updatedAt.toISOString(),
    };
  });
}

export async function myAppointment(
  db: Db,
  clientId: string,
  id: string,
  now = new Date(),
): Promise<AppointmentView> {
  const row = await findClientAppointment(db, clientId, id, await actedForIds(db, clientId, now));
  if (!row) throw new NotFoundError("Запись не найдена.");
  const [view] = await toViews(db, [row], now);
  if (!view) throw new Error("the appointment's view is missing");
  return view;
}

/**
 * «Мои записи»: the visits the account booked for itself and its children under 15, upcoming
 * (soonest first) and past (latest first). A child's visits leave the list on its 15th birthday.
 */
export async function listMyAppointments(
  db: Db,
  clientId: string,
  now = new Date(),
): Promise<{ upcoming: AppointmentView[]; past: AppointmentView[] }> {
  const rows = await listClientAppointments(db, clientId, await actedForIds(db, clientId, now));
  const views = await toViews(db, rows, now);
  const isUpcoming = (view: AppointmentView) =>
    view.startsAt === null || Date.parse(view.startsAt) > now.getTime();
  return {
    upcoming: views.filter(isUpcoming),
    past: views.filter((view) => !isUpcoming(view)).reverse(),
  };
}

export const NOT_LIVE = "Эта запись уже отменена, перенесена или завершена.";

/** The refusal past the clinic's cut-off (or once the visit began): call the clinic instead. */
export function pastCutoff(
  action: "cancel" | "move",
  reason: "past_cutoff" | "started",
  cutoffHours: number,
  phones: string[],
): ConflictError {
  const phone = phones[0];
  const call = phone ? ` Позвоните в клинику: ${formatPhone(phone)}.` : " Позвоните в клинику.";
  const verb = action === "cancel" ? "Отменить" : "Перенести";
  return new ConflictError(
    reason === "started"
      ? `Приём уже начался или прошёл: ${verb.toLowerCase()} его в кабинете нельзя.${call}`
      : `${verb} запись в кабинете можно не позже чем за ${cutoffHours} ч до приёма.${call}`,
  );
}

/** «Отменить» in the cabinet: until the clinic's cut-off; after it the clinic's phone. */
export async function cancelMyAppointment(
  db: Db,
  clientId: string,
  id: string,
  now = new Date(),
): Promise<AppointmentView> {
  const row = await findClientAppointment(db, clientId, id, await actedForIds(db, clientId, now));
  if (!row) throw new NotFoundError("Запись не найдена.");
  const a = row.appointment;
  if (!isLive(a.status) || a.startsAt === null) {
    throw new ConflictError(NOT_LIVE);
  }
  const decision = clientCancellation(a.startsAt, now, row.cancellationCutoffHours);
  if (!decision.allowed) {
    throw pastCutoff("cancel", decision.reason, row.cancellationCutoffHours, row.clinicPhones);
  }
  const cancelled = await db.transaction(async (tx) => {
    const changed = await changeAppointmentStatus(tx, a.id, LIVE_STATUSES, "cancelled", now);
    if (!changed) return false;
    await insertAppointmentEvent(tx, {
      appointmentId: a.id,
      at: now,
      fromStatus: a.status,
      toStatus: "cancelled",
      actorKind: "client",
      actorId: clientId,
    });
    await emit(
      tx,
      "appointment.cancelled",
      { appointmentId: a.id, by: "client" },
      { accountId: clientId },
    );
    // The freed time goes to the first waiting client; this appointment's own waiting ends.
    await endWaitlistOf(tx, a.id, now);
    if (a.slotId !== null) await offerFreedTime(tx, a.slotId, now);
    return true;
  });
  if (!cancelled) throw new ConflictError(NOT_LIVE);
  return myAppointment(db, clientId, id, now);
}
