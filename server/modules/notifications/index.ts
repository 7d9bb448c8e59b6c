import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import {
  createEmailDelivery,
  type EmailDelivery,
} from "../../integrations/email/email-delivery.ts";
import { createEmailProvider } from "../../integrations/email/email-provider.ts";
import type { QueuedDelivery } from "../../integrations/jobs/queued-delivery.ts";
import { createSmsDelivery, type SmsDelivery } from "../../integrations/sms/sms-delivery.ts";
import { createSmsProvider } from "../../integrations/sms/sms-provider.ts";
import type { AppEvents } from "../../plugins/events.ts";
import { runOnJobQueue } from "../../plugins/jobs.ts";
import { appointmentNoticesHandler, waitlistOfferHandler } from "./appointment-notices.ts";
import {
  createReminderDelivery,
  type ReminderDelivery,
  reminderSchedulingHandler,
} from "./appointment-reminders.ts";
import { replacementDecisionSmsHandler, replyEmailHandler } from "./notifications.service.ts";

export {
  emailChangeCodeEmail,
  emailChangedNoticeEmail,
  phoneChangedSms,
} from "./personal-data-texts.ts";
export { chatReplySms, type PhoneCodePurpose, phoneCodeSms } from "./sms-texts.ts";

declare module "fastify" {
  interface FastifyInstance {
    /** Queues SMS for delivery by a pg-boss job with retries. */
    sms: SmsDelivery;
    /** Queues e-mail for delivery the same way. */
    email: EmailDelivery;
    /** The appointments' reminders, each a pg-boss job due at its moment. */
    appointmentReminders: ReminderDelivery;
  }
}

/**
 * whenSettled() also waits for the events not yet handed to their handlers: a reply's e-mail is
 * queued by the reply's event, so "every message queued so far" includes it.
 */
function settledAfterEvents<Message>(
  delivery: QueuedDelivery<Message>,
  events: AppEvents,
): QueuedDelivery<Message> {
  return {
    ...delivery,
    async whenSettled(timeoutMs) {
      await events.whenSettled(timeoutMs);
      await delivery.whenSettled(timeoutMs);
    },
  };
}

/**
 * SMS and e-mail: the deliveries on the process's job queue, the texts, and the handlers that
 * send them for events (a reply → its e-mail, a replacement decision → its SMS, each step of an
 * appointment → its SMS and e-mail, with the reminders scheduled for its time). A sign-in or
 * registration code is the one message sent directly: the code is secret and stored only hashed,
 * so no event could carry it (decision 0014).
 */
export const notificationsModule = fp(
  async (app: FastifyInstance) => {
    const db = app.database.db;
    const sms = createSmsDelivery({
      jobs: app.jobs,
      provider: createSmsProvider(app.config.sms, db),
      log: app.log,
    });
    const email = createEmailDelivery({
      jobs: app.jobs,
      provider: createEmailProvider(app.config.email, db),
      log: app.log,
    });
    await runOnJobQueue(app, sms);
    await runOnJobQueue(app, email);
    app.decorate("sms", settledAfterEvents(sms, app.events));
    app.decorate("email", settledAfterEvents(email, app.events));
    app.events.on(replyEmailHandler(db, email));
    app.events.on(replacementDecisionSmsHandler(db, sms));
    // Booking (issue 14): each step of an appointment, the waitlist's offers, the reminders.
    const publicOrigin = app.config.publicOrigin;
    app.events.on(appointmentNoticesHandler({ db, sms, email, publicOrigin }));
    app.events.on(waitlistOfferHandler({ db, sms, email, publicOrigin }));
    const reminders = createReminderDelivery({
      jobs: app.jobs,
      db,
      sms,
      email,
      publicOrigin,
      log: app.log,
    });
    await runOnJobQueue(app, reminders);
    app.decorate("appointmentReminders", reminders);
    app.events.on(reminderSchedulingHandler({ db, jobs: app.jobs, reminders }));
  },
  { name: "notifications", dependencies: ["jobs", "events"] },
);
