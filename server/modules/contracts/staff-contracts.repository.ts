import { and, asc, desc, eq, inArray, isNull, like, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import {
  clients,
  contractHolders,
  contracts,
  coveredPersons,
  programs,
  staffMembers,
} from "../../db/schema/index.ts";
import { bareNumber } from "./contract-holders.repository.ts";

/** What a search looks for; each key present widens the result (a union). */
export interface ContractSearchKeys {
  /** Contract numbers (as typed, and upper-cased for DMS policies), with or without the series. */
  numbers: string[];
  /** E.164 phone of a covered person, current or former, or of an account holding the contract. */
  phone: string | null;
  /** A prefix of covered_persons.name_key («иванов|ив»), current or former persons. */
  nameKeyPrefix: string | null;
}

export interface ContractRow {
  id: string;
  kind: "certificate" | "dms_policy";
  number: string;
  insurerName: string | null;
  programId: string;
  programName: string;
  programMaxPersons: number;
  startsOn: string;
  endsOn: string;
}

const contractColumns = {
  id: contracts.id,
  kind: contracts.kind,
  number: contracts.number,
  insurerName: contracts.insurerName,
  programId: programs.id,
  programName: programs.name,
  programMaxPersons: programs.maxPersons,
  startsOn: contracts.startsOn,
  endsOn: contracts.endsOn,
};

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/**
 * Contracts matching any key, newest period first. Each key is answered by an index: the
 * (kind, number) key and the number without its series («30117742» for 11/30117742,
 * contracts_bare_number_idx); for a phone, covered_persons' phone index and the holders' accounts
 * (clients' phone key, then the holder links' primary key); and the name_key index (a prefix LIKE
 * uses a btree only under the C collation, which the embedded database has; a server database
 * with another collation needs a text_pattern_ops index on name_key).
 */
export async function searchContracts(
  db: Db,
  keys: ContractSearchKeys,
  page: { limit: number; offset: number },
): Promise<{ rows: ContractRow[]; hasMore: boolean }> {
  const matches = [];
  if (keys.numbers.length > 0) {
    matches.push(
      db
        .select({ id: contracts.id })
        .from(contracts)
        .where(
          and(
            // Naming both kinds lets the (kind, number) unique index answer.
            inArray(contracts.kind, ["certificate", "dms_policy"]),
            inArray(contracts.number, keys.numbers),
          ),
        ),
      db.select({ id: contracts.id }).from(contracts).where(inArray(bareNumber, keys.numbers)),
    );
  }
  if (keys.phone) {
    matches.push(
      db
        .select({ id: coveredPersons.contractId })
        .from(coveredPersons)
        .where(eq(coveredPersons.phone, keys.phone)),
      db
        .select({ id: contractHolders.contractId })
        .from(contractHolders)
        .innerJoin(clients, eq(clients.id, contractHolders.clientId))
        .where(eq(clients.phone, keys.phone)),
    );
  }
  if (keys.nameKeyPrefix) {
    matches.push(
      db
        .select({ id: coveredPersons.contractId })
        .from(coveredPersons)
        .where(like(coveredPersons.nameKey, `${escapeLike(keys.nameKeyPrefix)}%`)),
    );
  }
  if (matches.length === 0) return { rows: [], hasMore: false };
  const rows = await db
    .select(contractColumns)
    .from(contracts)
    .innerJoin(programs, eq(programs.id, contracts.programId))
    .where(sql`${contracts.id} in (${sql.join(matches, sql` union `)})`)
    .orderBy(desc(contracts.startsOn), asc(contracts.number))
    .limit(page.limit + 1)
    .offset(page.offset);
  return { rows: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
}

export interface PersonName {
  contractId: string;
  slot: number;
  lastName: string;
  firstName: string;
  patronymic: string | null;
}

/** The current persons of some contracts, slot 1 first (the partial unique index answers). */
export async function listCurrentPersonNames(db: Db, contractIds: string[]): Promise<PersonName[]> {
  if (contractIds.length === 0) return [];
  return db
    .select({
      contractId: coveredPersons.contractId,
      slot: coveredPersons.slot,
      lastName: coveredPersons.lastName,
      firstName: coveredPersons.firstName,
      patronymic: coveredPersons.patronymic,
    })
    .from(coveredPersons)
    .where(and(inArray(coveredPersons.contractId, contractIds), isNull(coveredPersons.replacedAt)))
    .orderBy(asc(coveredPersons.slot));
}

export async function findContract(db: Db, id: string): Promise<ContractRow | null> {
  const [row] = await db
    .select(contractColumns)
    .from(contracts)
    .innerJoin(programs, eq(programs.id, contracts.programId))
    .where(eq(contracts.id, id));
  return row ?? null;
}

export interface PersonRow {
  id: string;
  slot: number;
  lastName: string;
  firstName: string;
  patronymic: string | null;
  birthDate: string;
  phone: string | null;
  email: string | null;
  replacedAt: Date | null;
}

const personColumns = {
  id: coveredPersons.id,
  slot: coveredPersons.slot,
  lastName: coveredPersons.lastName,
  firstName: coveredPersons.firstName,
  patronymic: coveredPersons.patronymic,
  birthDate: coveredPersons.birthDate,
  phone: coveredPersons.phone,
  email: coveredPersons.email,
  replacedAt: coveredPersons.replacedAt,
};

/** Every person a contract covers or covered: current ones first, by slot, then the replaced. */
export async function listContractPersons(db: Db, contractId: string): Promise<PersonRow[]> {
  return db
    .select(personColumns)
    .from(coveredPersons)
    .where(eq(coveredPersons.contractId, contractId))
    .orderBy(
      sql`${coveredPersons.replacedAt} is not null`,
      asc(coveredPersons.slot),
      desc(coveredPersons.replacedAt),
    );
}

/** Doctors who can be named on an appeal: active accounts, by name. */
export async function listDoctors(db: Db): Promise<{ id: string; fullName: string }[]> {
  return db
    .select({ id: staffMembers.id, fullName: staffMembers.fullName })
    .from(staffMembers)
    .where(and(eq(staffMembers.role, "doctor"), isNull(staffMembers.disabledAt)))
    .orderBy(asc(staffMembers.fullName));
}
