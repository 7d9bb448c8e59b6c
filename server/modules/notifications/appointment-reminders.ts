import { z } from "zod";
import type { Db } from "../../db/client.ts";
import type { JobQueue } from "../../integrations/jobs/job-queue.ts";
import {
  createQueuedDelivery,
  type DeliveryLog,
  type QueuedDelivery,
} from "../../integrations/jobs/queued-delivery.ts";
import type { EventHandler } from "../../plugins/event-relay.ts";
import type { LiveEvent } from "../../plugins/events.ts";
import {
  findAppointmentNotice,
  LIVE_STATUSES,
  type ReminderAtSend,
  type ReminderKind,
  reminderAtSend,
  reminderTimes,
} from "../booking/index.ts";
import { appointmentLink } from "./appointment-notices.ts";
import { reminderEmail, reminderSms } from "./appointment-texts.ts";
import { reminderInbox } from "./notification-texts.ts";
import type { Notifier } from "./notifier.ts";
import { stableId } from "./stable-id.ts";

/** The pg-boss queue of reminders, each due at its moment (`startAfter`). */
export const REMINDER_QUEUE = "appointment-reminders";

const reminderJobSchema = z.object({
  appointmentId: z.string().uuid(),
  kind: z.enum(["day_before", "two_hours_before"]),
  /** The start the reminder was computed for (ISO): a changed time makes it stale. */
  startsAt: z.string().datetime(),
});
export type ReminderJob = z.infer<typeof reminderJobSchema>;

/** One reminder's job id: a reminder scheduled again for the same time is queued once. */
export function reminderJobId(appointmentId: string, kind: ReminderKind, startsAt: Date): string {
  return stableId("appointment-reminder", appointmentId, kind, startsAt.toISOString());
}

const LIVE: readonly string[] = LIVE_STATUSES;

export type ReminderDelivery = QueuedDelivery<ReminderJob>;

/**
 * Runs each reminder when it is due (sendReminder), and puts one that came due in the quiet
 * hours back until 09:00. It goes through the dispatcher, so the channels the account chose
 * for «Напоминания» are judged now, when it runs, not when it was scheduled.
 */
export function createReminderDelivery(deps: {
  jobs: JobQueue;
  db: Db;
  notifier: Notifier;
  publicOrigin: string;
  log: DeliveryLog;
  now?: () => Date;
  pollingIntervalMs?: number;
  /** Another queue than the app's, for a test that runs reminders on a clock of its own. */
  queue?: string;
}): ReminderDelivery {
  const { db, notifier, publicOrigin } = deps;
  const now = deps.now ?? (() => new Date());
  const delivery: ReminderDelivery = createQueuedDelivery({
    jobs: deps.jobs,
    log: deps.log,
    pollingIntervalMs: deps.pollingIntervalMs,
    queue: deps.queue ?? REMINDER_QUEUE,
    kind: "reminder",
    schema: reminderJobSchema,
    // A reminder cannot be refused by a provider: its messages go through their own queues.
    isPermanent: () => false,
    describe: (job) => ({ appointmentId: job.appointmentId, reminder: job.kind }),
    async send(job) {
      const due = await sendReminder({ db, notifier, publicOrigin }, job, now());
      if (due.action !== "defer") return;
      await delivery.enqueue(job, {
        id: stableId("appointment-reminder-deferred", job.appointmentId, job.kind, job.startsAt),
        // A minute past 09:00: a job started by a database clock a little behind this one's
        // must not find itself in the quiet hours again (its id would refuse a second deferral).
        startAfterSeconds: Math.ceil((due.until.getTime() - now().getTime()) / 1000) + 60,
      });
    },
  });
  return delivery;
}

type ReminderDeps = { db: Db; notifier: Notifier; publicOrigin: string };

/**
 * One reminder at `moment`: re-reads the appointment and sends the SMS and the e-mail only if it
 * is still live and still starts when the reminder was computed for. A cancelled or moved
 * appointment (or one whose time changed) so gets no reminder for its old time, even if taking
 * the job back failed. Answers what it did; "defer" is left to the caller (the queue re-queues).
 */
