import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  time,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { appeals } from "./appeals.ts";
import { contracts, coveredPersons, programs } from "./contracts.ts";
import { clients, staffMembers } from "./identity.ts";

// Booking in the clinic network under the client's program (issue 14, decision 0020).

export const clinicBookingMode = pgEnum("clinic_booking_mode", ["online", "requests_only"]);

/** A clinic of the network: online schedule, or requests only (an operator books by phone). */
export const clinics = pgTable(
  "clinics",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    address: text("address").notNull(),
    metro: text("metro"),
    district: text("district"),
    latitude: doublePrecision("latitude"),
    longitude: doublePrecision("longitude"),
    /** E.164 numbers, the first is the one named to the client. */
    phones: text("phones").array().notNull(),
    /** Shown as is («Пн–Пт 8:00–21:00, Сб 9:00–15:00»). */
    openingHours: text("opening_hours").notNull(),
    bookingMode: clinicBookingMode("booking_mode").notNull().default("online"),
    cancellationCutoffHours: integer("cancellation_cutoff_hours").notNull().default(4),
    whatToBring: text("what_to_bring"),
    /** The company's discount on paid visits at this clinic, 0…10000 basis points. */
    companyDiscountBp: integer("company_discount_bp").notNull().default(0),
    active: boolean("active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    // Branches of one chain share a name; the name and the address tell them apart.
    uniqueIndex("clinics_name_address_key").on(table.name, table.address),
    check("clinics_discount_check", sql`${table.companyDiscountBp} between 0 and 10000`),
    check("clinics_cutoff_check", sql`${table.cancellationCutoffHours} >= 0`),
  ],
);

export const specialties = pgTable(
  "specialties",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    code: text("code").notNull(),
    /** Lower case, as it reads after a doctor's name («терапевт»). */
    name: text("name").notNull(),
  },
  (table) => [uniqueIndex("specialties_code_key").on(table.code)],
);

/** One row per doctor and clinic; years of practice follow from `practiceSince`. */
export const doctors = pgTable(
  "doctors",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    clinicId: uuid("clinic_id")
      .notNull()
      .references(() => clinics.id),
    specialtyId: uuid("specialty_id")
      .notNull()
      .references(() => specialties.id),
    lastName: text("last_name").notNull(),
    firstName: text("first_name").notNull(),
    patronymic: text("patronymic"),
    /** The year the doctor began to practise. */
    practiceSince: integer("practice_since").notNull(),
    /** The clinic's own id of the doctor: the integration API may name a doctor by it. */
    externalId: text("external_id"),
    active: boolean("active").notNull().default(true),
  },
  (table) => [
    index("doctors_clinic_idx").on(table.clinicId),
    index("doctors_specialty_idx").on(table.specialtyId),
    uniqueIndex("doctors_clinic_external_key")
      .on(table.clinicId, table.externalId)
      .where(sql`${table.externalId} is not null`),
  ],
);

/** A clinic's service with its own price; `isVisit` is what a slot of the specialty books. */
export const services = pgTable(
  "services",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    clinicId: uuid("clinic_id")
      .notNull()
      .references(() => clinics.id),
    specialtyId: uuid("specialty_id")
      .notNull()
      .references(() => specialties.id),
    code: text("code").notNull(),
    name: text("name").notNull(),
    priceKopecks: integer("price_kopecks").notNull(),
    /** Overrides the clinic's discount for this service when set. */
    companyDiscountBp: integer("company_discount_bp"),
    isVisit: boolean("is_visit").notNull().default(false),
    active: boolean("active").notNull().default(true),
  },
  (table) => [
    uniqueIndex("services_clinic_code_key").on(table.clinicId, table.code),
    // One default visit per specialty at a clinic.
    uniqueIndex("services_visit_key")
      .on(table.clinicId, table.specialtyId)
      .where(sql`${table.isVisit}`),
    check("services_price_check", sql`${table.priceKopecks} >= 0`),
    check(
      "services_discount_check",
      sql`${table.companyDiscountBp} is null or ${table.companyDiscountBp} between 0 and 10000`,
    ),
  ],
);

