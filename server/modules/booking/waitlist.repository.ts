import { and, asc, eq, gt, inArray, isNull, lte, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import {
  appointments,
  clinics,
  doctors,
  slots,
  specialties,
  waitlistEntries,
  waitlistOffers,
} from "../../db/schema/index.ts";
import { LIVE_STATUSES, TIME_HOLDING_STATUSES } from "./appointment-status.ts";

// A paid visit's hold takes the time as a live visit does.
const holdingStatusList = sql.raw(TIME_HOLDING_STATUSES.map((status) => `'${status}'`).join(", "));

export type WaitlistEntryRow = typeof waitlistEntries.$inferSelect;
export type WaitlistOfferRow = typeof waitlistOffers.$inferSelect;

/** The waiting entries of the given appointments and the offers open to them at `now`. */
export async function listWaitlistState(db: Db, appointmentIds: string[], now: Date) {
  if (appointmentIds.length === 0) return { entries: [], offers: [] };
  const entries = await db
    .select({ id: waitlistEntries.id, appointmentId: waitlistEntries.appointmentId })
    .from(waitlistEntries)
    .where(
      and(
        inArray(waitlistEntries.appointmentId, appointmentIds),
        eq(waitlistEntries.status, "waiting"),
      ),
    );
  const offers = await db
    .select({
      id: waitlistOffers.id,
      appointmentId: waitlistEntries.appointmentId,
      startsAt: slots.startsAt,
      endsAt: slots.endsAt,
      expiresAt: waitlistOffers.expiresAt,
      doctorId: doctors.id,
      doctorLastName: doctors.lastName,
      doctorFirstName: doctors.firstName,
      doctorPatronymic: doctors.patronymic,
      practiceSince: doctors.practiceSince,
      specialtyId: specialties.id,
      specialtyName: specialties.name,
    })
    .from(waitlistOffers)
    .innerJoin(waitlistEntries, eq(waitlistEntries.id, waitlistOffers.entryId))
    .innerJoin(slots, eq(slots.id, waitlistOffers.slotId))
    .innerJoin(doctors, eq(doctors.id, slots.doctorId))
    .innerJoin(specialties, eq(specialties.id, slots.specialtyId))
    .where(
      and(
        inArray(waitlistEntries.appointmentId, appointmentIds),
        eq(waitlistEntries.status, "waiting"),
        isNull(waitlistOffers.answer),
        gt(waitlistOffers.expiresAt, now),
      ),
    )
    .orderBy(asc(waitlistOffers.expiresAt));
  return { entries, offers };
}

/** Adds a waiting entry; false when the appointment already has one (the partial unique index). */
export async function insertWaitlistEntry(
  tx: Db,
  values: typeof waitlistEntries.$inferInsert,
): Promise<boolean> {
  const added = await tx
    .insert(waitlistEntries)
    .values(values)
    .onConflictDoNothing()
    .returning({ id: waitlistEntries.id });
  return added.length > 0;
}

/** Ends an entry (the client left, or its appointment moved or ended). */
export async function closeWaitlistEntry(
  tx: Db,
  entryId: string,
  status: "accepted" | "left",
  at: Date,
): Promise<void> {
  await tx
    .update(waitlistEntries)
    .set({ status, leftAt: at })
    .where(and(eq(waitlistEntries.id, entryId), eq(waitlistEntries.status, "waiting")));
}

/** Ends the waiting entries of an appointment that is no longer live or moved; their open offers end. */
export async function leaveWaitlistOf(tx: Db, appointmentId: string, at: Date): Promise<string[]> {
  const closed = await tx
    .update(waitlistEntries)
    .set({ status: "left", leftAt: at })
    .where(
      and(eq(waitlistEntries.appointmentId, appointmentId), eq(waitlistEntries.status, "waiting")),
    )
    .returning({ id: waitlistEntries.id });
  const entryIds = closed.map((row) => row.id);
  if (entryIds.length === 0) return [];
  const released = await tx
    .update(waitlistOffers)
    .set({ answer: "declined", answeredAt: at })
    .where(and(inArray(waitlistOffers.entryId, entryIds), isNull(waitlistOffers.answer)))
    .returning({ slotId: waitlistOffers.slotId, expiresAt: waitlistOffers.expiresAt });
  return released.filter((row) => row.expiresAt > at).map((row) => row.slotId);
}

/** Locks a slot's row: booking, accepting and offering one time queue here. */
export async function lockSlot(tx: Db, slotId: string): Promise<boolean> {
  const rows = await tx
    .select({ id: slots.id })
    .from(slots)
    .where(eq(slots.id, slotId))
    .for("update");
  return rows.length > 0;
}

/** The unexpired, unanswered offer holding a slot, if any. */
export async function findOpenOfferForSlot(tx: Db, slotId: string, now: Date) {
  const [row] = await tx
    .select({
      id: waitlistOffers.id,
      entryId: waitlistOffers.entryId,
      clientId: waitlistEntries.clientId,
      personId: waitlistEntries.personId,
      appointmentId: waitlistEntries.appointmentId,
      expiresAt: waitlistOffers.expiresAt,
    })
    .from(waitlistOffers)
    .innerJoin(waitlistEntries, eq(waitlistEntries.id, waitlistOffers.entryId))
    .where(
      and(
        eq(waitlistOffers.slotId, slotId),
        isNull(waitlistOffers.answer),
        gt(waitlistOffers.expiresAt, now),
      ),
    )
    .limit(1);
  return row ?? null;
}

/** A slot for offering: its time, doctor, clinic and specialty, and whether a live appointment overlaps it. */
export async function findSlotForOffer(tx: Db, slotId: string) {
  const [row] = await tx
    .select({
      id: slots.id,
      doctorId: slots.doctorId,
      clinicId: slots.clinicId,
      specialtyId: slots.specialtyId,
      startsAt: slots.startsAt,
      endsAt: slots.endsAt,
      taken: sql<boolean>`exists (select 1 from ${appointments} a where a.doctor_id = ${slots.doctorId}
        and a.status in (${holdingStatusList})
        and tstzrange(a.starts_at, a.ends_at) && tstzrange(${slots.startsAt}, ${slots.endsAt}))`,
      bookable: sql<boolean>`${clinics.active} and ${clinics.bookingMode} = 'online' and ${doctors.active}`,
    })
    .from(slots)
    .innerJoin(doctors, eq(doctors.id, slots.doctorId))
    .innerJoin(clinics, eq(clinics.id, slots.clinicId))
    .where(eq(slots.id, slotId))
    .limit(1);
  return row ?? null;
}

/**
 * The waiting clients a freed time may go to: entries for the slot's doctor (or, doctor null, its
 * clinic and specialty) whose appointment is live, timed and later than the freed time, and still
 * movable (before its clinic's cut-off at `now`); with whether they were offered this slot before.
 */
export async function listWaitingForSlot(
  tx: Db,
  slot: { id: string; doctorId: string; clinicId: string; specialtyId: string; startsAt: Date },
  now: Date,
) {
  return tx
    .select({
      id: waitlistEntries.id,
      joinedAt: waitlistEntries.joinedAt,
      clientId: waitlistEntries.clientId,
      personId: waitlistEntries.personId,
      appointmentId: waitlistEntries.appointmentId,
      currentStartsAt: sql<Date>`${appointments.startsAt}`.mapWith(appointments.startsAt),
      offeredBefore: sql<boolean>`exists (select 1 from ${waitlistOffers} o
        where o.entry_id = ${waitlistEntries.id} and o.slot_id = ${slot.id})`,
    })
    .from(waitlistEntries)
    .innerJoin(appointments, eq(appointments.id, waitlistEntries.appointmentId))
    .innerJoin(clinics, eq(clinics.id, appointments.clinicId))
    .where(
      and(
        eq(waitlistEntries.status, "waiting"),
        sql`(${waitlistEntries.doctorId} = ${slot.doctorId} or (${waitlistEntries.doctorId} is null
          and ${waitlistEntries.clinicId} = ${slot.clinicId} and ${waitlistEntries.specialtyId} = ${slot.specialtyId}))`,
        inArray(appointments.status, [...LIVE_STATUSES]),
        gt(appointments.startsAt, slot.startsAt),
        sql`${appointments.startsAt} - make_interval(hours => ${clinics.cancellationCutoffHours}) >= ${now}`,
        // Someone already holding an open offer is not offered a second time at once.
        sql`not exists (select 1 from ${waitlistOffers} o where o.entry_id = ${waitlistEntries.id}
          and o.answer is null and o.expires_at > ${now})`,
      ),
    )
    .orderBy(asc(waitlistEntries.joinedAt), asc(waitlistEntries.id))
    .limit(200);
}

export async function insertOffer(
  tx: Db,
  values: typeof waitlistOffers.$inferInsert,
): Promise<WaitlistOfferRow> {
  const [row] = await tx.insert(waitlistOffers).values(values).returning();
  if (!row) throw new Error("the waitlist offer was not stored");
  return row;
}

/** An offer with its entry, locked, for the client who was offered it; null when not theirs. */
export async function findClientOffer(tx: Db, clientId: string, offerId: string) {
  const [row] = await tx
    .select({ offer: waitlistOffers, entry: waitlistEntries })
    .from(waitlistOffers)
    .innerJoin(waitlistEntries, eq(waitlistEntries.id, waitlistOffers.entryId))
    .where(and(eq(waitlistOffers.id, offerId), eq(waitlistEntries.clientId, clientId)))
    .for("update", { of: waitlistOffers })
    .limit(1);
  return row ?? null;
}

/** Answers an open offer; false when it was answered already. */
export async function answerOffer(
  tx: Db,
  offerId: string,
  answer: "accepted" | "declined" | "lapsed",
  at: Date,
): Promise<boolean> {
  const changed = await tx
    .update(waitlistOffers)
    .set({ answer, answeredAt: at })
    .where(and(eq(waitlistOffers.id, offerId), isNull(waitlistOffers.answer)))
    .returning({ id: waitlistOffers.id });
  return changed.length > 0;
}

/** Open offers whose hold ended by `now`, oldest first (for the lapse job). */
export async function listExpiredOffers(db: Db, now: Date, limit = 100) {
  return db
    .select({ id: waitlistOffers.id, slotId: waitlistOffers.slotId })
    .from(waitlistOffers)
    .where(and(isNull(waitlistOffers.answer), lte(waitlistOffers.expiresAt, now)))
    .orderBy(asc(waitlistOffers.expiresAt))
    .limit(limit);
}

/** Marks an expired open offer lapsed; false when another instance did it first. */
export async function lapseOffer(tx: Db, offerId: string, now: Date): Promise<boolean> {
  const changed = await tx
    .update(waitlistOffers)
    .set({ answer: "lapsed", answeredAt: now })
    .where(
      and(
        eq(waitlistOffers.id, offerId),
        isNull(waitlistOffers.answer),
        lte(waitlistOffers.expiresAt, now),
      ),
    )
    .returning({ id: waitlistOffers.id });
  return changed.length > 0;
}

/** Whether any client waits for an earlier time with this doctor (or its clinic and specialty). */
export async function anyoneWaitingFor(
  tx: Db,
  doctor: { id: string; clinicId: string; specialtyId: string },
): Promise<boolean> {
  const [row] = await tx
    .select({ id: waitlistEntries.id })
    .from(waitlistEntries)
    .where(
      and(
        eq(waitlistEntries.status, "waiting"),
        sql`(${waitlistEntries.doctorId} = ${doctor.id} or (${waitlistEntries.doctorId} is null
          and ${waitlistEntries.clinicId} = ${doctor.clinicId} and ${waitlistEntries.specialtyId} = ${doctor.specialtyId}))`,
      ),
    )
    .limit(1);
  return row !== undefined;
}
