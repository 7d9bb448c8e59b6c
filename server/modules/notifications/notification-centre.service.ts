import type {
  InboxNotification,
  NotificationList,
  NotificationPreferences,
  PushSubscriptionBody,
} from "../../../common/notifications/notifications.schema.ts";
import { CONFIGURABLE_NOTIFICATION_KINDS } from "../../../common/notifications/notifications.schema.ts";
import type { Db } from "../../db/client.ts";
import { NotFoundError, ValidationError } from "../../errors.ts";
import {
  countUnread,
  findOwnInboxRow,
  type InboxRow,
  listInboxRows,
  markAllRead,
  markRead,
} from "./inbox.repository.ts";
import { channelsOfEveryKind } from "./notification-rules.ts";
import { quietHoursOf } from "./notifier.ts";
import { listStoredChannels, saveChoices } from "./preferences.repository.ts";
import {
  deleteOwnPushSubscription,
  upsertPushSubscription,
} from "./push-subscriptions.repository.ts";

export const NOTIFICATION_NOT_FOUND = "Уведомление не найдено";

function toDto(row: InboxRow): InboxNotification {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    link: row.link,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt?.toISOString() ?? null,
  };
}

/** A page of the account's notifications, newest first, with the unread count. */
export async function listNotifications(
  db: Db,
  clientId: string,
  query: { before?: string; limit: number },
): Promise<NotificationList> {
  let before: { createdAt: Date; id: string } | null = null;
  if (query.before) {
    const row = await findOwnInboxRow(db, clientId, query.before);
    if (!row) throw new NotFoundError(NOTIFICATION_NOT_FOUND);
    before = { createdAt: row.createdAt, id: row.id };
  }
  // One more than asked tells whether a next page exists.
  const rows = await listInboxRows(db, clientId, query.limit + 1, before);
  const items = rows.slice(0, query.limit).map(toDto);
  const nextBefore = rows.length > query.limit ? (items.at(-1)?.id ?? null) : null;
  return { items, unread: await countUnread(db, clientId), nextBefore };
}

export async function unreadCount(db: Db, clientId: string): Promise<{ unread: number }> {
  return { unread: await countUnread(db, clientId) };
}

/** Marks one of the account's notifications read; someone else's is 404, as one that is not. */
export async function readNotification(db: Db, clientId: string, id: string, now = new Date()) {
  if (!(await markRead(db, clientId, id, now))) throw new NotFoundError(NOTIFICATION_NOT_FOUND);
}

export async function readAllNotifications(db: Db, clientId: string, now = new Date()) {
  await markAllRead(db, clientId, now);
}

/** Every configurable kind once (the stored choice or the default), and the quiet hours. */
export async function getPreferences(db: Db, clientId: string): Promise<NotificationPreferences> {
  const [stored, quietHours] = await Promise.all([
    listStoredChannels(db, clientId),
    quietHoursOf(db, clientId),
  ]);
  return { kinds: channelsOfEveryKind(stored), quietHours };
}

/**
 * Stores the choices. Every configurable kind must be there exactly once (a form that lost one
 * would otherwise leave it as it was, unseen); quiet hours that start and end at once are refused.
 */
export async function savePreferences(
  db: Db,
  clientId: string,
  input: NotificationPreferences,
  now = new Date(),
): Promise<NotificationPreferences> {
  const problems: { field: string; message: string }[] = [];
  input.kinds.forEach((row, index) => {
    if (input.kinds.findIndex((other) => other.kind === row.kind) !== index) {
      problems.push({
        field: `kinds.${index}.kind`,
        message: "Этот вид уведомлений указан дважды",
      });
    }
  });
  const missing = CONFIGURABLE_NOTIFICATION_KINDS.filter(
    (kind) => !input.kinds.some((row) => row.kind === kind),
  );
  if (missing.length > 0) {
    problems.push({
      field: "kinds",
      message: "Укажите каналы для каждого вида уведомлений",
    });
  }
  if (input.quietHours.enabled && input.quietHours.start === input.quietHours.end) {
    problems.push({
      field: "quietHours.end",
      message: "Время окончания тихих часов должно отличаться от времени начала",
    });
  }
  if (problems.length > 0) throw new ValidationError(problems);
  await saveChoices(db, clientId, input.kinds, input.quietHours, now);
  return getPreferences(db, clientId);
}

/** Binds a browser's subscription to the account; answers whether it is new (201) or known (200). */
export async function subscribePush(
  db: Db,
  clientId: string,
  body: PushSubscriptionBody,
  userAgent: string | undefined,
  now = new Date(),
): Promise<{ created: boolean }> {
  return upsertPushSubscription(
    db,
    {
      clientId,
      endpoint: body.endpoint,
      p256dh: body.keys.p256dh,
      auth: body.keys.auth,
      expirationTime: body.expirationTime ?? null,
      userAgent: userAgent?.slice(0, 512) ?? null,
    },
    now,
  );
}

/** Removes the account's subscription of an endpoint; one not the account's is left alone. */
export async function unsubscribePush(db: Db, clientId: string, endpoint: string): Promise<void> {
  await deleteOwnPushSubscription(db, clientId, endpoint);
}
