import { and, desc, eq, isNull } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { AppealChannel, StaffAppeal } from "../../../common/appeals/appeals.schema.ts";
import { fullName } from "../../../common/format/person-name.ts";
import type { Db } from "../../db/client.ts";
import {
  appeals,
  contracts,
  coveredPersons,
  serviceTypes,
  staffMembers,
} from "../../db/schema/index.ts";

const doctors = alias(staffMembers, "doctors");
const authors = alias(staffMembers, "authors");

/** A contract's appeals, newest first (the appeals_contract_idx answers). */
export async function listContractAppeals(db: Db, contractId: string): Promise<StaffAppeal[]> {
  const rows = await db
    .select({
      id: appeals.id,
      occurredAt: appeals.occurredAt,
      serviceTypeName: serviceTypes.name,
      personId: appeals.personId,
      lastName: coveredPersons.lastName,
      firstName: coveredPersons.firstName,
      patronymic: coveredPersons.patronymic,
      doctorName: doctors.fullName,
      channel: appeals.channel,
      outcome: appeals.outcome,
      createdByName: authors.fullName,
    })
    .from(appeals)
    .innerJoin(serviceTypes, eq(serviceTypes.id, appeals.serviceTypeId))
    .innerJoin(coveredPersons, eq(coveredPersons.id, appeals.personId))
    .innerJoin(doctors, eq(doctors.id, appeals.doctorId))
    .innerJoin(authors, eq(authors.id, appeals.createdById))
    .where(eq(appeals.contractId, contractId))
    .orderBy(desc(appeals.occurredAt), desc(appeals.createdAt));
  return rows.map(({ lastName, firstName, patronymic, occurredAt, ...row }) => ({
    ...row,
    occurredAt: occurredAt.toISOString(),
    personName: fullName({ lastName, firstName, patronymic }),
  }));
}

/** Whether a contract with this id exists. */
export async function contractExists(db: Db, contractId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: contracts.id })
    .from(contracts)
    .where(eq(contracts.id, contractId));
  return row !== undefined;
}

/** A person this contract covers or covered, or null. */
export async function findContractPerson(
  db: Db,
  contractId: string,
  personId: string,
): Promise<{ id: string } | null> {
  const [row] = await db
    .select({ id: coveredPersons.id })
    .from(coveredPersons)
    .where(and(eq(coveredPersons.id, personId), eq(coveredPersons.contractId, contractId)));
  return row ?? null;
}

/** An active doctor's account, or null. */
export async function findActiveDoctor(db: Db, staffId: string): Promise<{ id: string } | null> {
  const [row] = await db
    .select({ id: staffMembers.id })
    .from(staffMembers)
    .where(
      and(
        eq(staffMembers.id, staffId),
        eq(staffMembers.role, "doctor"),
        isNull(staffMembers.disabledAt),
      ),
    );
  return row ?? null;
}

export async function insertAppeal(
  db: Db,
  values: {
    contractId: string;
    personId: string;
    serviceTypeId: string;
    doctorId: string;
    channel: AppealChannel;
    occurredAt: Date;
    outcome: string;
    createdById: string;
  },
): Promise<string> {
  const [row] = await db.insert(appeals).values(values).returning({ id: appeals.id });
  if (!row) throw new Error("the appeal was not stored");
  return row.id;
}
