import type { FastifyInstance, FastifyPluginAsync } from "fastify";
import fp from "fastify-plugin";
import {
  createEmailDelivery,
  type EmailDelivery,
} from "../../integrations/email/email-delivery.ts";
import { createEmailProvider } from "../../integrations/email/email-provider.ts";
import type { QueuedDelivery } from "../../integrations/jobs/queued-delivery.ts";
import type { VapidKeys } from "../../integrations/push/push-config.ts";
import { resolveVapidKeys } from "../../integrations/push/vapid-keys.ts";
import { createWebPushSender } from "../../integrations/push/web-push-sender.ts";
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
import { notificationCentreRoutes } from "./notification-centre.routes.ts";
import {
  chatReadHandler,
  documentNoticeHandler,
  paymentNoticeHandler,
  replacementDecisionSmsHandler,
  replyEmailHandler,
  securityNoticeHandler,
} from "./notifications.service.ts";
import { createNotifier, type Notifier } from "./notifier.ts";
import { createPushDelivery, type PushDelivery } from "./push-delivery.ts";

// «Выгрузить мои данные» (data-export, decision 0030) reads the account's rows through these.
export {
  accountNotificationChannels,
  accountNotifications,
  accountPushSubscriptions,
  accountQuietHours,
} from "./account-export.repository.ts";
export { sendNextReminderNow } from "./appointment-reminders.ts";
export { chatReplyEmail, chatReplyInbox } from "./notification-texts.ts";
export type { Dispatched, Notice, Notifier } from "./notifier.ts";
export {
  emailChangeCodeEmail,
  emailChangedNoticeEmail,
  phoneChangedSms,
} from "./personal-data-texts.ts";
export { chatReplySms, type PhoneCodePurpose, phoneCodeSms } from "./sms-texts.ts";
export { stableId } from "./stable-id.ts";

declare module "fastify" {
  interface FastifyInstance {
    /** Queues SMS for delivery by a pg-boss job with retries. */
    sms: SmsDelivery;
    /** Queues e-mail for delivery the same way. */
    email: EmailDelivery;
    /** Web Push, one job per (notification, subscribed browser). */
    push: PushDelivery;
    /** The VAPID keys pushes are signed with, or null when push is off. */
    vapid: VapidKeys | null;
    /** The one way a notification goes out: the inbox row, then the channels (decision 0028). */
    notifier: Notifier;
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
 * Notifications: the SMS, e-mail and Web Push deliveries on the process's job queue, the texts,
 * the dispatcher every notification goes through (the notification centre's row, then the
 * channels by the account's preferences and quiet hours), and the handlers that use it for events
 * (a reply, a replacement decision, each step of an appointment and its reminders, a payment, a
 * medical card's document, security). A sign-in or registration code is the one message sent
 * directly: the code is secret and stored only hashed, so no event could carry it (decision 0014).
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
    const vapid = await resolveVapidKeys(app.config.push);
    const push = createPushDelivery({
      jobs: app.jobs,
      db,
      sender: vapid ? createWebPushSender(vapid) : null,
      log: app.log,
    });
    await runOnJobQueue(app, sms);
    await runOnJobQueue(app, email);
    await runOnJobQueue(app, push);
    app.decorate("sms", settledAfterEvents(sms, app.events));
    app.decorate("email", settledAfterEvents(email, app.events));
    app.decorate("push", settledAfterEvents(push, app.events));
    app.decorate("vapid", vapid);
    const notifier = createNotifier({ db, sms, email, push, pushEnabled: vapid !== null });
    app.decorate("notifier", notifier);
    const publicOrigin = app.config.publicOrigin;
    app.events.on(replyEmailHandler(db, notifier, publicOrigin));
    app.events.on(replacementDecisionSmsHandler(db, notifier));
    app.events.on(paymentNoticeHandler(db, notifier, publicOrigin));
    app.events.on(documentNoticeHandler(db, notifier, publicOrigin));
    app.events.on(securityNoticeHandler(db, notifier));
    app.events.on(chatReadHandler(db));
    // Booking (issue 14): each step of an appointment, the waitlist's offers, the reminders.
    app.events.on(appointmentNoticesHandler({ db, notifier, publicOrigin }));
    app.events.on(waitlistOfferHandler({ db, notifier, publicOrigin }));
    const reminders = createReminderDelivery({
      jobs: app.jobs,
      db,
      notifier,
      publicOrigin,
      log: app.log,
    });
    await runOnJobQueue(app, reminders);
    app.decorate("appointmentReminders", reminders);
    app.events.on(reminderSchedulingHandler({ db, jobs: app.jobs, reminders }));
  },
  { name: "notifications", dependencies: ["jobs", "events"] },
);

/**
 * The notification centre's routes (the inbox, «Уведомления» preferences, Web Push
 * subscriptions): registered with the other modules, after the session plugin.
 */
export const notificationCentreModule: FastifyPluginAsync = async (app) => {
  await app.register(notificationCentreRoutes, { prefix: "/api" });
};
