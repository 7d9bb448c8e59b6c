import { z } from "zod";
import { CONTROL_CHARACTERS_MESSAGE, isCleanText } from "../text.schema.ts";

// Notifications (issue 17): the API contract of the cabinet's notification centre, the client's
// «Уведомления» preferences and Web Push subscriptions. The server decides what goes out on which
// channel; the client only states its wishes.

const isoDateTime = z.iso.datetime({ offset: true });

/**
 * What a notification is about. Each kind has its own channel choices; `security` (sign-in from a
 * new device, password changed) always goes out and is not in the preferences.
 */
export const notificationKindSchema = z.enum([
  "chat_reply",
  "message_reply",
  "appointment",
  "reminder",
  "replacement",
  "payment",
  "document",
  "security",
]);
export type NotificationKind = z.infer<typeof notificationKindSchema>;

/** The kinds a client may choose channels for (all but `security`). */
export const CONFIGURABLE_NOTIFICATION_KINDS = notificationKindSchema.options.filter(
  (kind): kind is Exclude<NotificationKind, "security"> => kind !== "security",
);

export const notificationChannelSchema = z.enum(["sms", "email", "push"]);
export type NotificationChannel = z.infer<typeof notificationChannelSchema>;

/** One item of the notification centre. `link` is a cabinet path (`/cabinet/...`) or null. */
export const inboxNotificationSchema = z
  .object({
    id: z.uuid(),
    kind: notificationKindSchema,
    title: z.string(),
    body: z.string(),
    link: z.string().nullable(),
    createdAt: isoDateTime,
    readAt: isoDateTime.nullable(),
  })
  .meta({ id: "InboxNotification" });
export type InboxNotification = z.infer<typeof inboxNotificationSchema>;

/** GET /api/notifications?before=<id>: newest first, a page at a time, with the unread count. */
export const notificationListQuerySchema = z.object({
  before: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export const notificationListSchema = z
  .object({
    items: z.array(inboxNotificationSchema),
    unread: z.number().int().nonnegative(),
    /** The id to pass as `before` for the next page, or null at the end. */
    nextBefore: z.uuid().nullable(),
  })
  .meta({ id: "NotificationList" });
export type NotificationList = z.infer<typeof notificationListSchema>;

/** GET /api/notifications/unread: the header's badge. */
export const unreadCountSchema = z.object({ unread: z.number().int().nonnegative() });

const clockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: "Укажите время в виде ЧЧ:ММ" });

/** One kind's channels. */
export const kindChannelsSchema = z.object({
  kind: notificationKindSchema.exclude(["security"]),
  sms: z.boolean(),
  email: z.boolean(),
  push: z.boolean(),
});
export type KindChannels = z.infer<typeof kindChannelsSchema>;

/** Quiet hours in Moscow time; `start` after `end` spans midnight (the default 21:00–09:00). */
export const quietHoursSchema = z.object({
  enabled: z.boolean(),
  start: clockTime,
  end: clockTime,
});
export type QuietHours = z.infer<typeof quietHoursSchema>;

/** GET and PUT /api/profile/notifications: every configurable kind once, and the quiet hours. */
export const notificationPreferencesSchema = z
  .object({
    kinds: z.array(kindChannelsSchema),
    quietHours: quietHoursSchema,
  })
  .meta({ id: "NotificationPreferences" });
export type NotificationPreferences = z.infer<typeof notificationPreferencesSchema>;

/** GET /api/push/public-key: the VAPID key the browser subscribes with, or null when push is off. */
export const pushPublicKeySchema = z.object({ publicKey: z.string().nullable() });

// A browser's keys are URL-safe base64; an endpoint is a URL: nothing else reaches the database.
const base64Key = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+=*$/, { error: "Неверный ключ подписки" });
const cleanEndpoint = (schema: z.ZodString) =>
  schema.refine((text) => isCleanText(text), CONTROL_CHARACTERS_MESSAGE);

/** POST /api/push/subscriptions: a browser's PushSubscription.toJSON(). */
export const pushSubscriptionBodySchema = z.object({
  endpoint: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .refine((text) => isCleanText(text), CONTROL_CHARACTERS_MESSAGE),
  expirationTime: z.number().nullable().optional(),
  keys: z.object({
    p256dh: base64Key(200),
    auth: base64Key(100),
  }),
});
export type PushSubscriptionBody = z.infer<typeof pushSubscriptionBodySchema>;

/** DELETE /api/push/subscriptions: the browser's endpoint, unsubscribed. */
export const pushUnsubscribeBodySchema = z.object({
  endpoint: cleanEndpoint(z.string().min(1).max(2000)),
});

/** What a push carries to the service worker (`event.data.json()`). */
export const pushPayloadSchema = z.object({
  notificationId: z.uuid(),
  title: z.string(),
  body: z.string(),
  /** The cabinet path the notification opens. */
  url: z.string(),
});
export type PushPayload = z.infer<typeof pushPayloadSchema>;
