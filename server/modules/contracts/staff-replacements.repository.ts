import { and, desc, eq, isNull } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { personNameKey } from "../../../common/contracts/person-match.ts";
import type {
  ReplacementDetail,
  ReplacementStatus,
  ReplacementSummary,
} from "../../../common/contracts/staff-contracts.schema.ts";
import { fullName } from "../../../common/format/person-name.ts";
import type { Db } from "../../db/client.ts";
import {
  clients,
  contracts,
  coveredPersons,
  programs,
  replacementRequests,
  staffMembers,
} from "../../db/schema/index.ts";

const replaced = alias(coveredPersons, "replaced_person");

const summaryColumns = {
  id: replacementRequests.id,
  contractId: replacementRequests.contractId,
  contractNumber: contracts.number,
  contractKind: contracts.kind,
  currentLastName: replaced.lastName,
  currentFirstName: replaced.firstName,
  currentPatronymic: replaced.patronymic,
  lastName: replacementRequests.lastName,
  firstName: replacementRequests.firstName,
  patronymic: replacementRequests.patronymic,
  birthDate: replacementRequests.birthDate,
  reason: replacementRequests.reason,
  status: replacementRequests.status,
  createdAt: replacementRequests.createdAt,
  decidedAt: replacementRequests.decidedAt,
  decidedByName: staffMembers.fullName,
  decisionComment: replacementRequests.decisionComment,
};

function summaries(db: Db) {
  return db
    .select(summaryColumns)
    .from(replacementRequests)
    .innerJoin(contracts, eq(contracts.id, replacementRequests.contractId))
    .innerJoin(replaced, eq(replaced.id, replacementRequests.personId))
    .leftJoin(staffMembers, eq(staffMembers.id, replacementRequests.decidedById));
}

type SummaryRow = Awaited<ReturnType<typeof summaries>>[number];

function toSummary(row: SummaryRow): ReplacementSummary {
  return {
    id: row.id,
    contractId: row.contractId,
    contractNumber: row.contractNumber,
    contractKind: row.contractKind,
    currentPersonName: fullName({
      lastName: row.currentLastName,
      firstName: row.currentFirstName,
      patronymic: row.currentPatronymic,
    }),
    requestedName: fullName(row),
    requestedBirthDate: row.birthDate,
    reason: row.reason,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    decidedAt: row.decidedAt ? row.decidedAt.toISOString() : null,
    decidedByName: row.decidedByName,
    decisionComment: row.decisionComment,
  };
}

/** The queue: oldest pending first (they wait longest); decided ones newest decision first. */
export async function listReplacementRequests(
  db: Db,
  filter: { status: ReplacementStatus | "all"; limit: number; offset: number },
): Promise<{ requests: ReplacementSummary[]; hasMore: boolean }> {
  const rows = await summaries(db)
    .where(filter.status === "all" ? undefined : eq(replacementRequests.status, filter.status))
    .orderBy(
      ...(filter.status === "pending"
        ? [replacementRequests.createdAt]
        : [desc(replacementRequests.createdAt)]),
      replacementRequests.id,
    )
    .limit(filter.limit + 1)
    .offset(filter.offset);
  return {
    requests: rows.slice(0, filter.limit).map(toSummary),
    hasMore: rows.length > filter.limit,
  };
}

/** A contract's requests, newest first. */
export async function listContractReplacementRequests(
  db: Db,
  contractId: string,
): Promise<ReplacementSummary[]> {
  const rows = await summaries(db)
    .where(eq(replacementRequests.contractId, contractId))
    .orderBy(desc(replacementRequests.createdAt));
  return rows.map(toSummary);
}