export const limitPeriod = pgEnum("limit_period", ["month", "quarter", "year", "contract"]);

/**
 * A program's network at a clinic: null specialty = every specialty there, null service = every
 * service of the specialty. The most specific row wins (network-entry.ts).
 */
export const programNetworkEntries = pgTable(
  "program_network_entries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    programId: uuid("program_id")
      .notNull()
      .references(() => programs.id),
    clinicId: uuid("clinic_id")
      .notNull()
      .references(() => clinics.id),
    specialtyId: uuid("specialty_id").references(() => specialties.id),
    serviceId: uuid("service_id").references(() => services.id),
    guaranteeLetterRequired: boolean("guarantee_letter_required").notNull().default(false),
    /** Null: no limit. */
    limitVisits: integer("limit_visits"),
    limitPeriod: limitPeriod("limit_period").notNull().default("year"),
  },
  (table) => [
    unique("program_network_entries_key")
      .on(table.programId, table.clinicId, table.specialtyId, table.serviceId)
      .nullsNotDistinct(),
    index("program_network_entries_clinic_idx").on(table.clinicId),
    check(
      "program_network_entries_limit_check",
      sql`${table.limitVisits} is null or ${table.limitVisits} >= 0`,
    ),
  ],
);

/** The shape of `WeeklyTemplate` in server/modules/booking/slot-generation.ts (Moscow `HH:mm`). */
type StoredWeekTemplate = {
  slotMinutes: number;
  days: {
    weekday: number;
    hours: { start: string; end: string };
    breaks: { start: string; end: string }[];
  }[];
};

/** A doctor's weekly template: exactly the `WeeklyTemplate` of slot-generation.ts. */
export const doctorWeekTemplates = pgTable("doctor_week_templates", {
  doctorId: uuid("doctor_id")
    .primaryKey()
    .references(() => doctors.id),
  template: jsonb("template").$type<StoredWeekTemplate>().notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const scheduleExceptionKind = pgEnum("schedule_exception_kind", ["leave", "sick", "other"]);

/** Leave or a sick day: the whole Moscow date when both times are null, else those hours. */
export const scheduleExceptions = pgTable(
  "schedule_exceptions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    doctorId: uuid("doctor_id")
      .notNull()
      .references(() => doctors.id),
    date: date("date").notNull(),
    startsAt: time("starts_at"),
    endsAt: time("ends_at"),
    kind: scheduleExceptionKind("kind").notNull(),
    note: text("note"),
  },
  (table) => [
    index("schedule_exceptions_doctor_idx").on(table.doctorId, table.date),
    check(
      "schedule_exceptions_hours_check",
      sql`(${table.startsAt} is null) = (${table.endsAt} is null) and (${table.startsAt} is null or ${table.startsAt} < ${table.endsAt})`,
    ),
  ],
);

export const slotSource = pgEnum("slot_source", ["template", "integration"]);

/** A stored time of a doctor; it is free when no live appointment overlaps it. */
export const slots = pgTable(
  "slots",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    doctorId: uuid("doctor_id")
      .notNull()
      .references(() => doctors.id),
    // Copied from the doctor so the search filters without joins.
    clinicId: uuid("clinic_id")
      .notNull()
      .references(() => clinics.id),
    specialtyId: uuid("specialty_id")
      .notNull()
      .references(() => specialties.id),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    source: slotSource("source").notNull().default("template"),
    externalId: text("external_id"),
  },
  (table) => [
    uniqueIndex("slots_doctor_start_key").on(table.doctorId, table.startsAt),
    // A clinic's slot (PUT /api/integration/clinic/slots) is found again by its own id.
    uniqueIndex("slots_doctor_external_key")
      .on(table.doctorId, table.externalId)
      .where(sql`${table.externalId} is not null`),
    index("slots_specialty_start_idx").on(table.specialtyId, table.startsAt),
    index("slots_clinic_start_idx").on(table.clinicId, table.startsAt),
    check("slots_range_check", sql`${table.startsAt} < ${table.endsAt}`),
  ],
);

