import { sql } from "drizzle-orm";
import {
  boolean,
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
import { clients, staffMembers } from "./identity.ts";

/** A service program: what a certificate or a serviced DMS policy gives its persons. */
/** «Для кого» in the catalogue: adults (18 and over on the start date), children, or anyone. */
export const programAudience = pgEnum("program_audience", ["adult", "child", "any"]);

export const programs = pgTable(
  "programs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** A stable code the company's information system uses in imports («call-doctor-plus»). */
    code: text("code").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull(),
    /** What is covered, as Markdown. */
    coverage: text("coverage").notNull(),
    /** How many persons one contract covers: «Пациент 1» only, or also «Пациент 2». */
    maxPersons: integer("max_persons").notNull(),
    /** «Порядок получения медицинского обслуживания», as Markdown. */
    careProcedure: text("care_procedure").notNull(),
    /** Programs sold online have a price (kopecks) and a term (months). */
    priceKopecks: integer("price_kopecks"),
    termMonths: integer("term_months"),
    soldOnline: boolean("sold_online").notNull().default(false),
    audience: programAudience("audience").notNull().default("any"),
    /** «Консультации в чате»: covered persons of its active contracts may open «Чат с врачом». */
    includesChat: boolean("includes_chat").notNull().default(false),
    /** An archived program is kept for its contracts but offered nowhere. */
    archivedAt: timestamp("archived_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("programs_code_key").on(table.code),
    uniqueIndex("programs_name_key").on(sql`lower(${table.name})`),
    check("programs_max_persons_check", sql`${table.maxPersons} in (1, 2)`),
    check(
      "programs_online_price_check",
      sql`not ${table.soldOnline} or (${table.priceKopecks} > 0 and ${table.termMonths} > 0)`,
    ),
  ],
);

export const contractKind = pgEnum("contract_kind", ["certificate", "dms_policy"]);

/**
 * A certificate sold by the company or a DMS policy it services. The status (not started, active,
 * expired) is not stored: it follows from the dates and today in Moscow.
 */
export const contracts = pgTable(
  "contracts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: contractKind("kind").notNull(),
    /** «11/22445568» for a certificate; the policy number for a DMS policy. */
    number: text("number").notNull(),
    /** The insurance company of a DMS policy; null for a certificate. */
    insurerName: text("insurer_name"),
    programId: uuid("program_id")
      .notNull()
      .references(() => programs.id),
    startsOn: date("starts_on").notNull(),
    endsOn: date("ends_on").notNull(),
    /** A certificate bought online and refunded before its start: kept, but it covers nothing. */
    annulledAt: timestamp("annulled_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    // Imports are idempotent by number: one certificate or policy per number.
    uniqueIndex("contracts_kind_number_key").on(table.kind, table.number),
    index("contracts_program_idx").on(table.programId),
    // «30117742» finds 11/30117742: the number without its series prefix «NN/».
    index("contracts_bare_number_idx").using(
      "btree",
      sql`regexp_replace(${table.number}, '^[0-9]+/', '')`,
    ),
    check("contracts_period_check", sql`${table.startsOn} <= ${table.endsOn}`),
    check(
      "contracts_insurer_check",
      sql`(${table.kind} = 'dms_policy') = (${table.insurerName} is not null)`,
    ),
  ],
);

/**
 * A person a contract covers, in slot 1 («Пациент 1») or 2 («Пациент 2»). Rows are not rewritten
 * when a person is replaced: the old row gets replacedAt and a new row takes the slot, so appeals
 * keep pointing at who received the service.
 */
export const coveredPersons = pgTable(
  "covered_persons",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    contractId: uuid("contract_id")
      .notNull()
      .references(() => contracts.id, { onDelete: "cascade" }),
    slot: integer("slot").notNull(),
    lastName: text("last_name").notNull(),
    firstName: text("first_name").notNull(),
    patronymic: text("patronymic"),
    birthDate: date("birth_date").notNull(),
    /** E.164 or null. An account with this phone becomes a holder of the contract. */
    phone: text("phone"),
    email: text("email"),
    /**
     * Surname, name and patronymic lower-cased with ё as е, joined by "|" (see
     * common/contracts/person-match.ts): for the staff search and for telling whether a holder is
     * «Пациент 1»; never for whether an account sees the contract (decision 0011).
     */
    nameKey: text("name_key").notNull(),
    replacedAt: timestamp("replaced_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("covered_persons_current_slot_key")
      .on(table.contractId, table.slot)
      .where(sql`${table.replacedAt} is null`),
    index("covered_persons_phone_idx").on(table.phone),
    index("covered_persons_name_key_idx").on(table.nameKey, table.birthDate),
    // The staff search matches a name by prefix (LIKE 'ивано%'): under a non-C collation only a
    // text_pattern_ops index serves it.
    index("covered_persons_name_key_prefix_idx").using(
      "btree",
      sql`${table.nameKey} text_pattern_ops`,
    ),
    // A contract card lists its persons, replaced ones included.
    index("covered_persons_contract_idx").on(table.contractId),
    check("covered_persons_slot_check", sql`${table.slot} in (1, 2)`),
  ],
);

export const replacementStatus = pgEnum("replacement_status", ["pending", "approved", "rejected"]);

/** A client's request to replace «Пациент 1» with another person; staff approve or reject it. */
export const replacementRequests = pgTable(
  "replacement_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    contractId: uuid("contract_id")
      .notNull()
      .references(() => contracts.id, { onDelete: "cascade" }),
    /** The person to be replaced (slot 1 when the request was made). */
    personId: uuid("person_id")
      .notNull()
      .references(() => coveredPersons.id),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id),
    lastName: text("last_name").notNull(),
    firstName: text("first_name").notNull(),
    patronymic: text("patronymic"),
    birthDate: date("birth_date").notNull(),
    phone: text("phone"),
    email: text("email"),
    reason: text("reason").notNull(),
    status: replacementStatus("status").notNull().default("pending"),
    decidedById: uuid("decided_by_id").references(() => staffMembers.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    decisionComment: text("decision_comment"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    // One open request per contract at a time.
    uniqueIndex("replacement_requests_pending_key")
      .on(table.contractId)
      .where(sql`${table.status} = 'pending'`),
    index("replacement_requests_status_idx").on(table.status, table.createdAt),
  ],
);

export const contractHolderSource = pgEnum("contract_holder_source", [
  "phone",
  "number",
  "migration",
  "purchase",
]);

/**
 * A holder link: the account reaches the contract through it and through nothing else (decision
 * 0011). Made by a covered person's phone equal to the account's (a trigger of migration 0008),
 * by the client's «Добавить договор» (number and a covered person's birth date), or by migration
 * 0008 from the matches of the old rule. Only an operator's «Отвязать» ends it.
 */
export const contractHolders = pgTable(
  "contract_holders",
  {
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id, { onDelete: "cascade" }),
    contractId: uuid("contract_id")
      .notNull()
      .references(() => contracts.id, { onDelete: "cascade" }),
    source: contractHolderSource("source").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    // One link per account and contract; its (client_id, …) prefix answers «Мои договоры».
    primaryKey({ name: "contract_holders_pkey", columns: [table.clientId, table.contractId] }),
    // The contract card lists its holders.
    index("contract_holders_contract_idx").on(table.contractId),
  ],
);
