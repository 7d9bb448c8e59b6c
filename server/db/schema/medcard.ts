import { sql } from "drizzle-orm";
import {
  check,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { clinics } from "./booking.ts";
import { coveredPersons } from "./contracts.ts";
import { clients, staffMembers } from "./identity.ts";

/**
 * «Медкарта» (issue 16, decision 0024). A card is kept by an account: its own («self»), or a child's
 * under 15 covered by contracts the account holds («child», known by the child's name key and birth
 * date *within that account's contracts*, so namesakes in other families never share a card).
 */
export const medcardSubject = pgEnum("medcard_subject", ["self", "child"]);

export const medcardCards = pgTable(
  "medcard_cards",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ownerClientId: uuid("owner_client_id")
      .notNull()
      .references(() => clients.id, { onDelete: "cascade" }),
    subject: medcardSubject("subject").notNull(),
    /** A child's personNameKey (common/contracts/person-match.ts); null for the account's own card. */
    childNameKey: text("child_name_key"),
    /** A child's name and birth date as its contract has them; the account's own come from `clients`. */
    lastName: text("last_name"),
    firstName: text("first_name"),
    patronymic: text("patronymic"),
    birthDate: date("birth_date"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    // One own card per account, one card per child and account.
    uniqueIndex("medcard_cards_self_key")
      .on(table.ownerClientId)
      .where(sql`${table.subject} = 'self'`),
    uniqueIndex("medcard_cards_child_key")
      .on(table.ownerClientId, table.childNameKey, table.birthDate)
      .where(sql`${table.subject} = 'child'`),
    check(
      "medcard_cards_child_identity",
      sql`${table.subject} = 'self' or (${table.childNameKey} is not null and ${table.birthDate} is not null and ${table.lastName} is not null and ${table.firstName} is not null)`,
    ),
  ],
);

/** «Сводка»: what a card lists about the person; FHIR AllergyIntolerance, Condition, MedicationStatement, Observation. */
export const medcardEntryKind = pgEnum("medcard_entry_kind", [
  "allergy",
  "condition",
  "medication",
  "blood_group",
]);

/** Who said it: the client («со слов пациента»), a doctor of the company, or a clinic. */
export const medcardSource = pgEnum("medcard_source", ["patient", "doctor", "clinic"]);

export const medcardEntries = pgTable(
  "medcard_entries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    cardId: uuid("card_id")
      .notNull()
      .references(() => medcardCards.id, { onDelete: "cascade" }),
    kind: medcardEntryKind("kind").notNull(),
    /** «Пенициллин», «Бронхиальная астма», «Эналаприл 10 мг», «A(II) Rh+». */
    text: text("text").notNull(),
    /** The reaction, the dose and schedule, a remark. */
    note: text("note"),
    source: medcardSource("source").notNull(),
    /** The doctor who entered it (source «doctor»). */
    staffId: uuid("staff_id").references(() => staffMembers.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /** Removed entries stay for the record (FHIR entered-in-error); lists skip them. */
    removedAt: timestamp("removed_at", { withTimezone: true }),
  },
  (table) => [index("medcard_entries_card_idx").on(table.cardId, table.kind)],
);

export const medcardDocumentType = pgEnum("medcard_document_type", [
  "conclusion",
  "test_result",
  "referral",
  "discharge",
  "other",
]);

/**
 * «Документы»: a PDF or an image. Added to a card by its client or a doctor; a clinic's document
 * (integration API) is attached to the covered person it names, and shows in every card that
 * person's rows belong to (the card's owner holds the contract), also cards made after it came.
 */
export const medcardDocuments = pgTable(
  "medcard_documents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    cardId: uuid("card_id").references(() => medcardCards.id, { onDelete: "cascade" }),
    personId: uuid("person_id").references(() => coveredPersons.id, { onDelete: "cascade" }),
    type: medcardDocumentType("type").notNull(),
    /** «Общий анализ крови»; the file's name when none was given. */
    title: text("title").notNull(),
    /** The date of the document itself (the test, the discharge), not of its upload. */
    documentDate: date("document_date").notNull(),
    source: medcardSource("source").notNull(),
    staffId: uuid("staff_id").references(() => staffMembers.id),
    clinicId: uuid("clinic_id").references(() => clinics.id),
    /** The clinic's own id of the document: a repeated POST is the same document. */
    externalId: text("external_id"),
    /** A random name in the storage; never derived from what was sent. */
    storageKey: text("storage_key").notNull().unique(),
    originalName: text("original_name").notNull(),
    /** Judged from the content: application/pdf, image/jpeg, image/png. */
    mediaType: text("media_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    removedAt: timestamp("removed_at", { withTimezone: true }),
  },
  (table) => [
    index("medcard_documents_card_idx").on(table.cardId, table.documentDate),
    index("medcard_documents_person_idx").on(table.personId, table.documentDate),
    uniqueIndex("medcard_documents_clinic_external_key").on(table.clinicId, table.externalId),
    check(
      "medcard_documents_anchor",
      sql`${table.cardId} is not null or ${table.personId} is not null`,
    ),
  ],
);

export const medcardShareScope = pgEnum("medcard_share_scope", ["card", "documents"]);

/**
 * «Показать врачу»: a link (a random token, stored hashed) and a 6-digit code (hashed), valid
 * until `expiresAt` unless revoked; the whole card or chosen documents.
 */
export const medcardShares = pgTable(
  "medcard_shares",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    cardId: uuid("card_id")
      .notNull()
      .references(() => medcardCards.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    codeHash: text("code_hash").notNull(),
    scope: medcardShareScope("scope").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("medcard_shares_card_idx").on(table.cardId, table.createdAt)],
);

/** The documents a «documents» share covers. */
export const medcardShareDocuments = pgTable(
  "medcard_share_documents",
  {
    shareId: uuid("share_id")
      .notNull()
      .references(() => medcardShares.id, { onDelete: "cascade" }),
    documentId: uuid("document_id")
      .notNull()
      .references(() => medcardDocuments.id, { onDelete: "cascade" }),
  },
  (table) => [primaryKey({ columns: [table.shareId, table.documentId] })],
);

/**
 * Every opening of a shared card (a right code given), shown to the client. The opening's grant
 * (a random token, hashed here, in an HttpOnly cookie of the viewer) lets that browser fetch the
 * shared files while the share lasts, without sending the code again.
 */
export const medcardShareViews = pgTable(
  "medcard_share_views",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    shareId: uuid("share_id")
      .notNull()
      .references(() => medcardShares.id, { onDelete: "cascade" }),
    grantHash: text("grant_hash").notNull().unique(),
    ip: text("ip"),
    userAgent: text("user_agent"),
    openedAt: timestamp("opened_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("medcard_share_views_share_idx").on(table.shareId, table.openedAt)],
);
