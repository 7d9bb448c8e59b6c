import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { clients } from "./identity.ts";

/** What a notification is about (common/notifications: notificationKindSchema). */
export const notificationKind = pgEnum("notification_kind", [
  "chat_reply",
  "message_reply",
  "appointment",
  "reminder",
  "replacement",
  "payment",
  "document",
  "security",
]);

/**
 * The notification centre: one row per thing the account was told, whatever the channels. `key`
 * is the sender's idempotency key (an event delivery's key, a reminder's id): a repeated delivery
 * writes no second row.
 */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id, { onDelete: "cascade" }),
    key: uuid("key").notNull().unique(),
    kind: notificationKind("kind").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    /** A cabinet path (`/cabinet/...`) or null. */
    link: text("link"),
    /** What the notification is of (a chat's id for a doctor's reply), to mark it read with it. */
    subject: text("subject"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp("read_at", { withTimezone: true }),
  },
  (table) => [
    index("notifications_client_idx").on(table.clientId, table.createdAt, table.id),
    index("notifications_unread_idx").on(table.clientId).where(sql`${table.readAt} is null`),
  ],
);

/** A kind's channels as the client chose them; a kind without a row has the defaults (decision 0028). */
export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id, { onDelete: "cascade" }),
    kind: notificationKind("kind").notNull(),
    sms: boolean("sms").notNull(),
    email: boolean("email").notNull(),
    push: boolean("push").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.clientId, table.kind] })],
);

/** The account's quiet hours (Moscow wall-clock `HH:mm`); no row: 21:00–09:00, on. */
export const notificationQuietHours = pgTable("notification_quiet_hours", {
  clientId: uuid("client_id")
    .primaryKey()
    .references(() => clients.id, { onDelete: "cascade" }),
  enabled: boolean("enabled").notNull(),
  start: text("start").notNull(),
  end: text("end").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A browser's Web Push subscription, bound to the account signed in when it subscribed. One row
 * per endpoint: the same browser subscribing under another account moves the row to it.
 */
export const pushSubscriptions = pgTable(
  "push_subscriptions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id, { onDelete: "cascade" }),
    endpoint: text("endpoint").notNull().unique(),
    p256dh: text("p256dh").notNull(),
    auth: text("auth").notNull(),
    /** PushSubscription.expirationTime (epoch ms), when the browser gave one. */
    expirationTime: bigint("expiration_time", { mode: "number" }),
    userAgent: text("user_agent"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("push_subscriptions_client_idx").on(table.clientId)],
);
