import { asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import {
  appeals,
  contracts,
  coveredPersons,
  serviceTypes,
  staffMembers,
} from "../../db/schema/index.ts";

/** «Обращения» of these contracts (the ones an account holds), oldest first, with their names. */
export function appealsOfContracts(db: Db, contractIds: string[]) {
  if (contractIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      id: appeals.id,
      contractNumber: contracts.number,
      personName: sql<string>`concat_ws(' ', ${coveredPersons.lastName}, ${coveredPersons.firstName}, ${coveredPersons.patronymic})`,
      serviceType: serviceTypes.name,
      doctorName: staffMembers.fullName,
      channel: appeals.channel,
      occurredAt: appeals.occurredAt,
      outcome: appeals.outcome,
    })
    .from(appeals)
    .innerJoin(contracts, eq(contracts.id, appeals.contractId))
    .innerJoin(coveredPersons, eq(coveredPersons.id, appeals.personId))
    .innerJoin(serviceTypes, eq(serviceTypes.id, appeals.serviceTypeId))
    .innerJoin(staffMembers, eq(staffMembers.id, appeals.doctorId))
    .where(inArray(appeals.contractId, contractIds))
    .orderBy(asc(appeals.occurredAt), asc(appeals.id));
}
