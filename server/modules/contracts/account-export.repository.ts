import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import {
  contractHolders,
  contracts,
  coveredPersons,
  programs,
  replacementRequests,
} from "../../db/schema/index.ts";

// The contracts an account holds, for «Выгрузить мои данные» (decision 0030): only through its
// holder links (decision 0011), with every person each covered (replaced ones too) and the
// account's own replacement requests.

/** The account's contracts in the order it got them. */
export function heldContracts(db: Db, clientId: string) {
  return db
    .select({
      id: contracts.id,
      kind: contracts.kind,
      number: contracts.number,
      insurerName: contracts.insurerName,
      programCode: programs.code,
      programName: programs.name,
      startsOn: contracts.startsOn,
      endsOn: contracts.endsOn,
      annulledAt: contracts.annulledAt,
      linkSource: contractHolders.source,
      linkedAt: contractHolders.createdAt,
    })
    .from(contractHolders)
    .innerJoin(contracts, eq(contracts.id, contractHolders.contractId))
    .innerJoin(programs, eq(programs.id, contracts.programId))
    .where(eq(contractHolders.clientId, clientId))
    .orderBy(asc(contractHolders.createdAt), asc(contracts.number));
}

/** The persons of these contracts, replaced ones too, by slot and time. */
export function personsOfContracts(db: Db, contractIds: string[]) {
  if (contractIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      id: coveredPersons.id,
      contractId: coveredPersons.contractId,
      slot: coveredPersons.slot,
      lastName: coveredPersons.lastName,
      firstName: coveredPersons.firstName,
      patronymic: coveredPersons.patronymic,
      birthDate: coveredPersons.birthDate,
      phone: coveredPersons.phone,
      email: coveredPersons.email,
      replacedAt: coveredPersons.replacedAt,
    })
    .from(coveredPersons)
    .where(inArray(coveredPersons.contractId, contractIds))
    .orderBy(asc(coveredPersons.slot), asc(coveredPersons.createdAt));
}

/** The replacement requests the account made on these contracts, oldest first. */
export function replacementRequestsOfAccount(db: Db, clientId: string, contractIds: string[]) {
  if (contractIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      id: replacementRequests.id,
      contractId: replacementRequests.contractId,
      lastName: replacementRequests.lastName,
      firstName: replacementRequests.firstName,
      patronymic: replacementRequests.patronymic,
      birthDate: replacementRequests.birthDate,
      phone: replacementRequests.phone,
      email: replacementRequests.email,
      reason: replacementRequests.reason,
      status: replacementRequests.status,
      decidedAt: replacementRequests.decidedAt,
      decisionComment: replacementRequests.decisionComment,
      createdAt: replacementRequests.createdAt,
    })
    .from(replacementRequests)
    .where(
      and(
        eq(replacementRequests.clientId, clientId),
        inArray(replacementRequests.contractId, contractIds),
      ),
    )
    .orderBy(asc(replacementRequests.createdAt));
}