/** One request with the requested person's contacts and the requester's phone, or null. */
export async function findReplacementRequest(
  db: Db,
  id: string,
): Promise<ReplacementDetail | null> {
  const [row] = await db
    .select({
      ...summaryColumns,
      phone: replacementRequests.phone,
      email: replacementRequests.email,
      startsOn: contracts.startsOn,
      endsOn: contracts.endsOn,
      programName: programs.name,
      requesterPhone: clients.phone,
      person: {
        id: replaced.id,
        slot: replaced.slot,
        lastName: replaced.lastName,
        firstName: replaced.firstName,
        patronymic: replaced.patronymic,
        birthDate: replaced.birthDate,
        phone: replaced.phone,
        email: replaced.email,
        replacedAt: replaced.replacedAt,
      },
    })
    .from(replacementRequests)
    .innerJoin(contracts, eq(contracts.id, replacementRequests.contractId))
    .innerJoin(replaced, eq(replaced.id, replacementRequests.personId))
    .leftJoin(staffMembers, eq(staffMembers.id, replacementRequests.decidedById))
    .innerJoin(programs, eq(programs.id, contracts.programId))
    .innerJoin(clients, eq(clients.id, replacementRequests.clientId))
    .where(eq(replacementRequests.id, id));
  if (!row) return null;
  return {
    ...toSummary(row),
    requested: {
      lastName: row.lastName,
      firstName: row.firstName,
      patronymic: row.patronymic,
      birthDate: row.birthDate,
      phone: row.phone,
      email: row.email,
    },
    currentPerson: {
      ...row.person,
      fullName: fullName(row.person),
      replacedAt: row.person.replacedAt ? row.person.replacedAt.toISOString() : null,
    },
    contractStartsOn: row.startsOn,
    contractEndsOn: row.endsOn,
    programName: row.programName,
    requesterPhone: row.requesterPhone,
  };
}

/**
 * Marks a pending request decided; false when it was decided already (also when two staff
 * members decide at once: only one update matches status = pending).
 */
export async function markDecided(
  db: Db,
  id: string,
  decision: { status: "approved" | "rejected"; staffId: string; comment: string | null; at: Date },
): Promise<{ clientId: string } | null> {
  const [row] = await db
    .update(replacementRequests)
    .set({
      status: decision.status,
      decidedById: decision.staffId,
      decidedAt: decision.at,
      decisionComment: decision.comment,
    })
    .where(and(eq(replacementRequests.id, id), eq(replacementRequests.status, "pending")))
    .returning({ clientId: replacementRequests.clientId });
  return row ?? null;
}

/** The requested person, as stored on the request. */
export async function findRequestedPerson(db: Db, id: string) {
  const [row] = await db
    .select({
      contractId: replacementRequests.contractId,
      lastName: replacementRequests.lastName,
      firstName: replacementRequests.firstName,
      patronymic: replacementRequests.patronymic,
      birthDate: replacementRequests.birthDate,
      phone: replacementRequests.phone,
      email: replacementRequests.email,
    })
    .from(replacementRequests)
    .where(eq(replacementRequests.id, id));
  return row ?? null;
}

/**
 * «Пациент 1» becomes the requested person: the current slot-1 row is kept, marked replaced (its
 * appeals still point at it), and a new row takes the slot.
 */
export async function replaceFirstPerson(
  db: Db,
  contractId: string,
  person: {
    lastName: string;
    firstName: string;
    patronymic: string | null;
    birthDate: string;
    phone: string | null;
    email: string | null;
  },
  at: Date,
): Promise<string> {
  await db
    .update(coveredPersons)
    .set({ replacedAt: at, updatedAt: at })
    .where(
      and(
        eq(coveredPersons.contractId, contractId),
        eq(coveredPersons.slot, 1),
        isNull(coveredPersons.replacedAt),
      ),
    );
  const [row] = await db
    .insert(coveredPersons)
    .values({
      contractId,
      slot: 1,
      ...person,
      nameKey: personNameKey(person.lastName, person.firstName, person.patronymic),
      createdAt: at,
      updatedAt: at,
    })
    .returning({ id: coveredPersons.id });
  if (!row) throw new Error("the new person was not stored");
  return row.id;
}