export async function sendReminder(
  deps: ReminderDeps,
  job: ReminderJob,
  moment: Date,
): Promise<ReminderAtSend | { action: "stale" }> {
  const { db, notifier, publicOrigin } = deps;
  const notice = await findAppointmentNotice(db, job.appointmentId);
  const startsAt = new Date(job.startsAt);
  if (
    !notice ||
    !LIVE.includes(notice.status) ||
    notice.startsAt?.getTime() !== startsAt.getTime()
  ) {
    return { action: "stale" };
  }
  // Run late (the server was down, the queue behind): never in the quiet hours, never too late.
  const due = reminderAtSend(startsAt, moment);
  if (due.action !== "send") return due;
  const text = reminderSms(notice, startsAt, moment);
  const to = notice.email.trim();
  const link = appointmentLink(publicOrigin, notice.id);
  await notifier.dispatch({
    key: stableId("appointment-reminder-notice", job.appointmentId, job.kind, job.startsAt),
    clientId: notice.clientId,
    kind: "reminder",
    ...reminderInbox(text),
    link: `/cabinet/appointments/${notice.id}`,
    subject: notice.id,
    sms: { to: notice.phone, text },
    email: to ? { to, ...reminderEmail(notice, startsAt, job.kind, link, moment) } : null,
  });
  return due;
}

/**
 * For the dev outbox only: the appointment's next reminder, sent now as it would be at its own
 * moment (the day before, or two hours before), so that a test sees what the client would get
 * without waiting a day. Answers the reminder's kind, or null when the appointment has no
 * reminder still to come (not live, no time, or too close to its start).
 */
export async function sendNextReminderNow(
  deps: ReminderDeps,
  appointmentId: string,
  now = new Date(),
): Promise<ReminderKind | null> {
  const notice = await findAppointmentNotice(deps.db, appointmentId);
  if (!notice?.startsAt || !LIVE.includes(notice.status)) return null;
  const next = reminderTimes(notice.startsAt, now)[0];
  if (!next) return null;
  const job = { appointmentId, kind: next.kind, startsAt: notice.startsAt.toISOString() };
  const done = await sendReminder(deps, job, next.sendAt);
  return done.action === "send" ? next.kind : null;
}

function field(event: LiveEvent, name: string): string {
  const value = event.payload[name];
  if (typeof value !== "string") throw new Error(`${event.type} event ${event.id} has no ${name}`);
  return value;
}

/**
 * Schedules the reminders when an appointment gets a time (booked, scheduled by an operator,
 * moved: for the new one), and takes back those of a cancelled appointment or of a move's old one.
 * Taking back is tidiness: the reminder itself checks the appointment again before sending.
 */
export function reminderSchedulingHandler(deps: {
  db: Db;
  jobs: JobQueue;
  reminders: ReminderDelivery;
  now?: () => Date;
}): EventHandler {
  const { db, jobs, reminders } = deps;
  const now = deps.now ?? (() => new Date());

  async function schedule(appointmentId: string): Promise<void> {
    const notice = await findAppointmentNotice(db, appointmentId);
    if (!notice?.startsAt || !LIVE.includes(notice.status)) return;
    const { startsAt } = notice;
    const moment = now();
    for (const reminder of reminderTimes(startsAt, moment)) {
      const seconds = Math.ceil((reminder.sendAt.getTime() - moment.getTime()) / 1000);
      await reminders.enqueue(
        { appointmentId, kind: reminder.kind, startsAt: startsAt.toISOString() },
        {
          id: reminderJobId(appointmentId, reminder.kind, startsAt),
          startAfterSeconds: Math.max(seconds, 1),
        },
      );
    }
  }

  async function takeBack(appointmentId: string): Promise<void> {
    const notice = await findAppointmentNotice(db, appointmentId);
    if (!notice?.startsAt || LIVE.includes(notice.status)) return;
    const { startsAt } = notice;
    const ids = (["day_before", "two_hours_before"] as const).map((kind) =>
      reminderJobId(appointmentId, kind, startsAt),
    );
    await jobs.boss.cancel(REMINDER_QUEUE, ids);
  }

  return {
    name: "notifications.appointment-reminders",
    types: [
      "appointment.booked",
      "appointment.scheduled",
      "appointment.confirmed",
      "appointment.moved",
      "appointment.cancelled",
    ],
    async handle(event) {
      switch (event.type) {
        case "appointment.cancelled":
          await takeBack(field(event, "appointmentId"));
          return;
        case "appointment.moved":
          await takeBack(field(event, "fromAppointmentId"));
          await schedule(field(event, "appointmentId"));
          return;
        default:
          await schedule(field(event, "appointmentId"));
      }
    },
  };
}
