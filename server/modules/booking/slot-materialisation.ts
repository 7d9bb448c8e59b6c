import type { Db } from "../../db/client.ts";
import type { JobQueue } from "../../integrations/jobs/job-queue.ts";
import type { DeliveryLog } from "../../integrations/jobs/queued-delivery.ts";
import { createScheduledJob, type ScheduledJob } from "../../integrations/jobs/scheduled-job.ts";
import {
  deletePastSlots,
  insertSlots,
  listScheduleExceptions,
  listTemplatedDoctors,
} from "./booking.repository.ts";
import { addCalendarDays, moscowDate } from "./moscow-time.ts";
import { generateSlots, type ScheduleException } from "./slot-generation.ts";

/** Slots are stored this many Moscow days ahead (today included). */
export const SLOT_DAYS_AHEAD = 30;
export const BOOKING_SLOTS_QUEUE = "booking-slots";
/**
 * Hourly rather than daily: pg-boss throttles a singleton to at most its archive interval (an
 * hour), and an hourly run keeps the 30th day stored from the hour it comes into range. A run that
 * finds everything stored inserts nothing.
 */
const EVERY_SECONDS = 60 * 60;

/**
 * Stores the slots of every doctor's weekly template, less the exceptions, for the coming 30
 * days (generateSlots). Idempotent: a slot already stored is left as it is, with its id. Past
 * slots no appointment points at are removed. Slots the template no longer makes are removed by
 * «Клиники» when it changes a template or an exception (reconcileDoctorSlots, decision 0022).
 */
export async function materialiseSlots(db: Db, now = new Date()): Promise<{ inserted: number }> {
  const today = moscowDate(now);
  const [doctors, exceptionRows] = await Promise.all([
    listTemplatedDoctors(db),
    listScheduleExceptions(db, today, addCalendarDays(today, SLOT_DAYS_AHEAD)),
  ]);
  const exceptionsOf = new Map<string, ScheduleException[]>();
  for (const row of exceptionRows) {
    const exception: ScheduleException =
      row.startsAt && row.endsAt
        ? {
            date: row.date,
            hours: { start: row.startsAt.slice(0, 5), end: row.endsAt.slice(0, 5) },
          }
        : { date: row.date };
    exceptionsOf.set(row.doctorId, [...(exceptionsOf.get(row.doctorId) ?? []), exception]);
  }
  const rows = doctors.flatMap((doctor) =>
    generateSlots({
      template: doctor.template,
      exceptions: exceptionsOf.get(doctor.doctorId) ?? [],
      now,
      days: SLOT_DAYS_AHEAD,
    }).map((slot) => ({
      doctorId: doctor.doctorId,
      clinicId: doctor.clinicId,
      specialtyId: doctor.specialtyId,
      startsAt: slot.start,
      endsAt: slot.end,
      source: "template" as const,
    })),
  );
  const inserted = await insertSlots(db, rows);
  await deletePastSlots(db, now);
  return { inserted };
}

/** The scheduled run of materialiseSlots, once an hour by one instance at a time (a singleton queue). */
export function createSlotMaterialisation(options: {
  jobs: JobQueue;
  db: Db;
  log: DeliveryLog;
}): ScheduledJob {
  const { db, log } = options;
  return createScheduledJob({
    jobs: options.jobs,
    queue: BOOKING_SLOTS_QUEUE,
    everySeconds: EVERY_SECONDS,
    timeoutSeconds: 30 * 60,
    log,
    async run() {
      const { inserted } = await materialiseSlots(db);
      log.info({ inserted }, "booking: slots stored for the coming 30 days");
    },
  });
}
