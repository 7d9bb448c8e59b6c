import { asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import {
  notificationPreferences,
  notificationQuietHours,
  notifications,
  pushSubscriptions,
} from "../../db/schema/index.ts";

// What notifications holds of an account, for «Выгрузить мои данные» (decision 0030): the centre's
// notifications, the channels chosen per kind, the quiet hours and the browsers subscribed to push
// (their keys stay on the server: only where the subscription points).

export function accountNotifications(db: Db, clientId: string) {
  return db
    .select({
      kind: notifications.kind,
      title: notifications.title,
      body: notifications.body,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
    })
    .from(notifications)
    .where(eq(notifications.clientId, clientId))
    .orderBy(asc(notifications.createdAt), asc(notifications.id));
}

/** The kinds whose channels the account chose (the others have the defaults). */
export function accountNotificationChannels(db: Db, clientId: string) {
  return db
    .select({
      kind: notificationPreferences.kind,
      sms: notificationPreferences.sms,
      email: notificationPreferences.email,
      push: notificationPreferences.push,
      updatedAt: notificationPreferences.updatedAt,
    })
    .from(notificationPreferences)
    .where(eq(notificationPreferences.clientId, clientId))
    .orderBy(asc(notificationPreferences.kind));
}

/** The account's quiet hours, or null when it kept the default. */
export async function accountQuietHours(db: Db, clientId: string) {
  const [row] = await db
    .select({
      enabled: notificationQuietHours.enabled,
      start: notificationQuietHours.start,
      end: notificationQuietHours.end,
      updatedAt: notificationQuietHours.updatedAt,
    })
    .from(notificationQuietHours)
    .where(eq(notificationQuietHours.clientId, clientId));
  return row ?? null;
}

export async function accountPushSubscriptions(db: Db, clientId: string) {
  const rows = await db
    .select({
      endpoint: pushSubscriptions.endpoint,
      userAgent: pushSubscriptions.userAgent,
      createdAt: pushSubscriptions.createdAt,
    })
    .from(pushSubscriptions)
    .where(eq(pushSubscriptions.clientId, clientId))
    .orderBy(asc(pushSubscriptions.createdAt));
  return rows.map(({ endpoint, ...row }) => ({ ...row, service: pushService(endpoint) }));
}

/** The push service a subscription points at (its origin), never the whole endpoint. */
function pushService(endpoint: string): string {
  try {
    return new URL(endpoint).origin;
  } catch {
    return "";
  }
}
