import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { contractHolders, contracts, coveredPersons } from "../../db/schema/index.ts";

/** A covered person on one of the account's contracts, as the family rule reads it. */
export interface FamilyPersonRow {
  id: string;
  contractId: string;
  slot: number;
  lastName: string;
  firstName: string;
  patronymic: string | null;
  birthDate: string;
  nameKey: string;
  phone: string | null;
  replaced: boolean;
}

/**
 * Every person row, replaced ones included, of the contracts the account holds that still cover
 * anyone (an annulled certificate covers no one).
 */
export async function listHeldPersonRows(db: Db, clientId: string): Promise<FamilyPersonRow[]> {
  return db
    .select({
      id: coveredPersons.id,
      contractId: coveredPersons.contractId,
      slot: coveredPersons.slot,
      lastName: coveredPersons.lastName,
      firstName: coveredPersons.firstName,
      patronymic: coveredPersons.patronymic,
      birthDate: coveredPersons.birthDate,
      nameKey: coveredPersons.nameKey,
      phone: coveredPersons.phone,
      replaced: sql<boolean>`${coveredPersons.replacedAt} is not null`,
    })
    .from(contractHolders)
    .innerJoin(contracts, eq(contracts.id, contractHolders.contractId))
    .innerJoin(coveredPersons, eq(coveredPersons.contractId, contracts.id))
    .where(and(eq(contractHolders.clientId, clientId), isNull(contracts.annulledAt)))
    .orderBy(asc(coveredPersons.birthDate), asc(coveredPersons.id));
}