export const appointmentStatus = pgEnum("appointment_status", [
  "requested",
  "awaiting_letter",
  "confirmed",
  "cancelled",
  "fulfilled",
  "noshow",
  "awaiting_payment",
]);
/** The time of day a request prefers. */
export const requestTimeOfDay = pgEnum("request_time_of_day", [
  "any",
  "morning",
  "afternoon",
  "evening",
]);
export const coverageKind = pgEnum("coverage_kind", ["covered", "guarantee_letter", "paid"]);
export const coveragePaidReason = pgEnum("coverage_paid_reason", [
  "not_in_network",
  "limit_used_up",
  "contract_not_active",
]);

/**
 * A covered person's visit. The doctor's time and the person's are kept apart among live
 * appointments by two exclusion constraints (migration 0011, custom part): Drizzle cannot declare
 * EXCLUDE.
 */
export const appointments = pgTable(
  "appointments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    personId: uuid("person_id")
      .notNull()
      .references(() => coveredPersons.id),
    contractId: uuid("contract_id")
      .notNull()
      .references(() => contracts.id),
    /** The account that booked it. */
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id),
    /** Null only for a request that names no doctor; the operator picks one when booking it. */
    doctorId: uuid("doctor_id").references(() => doctors.id),
    clinicId: uuid("clinic_id")
      .notNull()
      .references(() => clinics.id),
    /** The service booked; its specialty is the visit's (for a request, what the client asked). */
    serviceId: uuid("service_id")
      .notNull()
      .references(() => services.id),
    /** Null only for a request with no time yet. */
    slotId: uuid("slot_id").references(() => slots.id),
    startsAt: timestamp("starts_at", { withTimezone: true }),
    endsAt: timestamp("ends_at", { withTimezone: true }),
    status: appointmentStatus("status").notNull(),
    // The coverage decided at booking: a snapshot, prices and limits change later.
    coverageKind: coverageKind("coverage_kind").notNull(),
    coverageReason: coveragePaidReason("coverage_reason"),
    clinicPriceKopecks: integer("clinic_price_kopecks").notNull(),
    companyPriceKopecks: integer("company_price_kopecks").notNull(),
    cancelReason: text("cancel_reason"),
    // «Оставить заявку» at a clinic that takes requests only: the days and the time of day the
    // client prefers, and a note for the operator who books it by phone.
    requestDays: date("request_days").array(),
    requestTimeOfDay: requestTimeOfDay("request_time_of_day"),
    requestNote: text("request_note"),
    // The guarantee letter: its PDF in the file storage, or only the moment it was sent to the clinic.
    letterStorageKey: text("letter_storage_key"),
    letterFileName: text("letter_file_name"),
    letterSentAt: timestamp("letter_sent_at", { withTimezone: true }),
    letterById: uuid("letter_by_id").references(() => staffMembers.id),
    /** The appeal written when the operator marks the visit «Состоялась». */
    appealId: uuid("appeal_id").references(() => appeals.id),
    /** A paid visit's hold (awaiting_payment) lapses at this moment unless its order is paid. */
    holdExpiresAt: timestamp("hold_expires_at", { withTimezone: true }),
    /** The appointment a move made (this one is then cancelled). */
    movedToId: uuid("moved_to_id").references((): AnyPgColumn => appointments.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("appointments_client_idx").on(table.clientId, table.startsAt),
    index("appointments_person_idx").on(table.personId, table.startsAt),
    index("appointments_slot_idx").on(table.slotId),
    check(
      "appointments_doctor_check",
      sql`${table.status} = 'requested' or ${table.doctorId} is not null`,
    ),
    check(
      "appointments_time_check",
      sql`(${table.status} = 'requested' or ${table.startsAt} is not null) and (${table.startsAt} is null) = (${table.endsAt} is null) and (${table.startsAt} is null or ${table.startsAt} < ${table.endsAt})`,
    ),
    check(
      "appointments_hold_check",
      sql`(${table.status} = 'awaiting_payment') = (${table.holdExpiresAt} is not null)`,
    ),
    check(
      "appointments_coverage_reason_check",
      sql`(${table.coverageKind} = 'paid') = (${table.coverageReason} is not null)`,
    ),
  ],
);

