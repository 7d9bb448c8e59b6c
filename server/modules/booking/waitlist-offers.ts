import type { Db } from "../../db/client.ts";
import type { JobQueue } from "../../integrations/jobs/job-queue.ts";
import type { DeliveryLog } from "../../integrations/jobs/queued-delivery.ts";
import { createScheduledJob, type ScheduledJob } from "../../integrations/jobs/scheduled-job.ts";
import { emit } from "../../plugins/events.ts";
import {
  anyoneWaitingFor,
  findOpenOfferForSlot,
  findSlotForOffer,
  insertOffer,
  lapseOffer,
  leaveWaitlistOf,
  listExpiredOffers,
  listWaitingForSlot,
  lockSlot,
} from "./waitlist.repository.ts";
import { nextWaitingClient, OFFER_HOLD_MINUTES } from "./waitlist.ts";

export type WaitlistOffered = { offerId: string; appointmentId: string; clientId: string };

/**
 * A time has freed (a client's cancellation or move, a clinic's cancellation, a declined or lapsed
 * offer): offer it to the first waiting client whose own time with that doctor (or, for an entry
 * without a doctor, at that clinic and specialty) is later, and who was not offered it before. The
 * offer holds the time for 15 minutes (booking refuses it to anyone else meanwhile) and emits
 * `waitlist.offered`. Call it inside the transaction that frees the time; nothing is offered when
 * the time is past, still taken, held by an open offer, or nobody is waiting for it.
 */
export async function offerFreedTime(
  tx: Db,
  slotId: string,
  now = new Date(),
): Promise<WaitlistOffered | null> {
  if (!(await lockSlot(tx, slotId))) return null;
  const slot = await findSlotForOffer(tx, slotId);
  if (!slot?.bookable || slot.taken || slot.startsAt.getTime() <= now.getTime()) return null;
  if (await findOpenOfferForSlot(tx, slotId, now)) return null;
  const waiting = await listWaitingForSlot(tx, slot, now);
  const offeredBefore = new Set(waiting.filter((entry) => entry.offeredBefore).map((e) => e.id));
  const next = nextWaitingClient(slot.startsAt, waiting, offeredBefore);
  if (!next) return null;
  const entry = waiting.find((candidate) => candidate.id === next.id);
  if (!entry) return null;
  const offer = await insertOffer(tx, {
    entryId: entry.id,
    slotId,
    offeredAt: now,
    expiresAt: new Date(now.getTime() + OFFER_HOLD_MINUTES * 60_000),
  });
  await emit(
    tx,
    "waitlist.offered",
    { offerId: offer.id, appointmentId: entry.appointmentId },
    { accountId: entry.clientId },
  );
  return { offerId: offer.id, appointmentId: entry.appointmentId, clientId: entry.clientId };
}

/**
 * New times of a doctor (a clinic sent them, or a schedule opened them): each goes to a waiting
 * client as a freed one would. One query first, so that a call without anyone waiting for this
 * doctor — nearly every one — costs nothing more.
 */
export async function offerNewTimes(
  tx: Db,
  doctor: { id: string; clinicId: string; specialtyId: string },
  slotIds: readonly string[],
  now = new Date(),
): Promise<number> {
  if (slotIds.length === 0 || !(await anyoneWaitingFor(tx, doctor))) return 0;
  let offered = 0;
  for (const slotId of slotIds) {
    if (await offerFreedTime(tx, slotId, now)) offered += 1;
  }
  return offered;
}

/**
 * An appointment left the waitlist (moved, cancelled, or the client asked): its entry ends, its
 * open offers are declined, and each time one of them held goes to the next waiting client.
 */
export async function endWaitlistOf(tx: Db, appointmentId: string, now: Date): Promise<void> {
  for (const slotId of await leaveWaitlistOf(tx, appointmentId, now)) {
    await offerFreedTime(tx, slotId, now);
  }
}

/**
 * Marks the offers whose 15 minutes ran out by `now` lapsed and offers each time to the next
 * waiting client, each in its own transaction (safe to repeat, several instances agree: an offer
 * already lapsed is skipped). Returns how many lapsed.
 */
export async function lapseExpiredOffers(db: Db, now = new Date()): Promise<number> {
  let lapsed = 0;
  for (;;) {
    const expired = await listExpiredOffers(db, now);
    if (expired.length === 0) return lapsed;
    for (const offer of expired) {
      const done = await db.transaction(async (tx) => {
        if (!(await lapseOffer(tx, offer.id, now))) return false;
        await offerFreedTime(tx, offer.slotId, now);
        return true;
      });
      if (done) lapsed += 1;
    }
    if (expired.length < 100) return lapsed;
  }
}

export const WAITLIST_LAPSE_QUEUE = "booking-waitlist-lapse";

/**
 * Once a minute, one instance at a time, the offers whose 15 minutes ran out go to the next
 * waiting client. Booking already treats an expired offer as no hold (it compares `expires_at`
 * with now), so this job only decides how soon the next client hears of the time.
 */
export function createOfferLapse(options: {
  jobs: JobQueue;
  db: Db;
  log: DeliveryLog;
}): ScheduledJob {
  const { db, log } = options;
  return createScheduledJob({
    jobs: options.jobs,
    queue: WAITLIST_LAPSE_QUEUE,
    everySeconds: 60,
    timeoutSeconds: 10 * 60,
    log,
    async run() {
      const lapsed = await lapseExpiredOffers(db);
      if (lapsed > 0) log.info({ lapsed }, "booking: lapsed waitlist offers passed on");
    },
  });
}
