import { and, inArray, isNull, type SQL, sql } from "drizzle-orm";
import type { ContractKind } from "../../../../common/contracts/import.schema.ts";
import type { Db } from "../../../db/client.ts";
import { contracts, coveredPersons, programs } from "../../../db/schema/index.ts";

// Each statement stays well below PostgreSQL's 65,535 bind parameters.
const LOOKUP_CHUNK = 1000;
const WRITE_CHUNK = 500;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    result.push(items.slice(start, start + size));
  }
  return result;
}

export interface ProgramRef {
  id: string;
  code: string;
  name: string;
  maxPersons: number;
}

export async function findProgramsByCodes(db: Db, codes: string[]): Promise<ProgramRef[]> {
  if (codes.length === 0) return [];
  const found: ProgramRef[] = [];
  for (const part of chunks(codes, LOOKUP_CHUNK)) {
    found.push(
      ...(await db
        .select({
          id: programs.id,
          code: programs.code,
          name: programs.name,
          maxPersons: programs.maxPersons,
        })
        .from(programs)
        .where(inArray(programs.code, part))),
    );
  }
  return found;
}

export interface ExistingContract {
  id: string;
  kind: ContractKind;
  number: string;
  insurerName: string | null;
  programId: string;
  startsOn: string;
  endsOn: string;
}

/** The stored contracts with these numbers (of either kind). */
export async function findContractsByNumbers(
  db: Db,
  numbers: string[],
): Promise<ExistingContract[]> {
  const found: ExistingContract[] = [];
  for (const part of chunks(numbers, LOOKUP_CHUNK)) {
    found.push(
      ...(await db
        .select({
          id: contracts.id,
          kind: contracts.kind,
          number: contracts.number,
          insurerName: contracts.insurerName,
          programId: contracts.programId,
          startsOn: contracts.startsOn,
          endsOn: contracts.endsOn,
        })
        .from(contracts)
        .where(inArray(contracts.number, part))),
    );
  }
  return found;
}

export interface CurrentPerson {
  id: string;
  contractId: string;
  slot: number;
  lastName: string;
  firstName: string;
  patronymic: string | null;
  birthDate: string;
  phone: string | null;
  email: string | null;
  nameKey: string;
}

/** The persons now in the slots of these contracts (replaced ones left out). */
export async function findCurrentPersons(db: Db, contractIds: string[]): Promise<CurrentPerson[]> {
  const found: CurrentPerson[] = [];
  for (const part of chunks(contractIds, LOOKUP_CHUNK)) {
    found.push(
      ...(await db
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
          nameKey: coveredPersons.nameKey,
        })
        .from(coveredPersons)
        .where(and(inArray(coveredPersons.contractId, part), isNull(coveredPersons.replacedAt)))),
    );
  }
  return found;
}

export type NewContract = Omit<ExistingContract, "id">;

/** Inserts contracts in multi-row statements; their ids by `kind|number`. */
export async function insertContracts(db: Db, values: NewContract[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const part of chunks(values, WRITE_CHUNK)) {
    const rows = await db
      .insert(contracts)
      .values(part)
      .returning({ id: contracts.id, kind: contracts.kind, number: contracts.number });
    for (const row of rows) ids.set(`${row.kind}|${row.number}`, row.id);
  }
  return ids;
}

/** Rewrites the fields of stored contracts, many per statement. */
export async function updateContracts(db: Db, values: ExistingContract[]): Promise<void> {
  for (const part of chunks(values, WRITE_CHUNK)) {
    const rows = sql.join(
      part.map(
        (value) =>
          sql`(${value.id}::uuid, ${value.insurerName}::text, ${value.programId}::uuid, ${value.startsOn}::date, ${value.endsOn}::date)`,
      ),
      sql`, `,
    );
    await db.execute(sql`
      update ${contracts} as c
      set insurer_name = v.insurer_name, program_id = v.program_id, starts_on = v.starts_on,
          ends_on = v.ends_on, updated_at = now()
      from (values ${rows}) as v(id, insurer_name, program_id, starts_on, ends_on)
      where c.id = v.id`);
  }
}

export type NewPerson = Omit<CurrentPerson, "id">;

export async function insertPersons(db: Db, values: NewPerson[]): Promise<void> {
  for (const part of chunks(values, WRITE_CHUNK)) {
    await db.insert(coveredPersons).values(part);
  }
}

/** Rewrites the spelling, phone and e-mail of stored persons, many per statement. */
export async function updatePersons(db: Db, values: CurrentPerson[]): Promise<void> {
  for (const part of chunks(values, WRITE_CHUNK)) {
    const rows = sql.join(
      part.map(
        (value) =>
          sql`(${value.id}::uuid, ${value.lastName}::text, ${value.firstName}::text, ${value.patronymic}::text, ${value.phone}::text, ${value.email}::text, ${value.nameKey}::text)`,
      ),
      sql`, `,
    );
    await db.execute(sql`
      update ${coveredPersons} as p
      set last_name = v.last_name, first_name = v.first_name, patronymic = v.patronymic,
          phone = v.phone, email = v.email, name_key = v.name_key, updated_at = now()
      from (values ${rows}) as v(id, last_name, first_name, patronymic, phone, email, name_key)
      where p.id = v.id`);
  }
}

/** Takes persons out of their slots; the rows stay for the appeals that point at them. */
export async function markPersonsReplaced(db: Db, ids: string[], at: Date): Promise<void> {
  for (const part of chunks(ids, LOOKUP_CHUNK)) {
    const where: SQL | undefined = and(
      inArray(coveredPersons.id, part),
      isNull(coveredPersons.replacedAt),
    );
    await db.update(coveredPersons).set({ replacedAt: at, updatedAt: at }).where(where);
  }
}
