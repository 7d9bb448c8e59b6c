import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { appeals } from "./appeals.ts";
import { specialties } from "./booking.ts";
import { contracts, coveredPersons } from "./contracts.ts";
import { clients, staffMembers } from "./identity.ts";

export const chatStatus = pgEnum("chat_status", ["waiting", "active", "closed"]);
export const chatOutcome = pgEnum("chat_outcome", [
  "recommendations",
  "in_person",
  "clinic_referral",
  "emergency",
]);
export const chatAuthor = pgEnum("chat_author", ["client", "doctor", "system"]);

/** «Чат с врачом»: one consultation of a covered person, from the first message to the conclusion. */
export const chatConversations = pgTable(
  "chat_conversations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id),
    contractId: uuid("contract_id")
      .notNull()
      .references(() => contracts.id, { onDelete: "cascade" }),
    personId: uuid("person_id")
      .notNull()
      .references(() => coveredPersons.id),
    /** The id the browser gave the conversation: a retried «Новый чат» finds it instead of a second. */
    clientConversationId: uuid("client_conversation_id").notNull(),
    status: chatStatus("status").notNull().default("waiting"),
    doctorId: uuid("doctor_id").references(() => staffMembers.id),
    assignedAt: timestamp("assigned_at", { withTimezone: true }),
    /** The first doctor's message: the wait behind «Обычно врач отвечает в течение N минут». */
    firstReplyAt: timestamp("first_reply_at", { withTimezone: true }),
    /** Since when the client waits for an answer (their first unanswered message); null otherwise. */
    waitingSince: timestamp("waiting_since", { withTimezone: true }),
    /** When the current wait was found longer than the target; cleared by the doctor's answer. */
    escalatedAt: timestamp("escalated_at", { withTimezone: true }),
    closedById: uuid("closed_by_id").references(() => staffMembers.id),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    outcome: chatOutcome("outcome"),
    /** For «нужна очная консультация»: the specialty to see. */
    outcomeSpecialty: text("outcome_specialty"),
    /** The same specialty as the network knows it: «Записаться» under the conclusion books it. */
    outcomeSpecialtyId: uuid("outcome_specialty_id").references(() => specialties.id),
    conclusion: text("conclusion"),
    /** The appeal written on the contract by «Завершить консультацию». */
    appealId: uuid("appeal_id").references(() => appeals.id),
    ratingScore: integer("rating_score"),
    ratingComment: text("rating_comment"),
    ratedAt: timestamp("rated_at", { withTimezone: true }),
    lastMessageAt: timestamp("last_message_at", { withTimezone: true }).notNull().defaultNow(),
    /** The last «врач ответил» SMS: at most one an hour per conversation. */
    lastSmsAt: timestamp("last_sms_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("chat_conversations_client_key").on(table.clientId, table.clientConversationId),
    // The client's list: open first, newest activity first.
    index("chat_conversations_client_idx").on(table.clientId, table.lastMessageAt),
    // The console's queue (waiting, oldest first) and «Мои» (by doctor).
    index("chat_conversations_queue_idx")
      .on(table.createdAt)
      .where(sql`${table.status} = 'waiting'`),
    index("chat_conversations_doctor_idx")
      .on(table.doctorId, table.lastMessageAt)
      .where(sql`${table.status} = 'active'`),
    // The escalation job's look for long waits not yet escalated.
    index("chat_conversations_wait_idx")
      .on(table.waitingSince)
      .where(sql`${table.status} <> 'closed' and ${table.escalatedAt} is null`),
    index("chat_conversations_person_idx").on(table.personId, table.createdAt),
    check(
      "chat_conversations_rating_check",
      sql`${table.ratingScore} is null or ${table.ratingScore} between 1 and 5`,
    ),
    check(
      "chat_conversations_doctor_check",
      sql`${table.status} = 'waiting' or ${table.doctorId} is not null`,
    ),
  ],
);

/** One message of a conversation: the client's, a doctor's, or the system's (a hand-over). */
export const chatMessages = pgTable(
  "chat_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => chatConversations.id, { onDelete: "cascade" }),
    author: chatAuthor("author").notNull(),
    /** The doctor who wrote it (author doctor). */
    staffId: uuid("staff_id").references(() => staffMembers.id),
    /** The id the browser gave the message: a retry is the same message, not a second. */
    clientMessageId: uuid("client_message_id"),
    body: text("body").notNull(),
    /** Up to three free times a doctor offers in the chat; one tap books one. */
    offeredSlotIds: uuid("offered_slot_ids").array(),
    /** When the other side's device got it, and when they read it. */
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    readAt: timestamp("read_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("chat_messages_client_key").on(table.conversationId, table.clientMessageId),
    index("chat_messages_conversation_idx").on(table.conversationId, table.createdAt),
  ],
);

/** A file attached to a chat message; its bytes are in the file storage under storageKey. */
export const chatMessageFiles = pgTable(
  "chat_message_files",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    messageId: uuid("message_id")
      .notNull()
      .references(() => chatMessages.id, { onDelete: "cascade" }),
    /** A random name in the storage; never derived from what was sent. */
    storageKey: text("storage_key").notNull().unique(),
    originalName: text("original_name").notNull(),
    /** Judged from the content. */
    mediaType: text("media_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("chat_message_files_message_idx").on(table.messageId)],
);

/** «Передать»: a conversation handed from one doctor to another, with a note. */
export const chatTransfers = pgTable(
  "chat_transfers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => chatConversations.id, { onDelete: "cascade" }),
    fromStaffId: uuid("from_staff_id")
      .notNull()
      .references(() => staffMembers.id),
    toStaffId: uuid("to_staff_id")
      .notNull()
      .references(() => staffMembers.id),
    note: text("note").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("chat_transfers_conversation_idx").on(table.conversationId, table.createdAt)],
);

/** Reply templates the doctors keep together. */
export const chatReplyTemplates = pgTable("chat_reply_templates", {
  id: uuid("id").primaryKey().defaultRandom(),
  title: text("title").notNull(),
  body: text("body").notNull(),
  updatedById: uuid("updated_by_id")
    .notNull()
    .references(() => staffMembers.id),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
