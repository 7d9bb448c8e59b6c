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
import { contracts, coveredPersons } from "./contracts.ts";
import { clients, staffMembers } from "./identity.ts";
import { legalDocuments } from "./legal.ts";

export const callbackStatus = pgEnum("callback_status", [
  "new",
  "in_progress",
  "done",
  "cancelled",
]);

/**
 * Who asked: a signed-in client about a contract («Перезвонить мне»), a visitor of the site
 * («Заказать звонок») or a company through the corporate cards' form (for the sales team).
 */
export const callbackSource = pgEnum("callback_source", ["client", "visitor", "sales"]);

/**
 * A call-back the contact centre owes: a client's «Перезвонить мне» about a covered person, or a
 * visitor's «Заказать звонок» (no account, no contract: a name, a topic and a consent instead).
 */
export const callbackRequests = pgTable(
  "callback_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    source: callbackSource("source").notNull().default("client"),
    /** Set exactly when source is client (the CHECK below). */
    clientId: uuid("client_id").references(() => clients.id),
    contractId: uuid("contract_id").references(() => contracts.id, { onDelete: "cascade" }),
    personId: uuid("person_id").references(() => coveredPersons.id),
    /** The name a visitor gave (no account to take it from). */
    visitorName: text("visitor_name"),
    /** A visitor's topic code (common/contact/visitor-callback.schema.ts). */
    topic: text("topic"),
    /** The company a sales request is for. */
    companyName: text("company_name"),
    /** The personal-data document version a visitor consented to, and from where (152-FZ). */
    consentDocumentId: uuid("consent_document_id").references(() => legalDocuments.id),
    consentIp: text("consent_ip"),
    /** E.164: the account's phone by default, or another the client typed. */
    phone: text("phone").notNull(),
    /** Null both for «как можно скорее»; otherwise the Moscow-time window the client chose. */
    windowStart: timestamp("window_start", { withTimezone: true }),
    windowEnd: timestamp("window_end", { withTimezone: true }),
    /** When the call is due at the latest: the queue's order, overdue after it. */
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    note: text("note"),
    status: callbackStatus("status").notNull().default("new"),
    assignedToId: uuid("assigned_to_id").references(() => staffMembers.id),
    assignedAt: timestamp("assigned_at", { withTimezone: true }),
    closedById: uuid("closed_by_id").references(() => staffMembers.id),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    outcome: text("outcome"),
    /** The appeal recorded on the contract when the call-back was closed. */
    appealId: uuid("appeal_id").references(() => appeals.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    // One open call-back per contract.
    uniqueIndex("callback_requests_open_key")
      .on(table.contractId)
      .where(sql`${table.status} in ('new', 'in_progress')`),
    // One open visitor's or sales request per phone.
    uniqueIndex("callback_requests_open_visitor_key")
      .on(table.phone)
      .where(sql`${table.source} <> 'client' and ${table.status} in ('new', 'in_progress')`),
    index("callback_requests_queue_idx").on(table.status, table.dueAt),
    index("callback_requests_client_idx").on(table.clientId, table.createdAt),
    check(
      "callback_requests_window_check",
      sql`(${table.windowStart} is null) = (${table.windowEnd} is null) and (${table.windowStart} is null or ${table.windowStart} < ${table.windowEnd})`,
    ),
    // A client's request is about a contract and a person; a visitor's has a name, a topic and
    // a consent instead, and a sales request names its company.
    check(
      "callback_requests_source_check",
      sql`case ${table.source}
        when 'client' then ${table.clientId} is not null and ${table.contractId} is not null and ${table.personId} is not null
        else ${table.clientId} is null and ${table.contractId} is null and ${table.personId} is null
          and ${table.visitorName} is not null and ${table.topic} is not null
          and ${table.consentDocumentId} is not null
          and (${table.source} <> 'sales' or ${table.companyName} is not null)
      end`,
    ),
  ],
);

export const messageStatus = pgEnum("message_status", ["new", "in_progress", "closed"]);

/** «Отправить сообщение»: a client's message about a contract, with files and staff replies. */
export const clientMessages = pgTable(
  "client_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id),
    contractId: uuid("contract_id")
      .notNull()
      .references(() => contracts.id, { onDelete: "cascade" }),
    /** The address for the correspondence (required by the guide). */
    email: text("email").notNull(),
    body: text("body").notNull(),
    status: messageStatus("status").notNull().default("new"),
    assignedToId: uuid("assigned_to_id").references(() => staffMembers.id),
    assignedAt: timestamp("assigned_at", { withTimezone: true }),
    closedById: uuid("closed_by_id").references(() => staffMembers.id),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    appealId: uuid("appeal_id").references(() => appeals.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("client_messages_queue_idx").on(table.status, table.createdAt),
    index("client_messages_client_idx").on(table.clientId, table.createdAt),
  ],
);

/** A file attached to a client's message; its bytes are in the file storage under storageKey. */
export const messageAttachments = pgTable(
  "message_attachments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    messageId: uuid("message_id")
      .notNull()
      .references(() => clientMessages.id, { onDelete: "cascade" }),
    /** A random name in the storage; never derived from what the client sent. */
    storageKey: text("storage_key").notNull().unique(),
    /** The name the client's file had, shown and offered on download (safely encoded). */
    originalName: text("original_name").notNull(),
    /** Judged from the content. */
    mediaType: text("media_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("message_attachments_message_idx").on(table.messageId)],
);

/** A staff reply in a message's thread; also e-mailed to the message's address. */
export const messageReplies = pgTable(
  "message_replies",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    messageId: uuid("message_id")
      .notNull()
      .references(() => clientMessages.id, { onDelete: "cascade" }),
    authorId: uuid("author_id")
      .notNull()
      .references(() => staffMembers.id),
    body: text("body").notNull(),
    /** Unread until the client opens the thread. */
    readAt: timestamp("read_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("message_replies_message_idx").on(table.messageId, table.createdAt)],
);
