import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { contractHolders, coveredPersons } from "../../db/schema/index.ts";

/** The accounts holding a contract the covered person is on (a clinic's document may be theirs to see). */
export async function findHoldersOfPerson(db: Db, personId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ clientId: contractHolders.clientId })
    .from(contractHolders)
    .innerJoin(coveredPersons, eq(coveredPersons.contractId, contractHolders.contractId))
    .where(eq(coveredPersons.id, personId));
  return rows.map((row) => row.clientId);
}
