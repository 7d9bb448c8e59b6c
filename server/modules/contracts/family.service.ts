import { todayInMoscow } from "../../../common/format/date.ts";
import type { Db } from "../../db/client.ts";
import { findAccountIdentity } from "./contracts.repository.ts";
import { type FamilyPersonRow, listHeldPersonRows } from "./family.repository.ts";
import { actedFor, type FamilyRelation } from "./family.ts";

/** A covered-person row the account acts for, and how (decision 0031). */
export type FamilyPerson = FamilyPersonRow & { relation: FamilyRelation };

/**
 * The person rows the account acts for on `today` in Moscow: its own and those of its children
 * under 15 on the contracts it holds (replaced rows included, for their history). Booking, chats
 * and cards reach a person only through this list.
 */
export async function familyPersons(
  db: Db,
  clientId: string,
  today = todayInMoscow(),
): Promise<FamilyPerson[]> {
  const [account, rows] = await Promise.all([
    findAccountIdentity(db, clientId),
    listHeldPersonRows(db, clientId),
  ]);
  return account ? actedFor(account, rows, today) : [];
}

/** The ids of `familyPersons`: what a query of the account's own rows is narrowed to. */
export async function familyPersonIds(
  db: Db,
  clientId: string,
  today = todayInMoscow(),
): Promise<string[]> {
  return (await familyPersons(db, clientId, today)).map((person) => person.id);
}
