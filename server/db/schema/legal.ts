import { sql } from "drizzle-orm";
import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { clients } from "./identity.ts";

/** A published version of a document clients accept, in Markdown; served at /legal/<slug>. */
export const legalDocuments = pgTable(
  "legal_documents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: text("slug").notNull(),
    version: integer("version").notNull(),
    title: text("title").notNull(),
    bodyMarkdown: text("body_markdown").notNull(),
    publishedAt: timestamp("published_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex("legal_documents_slug_version_key").on(table.slug, table.version)],
);

/**
 * A client's acceptance of one document version, with time and IP (152-FZ). A withdrawn optional
 * consent keeps its row (when and from where it was withdrawn); giving it again adds a new row.
 */
export const consents = pgTable(
  "consents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id, { onDelete: "cascade" }),
    documentId: uuid("document_id")
      .notNull()
      .references(() => legalDocuments.id),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }).notNull().defaultNow(),
    ip: text("ip"),
    userAgent: text("user_agent"),
    withdrawnAt: timestamp("withdrawn_at", { withTimezone: true }),
    withdrawnIp: text("withdrawn_ip"),
  },
  (table) => [
    // One consent in force per account and document version.
    uniqueIndex("consents_client_document_key")
      .on(table.clientId, table.documentId)
      .where(sql`${table.withdrawnAt} is null`),
    index("consents_client_idx").on(table.clientId),
  ],
);
