import type {
  NotificationKind,
  QuietHours,
} from "../../../common/notifications/notifications.schema.ts";
import type { Db } from "../../db/client.ts";
import type { EmailDelivery } from "../../integrations/email/email-delivery.ts";
import type { EmailAttachment } from "../../integrations/email/email-provider.ts";
import type { SmsDelivery } from "../../integrations/sms/sms-delivery.ts";
import { emit } from "../../plugins/events.ts";
import {
  findInboxIdByKey,
  findRecipient,
  insertInboxRow,
  isInboxRowUnread,
} from "./inbox.repository.ts";
import {
  type Channels,
  channelsFor,
  DEFAULT_QUIET_HOURS,
  quietHoursEnd,
} from "./notification-rules.ts";
import { findStoredQuietHours, listStoredChannels } from "./preferences.repository.ts";
import type { PushDelivery } from "./push-delivery.ts";
import { listPushSubscriptionIds } from "./push-subscriptions.repository.ts";
import { stableId } from "./stable-id.ts";

/** One thing to tell an account: the inbox row, and what each channel would carry. */
export interface Notice {
  /** The sender's idempotency key (a UUID: an event delivery's key, a reminder's id). */
  key: string;
  clientId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  /** A cabinet path (`/cabinet/...`) the row and the push open. */
  link: string | null;
  /** What it is about (a chat's id), to mark it read with it. */
  subject?: string | null;
  /** The SMS's text; `to` when it goes elsewhere than the account's phone (the old number). */
  sms?: { text: string; to?: string } | null;
  /** The e-mail; `to` when it goes elsewhere than the account's address. */
  email?: { subject: string; text: string; to?: string; attachments?: EmailAttachment[] } | null;
  /** Ignores the quiet hours: a change to an appointment of today. Security always does. */
  urgent?: boolean;
}

/** What the dispatcher did with a notice. */
export interface Dispatched {
  notificationId: string;
  /** The channels the account's preferences allow for the kind. */
  channels: Channels;
  /** How many pushes were queued (one per subscribed browser). */
  pushes: number;
  /** Until when the quiet hours held the SMS and the pushes back, or null. */
  postponedUntil: Date | null;
}

export interface Notifier {
  /**
   * Writes the inbox row (and its notification.created event) once per key, then queues the
   * channels the account's preferences allow, the SMS and pushes after the quiet hours unless
   * urgent or security. A repeated call queues nothing new: every job's id comes from the key.
   */
  dispatch(notice: Notice): Promise<Dispatched>;
  /** The account's channels for a kind (security: all). */
  channels(clientId: string, kind: NotificationKind): Promise<Channels>;
  /** When the account's quiet hours hold `moment`, their end; else null. */
  quietUntil(clientId: string, moment?: Date): Promise<Date | null>;
  /** Whether an inbox row is still unread. */
  isUnread(notificationId: string): Promise<boolean>;
}

export async function quietHoursOf(db: Db, clientId: string): Promise<QuietHours> {
  return (await findStoredQuietHours(db, clientId)) ?? { ...DEFAULT_QUIET_HOURS };
}

/** Seconds until `until`, and a minute more: a database clock a little behind must not find the job early. */
function secondsUntil(until: Date, now: Date): number {
  return Math.ceil((until.getTime() - now.getTime()) / 1000) + 60;
}

export function createNotifier(deps: {
  db: Db;
  sms: SmsDelivery;
  email: EmailDelivery;
  push: PushDelivery;
  /** Whether pushes can be sent at all (VAPID keys known). */
  pushEnabled: boolean;
  now?: () => Date;
}): Notifier {
  const { db, sms, email, push } = deps;
  const now = deps.now ?? (() => new Date());

  async function channels(clientId: string, kind: NotificationKind): Promise<Channels> {
    return channelsFor(kind, await listStoredChannels(db, clientId));
  }

  async function quietUntil(clientId: string, moment = now()): Promise<Date | null> {
    return quietHoursEnd(await quietHoursOf(db, clientId), moment);
  }

  async function writeInbox(notice: Notice, at: Date): Promise<string> {
    const id = await db.transaction(async (tx) => {
      const inserted = await insertInboxRow(tx, {
        key: notice.key,
        clientId: notice.clientId,
        kind: notice.kind,
        title: notice.title,
        body: notice.body,
        link: notice.link,
        subject: notice.subject ?? null,
        createdAt: at,
      });
      if (inserted) {
        await emit(
          tx,
          "notification.created",
          { notificationId: inserted },
          { accountId: notice.clientId },
        );
      }
      return inserted;
    });
    if (id) return id;
    const existing = await findInboxIdByKey(db, notice.key);
    if (!existing) throw new Error(`the notification under key ${notice.key} vanished`);
    return existing;
  }

  return {
    channels,
    quietUntil,
    isUnread: (notificationId) => isInboxRowUnread(db, notificationId),

    async dispatch(notice) {
      const moment = now();
      const notificationId = await writeInbox(notice, moment);
      const allowed = await channels(notice.clientId, notice.kind);
      const immediate = notice.kind === "security" || notice.urgent === true;
      const postponedUntil = immediate ? null : await quietUntil(notice.clientId, moment);
      const startAfterSeconds = postponedUntil ? secondsUntil(postponedUntil, moment) : undefined;
      const recipient = await findRecipient(db, notice.clientId);
      if (allowed.sms && notice.sms) {
        const to = notice.sms.to ?? recipient?.phone;
        if (to) {
          await sms.enqueue(
            { to, text: notice.sms.text },
            { id: stableId(notice.key, "sms"), startAfterSeconds },
          );
        }
      }
      // E-mail keeps no one awake: it goes at once, quiet hours or not (decision 0028).
      if (allowed.email && notice.email) {
        const to = (notice.email.to ?? recipient?.email ?? "").trim();
        if (to) {
          const { subject, text, attachments } = notice.email;
          await email.enqueue(
            { to, subject, text, ...(attachments ? { attachments } : {}) },
            { id: stableId(notice.key, "email") },
          );
        }
      }
      let pushes = 0;
      if (allowed.push && deps.pushEnabled) {
        for (const subscriptionId of await listPushSubscriptionIds(db, notice.clientId)) {
          await push.enqueue(
            { notificationId, subscriptionId, clientId: notice.clientId },
            { id: stableId(notice.key, "push", subscriptionId), startAfterSeconds },
          );
          pushes += 1;
        }
      }
      return { notificationId, channels: allowed, pushes, postponedUntil };
    },
  };
}
