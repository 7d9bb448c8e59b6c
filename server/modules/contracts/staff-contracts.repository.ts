import { and, asc, desc, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
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
  annulledAt: contracts.annulledAt,
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
): Promise<{
  rows: (ContractRow & { persons: Omit<PersonName, "contractId">[] })[];
  hasMore: boolean;
}> {
  const shape = {
    numbers: keys.numbers.length > 0,
    phone: keys.phone !== null,
    name: keys.nameKeyPrefix !== null,
  };
  if (!shape.numbers && !shape.phone && !shape.name) return { rows: [], hasMore: false };
  const rows = await searchStatement(db, shape).execute({
    numbers: keys.numbers,
    phone: keys.phone,
    namePattern: keys.nameKeyPrefix === null ? null : `${escapeLike(keys.nameKeyPrefix)}%`,
    limit: page.limit + 1,
    offset: page.offset,
  });
  return { rows: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
}

type SearchShape = { numbers: boolean; phone: boolean; name: boolean };

/**
 * The search for one combination of keys, prepared once per database (at most 7 of them; the
 * numbers go as one array, so their count does not make another statement).
 */
function buildSearch(db: Db, shape: SearchShape) {
  const numbers = sql`${sql.placeholder("numbers")}::text[]`;
  const phone = sql`${sql.placeholder("phone")}::text`;
  const matches: SQL[] = [];
  if (shape.numbers) {
    matches.push(
      // Naming both kinds lets the (kind, number) unique index answer.
      sql`select ${contracts.id} from ${contracts} where ${inArray(contracts.kind, ["certificate", "dms_policy"])} and ${contracts.number} = any(${numbers})`,
      sql`select ${contracts.id} from ${contracts} where ${bareNumber} = any(${numbers})`,
    );
  }
  if (shape.phone) {
    matches.push(
      sql`select ${coveredPersons.contractId} from ${coveredPersons} where ${coveredPersons.phone} = ${phone}`,
      sql`select ${contractHolders.contractId} from ${contractHolders} inner join ${clients} on ${clients.id} = ${contractHolders.clientId} where ${clients.phone} = ${phone}`,
    );
  }
  if (shape.name) {
    matches.push(
      sql`select ${coveredPersons.contractId} from ${coveredPersons} where ${coveredPersons.nameKey} like ${sql.placeholder("namePattern")}::text`,
    );
  }
  const name = `staff_contract_search_${shape.numbers ? "n" : ""}${shape.phone ? "p" : ""}${shape.name ? "k" : ""}`;
  return db
    .select({
      ...contractColumns,
      // The current persons beside each contract, slot 1 first: no second round trip.
      persons: sql<
        Omit<PersonName, "contractId">[]
      >`(select coalesce(json_agg(json_build_object('slot', ${coveredPersons.slot}, 'lastName', ${coveredPersons.lastName}, 'firstName', ${coveredPersons.firstName}, 'patronymic', ${coveredPersons.patronymic}) order by ${coveredPersons.slot}), '[]') from ${coveredPersons} where ${coveredPersons.contractId} = ${contracts.id} and ${coveredPersons.replacedAt} is null)`,
    })
    .from(contracts)
    .innerJoin(programs, eq(programs.id, contracts.programId))
    .where(sql`${contracts.id} in (${sql.join(matches, sql` union `)})`)
    .orderBy(desc(contracts.startsOn), asc(contracts.number))
    .limit(sql.placeholder("limit"))
    .offset(sql.placeholder("offset"))
    .prepare(name);
}

const searchStatements = new WeakMap<Db, Map<string, ReturnType<typeof buildSearch>>>();

function searchStatement(db: Db, shape: SearchShape) {
  let kept = searchStatements.get(db);
  if (!kept) {
    kept = new Map();
    searchStatements.set(db, kept);
  }
  const key = `${shape.numbers}/${shape.phone}/${shape.name}`;
  let statement = kept.get(key);
  if (!statement) {
    statement = buildSearch(db, shape);
    kept.set(key, statement);
  }
  return statement;
}

export interface PersonName {
  contractId: string;
  slot: number;
  lastName: string;
  firstName: string;
  patronymic: string | null;
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
