import { and, eq, inArray, isNotNull } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import {
  appeals,
  appointments,
  chatConversations,
  clinics,
  doctors,
  services,
  specialties,
  staffMembers,
} from "../../db/schema/index.ts";

// «Приёмы и консультации»: a read of what already points at the card's person rows (decision
// 0024, 2); nothing is copied into the card.

export interface ChatItemRow {
  id: string;
  closedAt: Date | null;
  doctorName: string | null;
  conclusion: string | null;
}

/** Closed chats with a conclusion. */
export async function listConcludedChats(
  db: Db,
  personIds: readonly string[],
): Promise<ChatItemRow[]> {
  if (personIds.length === 0) return [];
  return db
    .select({
      id: chatConversations.id,
      closedAt: chatConversations.closedAt,
      doctorName: staffMembers.fullName,
      conclusion: chatConversations.conclusion,
    })
    .from(chatConversations)
    .leftJoin(staffMembers, eq(staffMembers.id, chatConversations.doctorId))
    .where(
      and(
        inArray(chatConversations.personId, [...personIds]),
        eq(chatConversations.status, "closed"),
        isNotNull(chatConversations.conclusion),
      ),
    );
}

export type ConsultationChannel = "phone" | "callback" | "message";

export interface AppealItemRow {
  id: string;
  channel: ConsultationChannel;
  occurredAt: Date;
  doctorName: string;
  outcome: string;
}

/**
 * Appeals of consultations held by telephone, call-back or message. A chat's appeal and a visit's
 * («Состоялась») are not listed here: the chat and the visit stand for them.
 */
export async function listConsultationAppeals(
  db: Db,
  personIds: readonly string[],
): Promise<AppealItemRow[]> {
  if (personIds.length === 0) return [];
  const rows = await db
    .select({
      id: appeals.id,
      channel: appeals.channel,
      occurredAt: appeals.occurredAt,
      doctorName: staffMembers.fullName,
      outcome: appeals.outcome,
    })
    .from(appeals)
    .innerJoin(staffMembers, eq(staffMembers.id, appeals.doctorId))
    .where(
      and(
        inArray(appeals.personId, [...personIds]),
        inArray(appeals.channel, ["phone", "callback", "message"]),
      ),
    );
  return rows.flatMap((row) =>
    row.channel === "phone" || row.channel === "callback" || row.channel === "message"
      ? [{ ...row, channel: row.channel }]
      : [],
  );
}

export interface VisitItemRow {
  id: string;
  startsAt: Date | null;
  updatedAt: Date;
  specialtyName: string;
  doctorLastName: string | null;
  doctorFirstName: string | null;
  doctorPatronymic: string | null;
  clinicName: string;
  outcome: string | null;
}

/** Visits marked «Состоялась», with the appeal written then (its text is the visit's outcome). */
export async function listHeldVisits(
  db: Db,
  personIds: readonly string[],
): Promise<VisitItemRow[]> {
  if (personIds.length === 0) return [];
  return db
    .select({
      id: appointments.id,
      startsAt: appointments.startsAt,
      updatedAt: appointments.updatedAt,
      specialtyName: specialties.name,
      doctorLastName: doctors.lastName,
      doctorFirstName: doctors.firstName,
      doctorPatronymic: doctors.patronymic,
      clinicName: clinics.name,
      outcome: appeals.outcome,
    })
    .from(appointments)
    .innerJoin(clinics, eq(clinics.id, appointments.clinicId))
    .leftJoin(doctors, eq(doctors.id, appointments.doctorId))
    .innerJoin(services, eq(services.id, appointments.serviceId))
    .innerJoin(specialties, eq(specialties.id, services.specialtyId))
    .leftJoin(appeals, eq(appeals.id, appointments.appealId))
    .where(
      and(inArray(appointments.personId, [...personIds]), eq(appointments.status, "fulfilled")),
    );
}
