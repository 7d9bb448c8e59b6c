import { index, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const outboxChannel = pgEnum("outbox_channel", ["sms", "email"]);

/**
 * Messages the outbox providers "sent": with no real SMS or e-mail provider configured, every
 * message lands here and is shown at /dev/outbox (DESIGN.md, "Interfaces that others rely on").
 */
export const outboxMessages = pgTable(
  "outbox_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    channel: outboxChannel("channel").notNull(),
    /** E.164 phone for SMS, lower-cased address for e-mail. */
    recipient: text("recipient").notNull(),
    subject: text("subject"),
    body: text("body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("outbox_messages_recipient_idx").on(table.channel, table.recipient, table.createdAt),
  ],
);