export const appointmentActor = pgEnum("appointment_actor", [
  "client",
  "staff",
  "clinic",
  "system",
]);

/** An appointment's status history, written in the transaction that changes the status. */
export const appointmentEvents = pgTable(
  "appointment_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    appointmentId: uuid("appointment_id")
      .notNull()
      .references(() => appointments.id, { onDelete: "cascade" }),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    fromStatus: appointmentStatus("from_status"),
    toStatus: appointmentStatus("to_status").notNull(),
    actorKind: appointmentActor("actor_kind").notNull(),
    actorId: uuid("actor_id"),
    /** A reason the client may see. */
    reason: text("reason"),
  },
  (table) => [index("appointment_events_appointment_idx").on(table.appointmentId, table.at)],
);

export const waitlistStatus = pgEnum("waitlist_status", ["waiting", "accepted", "left"]);

/**
 * «Сообщить, если освободится раньше»: a live appointment whose client wants an earlier time with
 * the same doctor (or, doctor null, any doctor of the specialty at the clinic).
 */
export const waitlistEntries = pgTable(
  "waitlist_entries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    appointmentId: uuid("appointment_id")
      .notNull()
      .references(() => appointments.id, { onDelete: "cascade" }),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id),
    personId: uuid("person_id")
      .notNull()
      .references(() => coveredPersons.id),
    doctorId: uuid("doctor_id").references(() => doctors.id),
    clinicId: uuid("clinic_id")
      .notNull()
      .references(() => clinics.id),
    specialtyId: uuid("specialty_id")
      .notNull()
      .references(() => specialties.id),
    status: waitlistStatus("status").notNull().default("waiting"),
    joinedAt: timestamp("joined_at", { withTimezone: true }).notNull().defaultNow(),
    leftAt: timestamp("left_at", { withTimezone: true }),
  },
  (table) => [
    // One waiting entry per appointment.
    uniqueIndex("waitlist_entries_waiting_key")
      .on(table.appointmentId)
      .where(sql`${table.status} = 'waiting'`),
    index("waitlist_entries_doctor_idx")
      .on(table.doctorId, table.joinedAt)
      .where(sql`${table.status} = 'waiting'`),
    index("waitlist_entries_clinic_specialty_idx")
      .on(table.clinicId, table.specialtyId, table.joinedAt)
      .where(sql`${table.status} = 'waiting'`),
  ],
);

export const waitlistAnswer = pgEnum("waitlist_answer", ["accepted", "declined", "lapsed"]);

/** An earlier time offered to a waiting client, held for it until expires_at (15 minutes). */
export const waitlistOffers = pgTable(
  "waitlist_offers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    entryId: uuid("entry_id")
      .notNull()
      .references(() => waitlistEntries.id, { onDelete: "cascade" }),
    slotId: uuid("slot_id")
      .notNull()
      .references(() => slots.id, { onDelete: "cascade" }),
    offeredAt: timestamp("offered_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    answer: waitlistAnswer("answer"),
    answeredAt: timestamp("answered_at", { withTimezone: true }),
  },
  (table) => [
    uniqueIndex("waitlist_offers_entry_slot_key").on(table.entryId, table.slotId),
    // Booking asks whether a slot is held by an open offer to someone else.
    index("waitlist_offers_open_slot_idx")
      .on(table.slotId, table.expiresAt)
      .where(sql`${table.answer} is null`),
  ],
);
