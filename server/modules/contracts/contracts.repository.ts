import { type AnyColumn, and, desc, eq, isNull, type SQL, sql } from "drizzle-orm";
import { personNameKey } from "../../../common/contracts/person-match.ts";
import type { Db } from "../../db/client.ts";
import { preparedPerDatabase } from "../../db/prepared.ts";
import {
  appeals,
  clients,
  contractHolders,
  contracts,
  coveredPersons,
  programs,
  replacementRequests,
  serviceTypes,
  staffMembers,
} from "../../db/schema/index.ts";

/**
 * The signed-in account: its id decides what it sees (through its holder links); its phone, name
 * key and birth date only tell whether it is a contract's «Пациент 1» (see isPatient1).
 */
export interface AccountIdentity {
  clientId: string;
  phone: string;
  nameKey: string;
  birthDate: string;
}

export async function findAccountIdentity(
  db: Db,
  clientId: string,
): Promise<AccountIdentity | null> {
  const [row] = await db
    .select({
      phone: clients.phone,
      lastName: clients.lastName,
      firstName: clients.firstName,
      patronymic: clients.patronymic,
      birthDate: clients.birthDate,
    })
    .from(clients)
    .where(eq(clients.id, clientId));
  if (!row) return null;
  return {
    clientId,
    phone: row.phone,
    nameKey: personNameKey(row.lastName, row.firstName, row.patronymic),
    birthDate: row.birthDate,
  };
}

/**
 * The account holds the contract of the outer query: a stored holder link, and nothing else (a
 * name and birth date never reveal a contract; decision 0011). The link table's primary key
 * (client_id, contract_id) answers it.
 */
function matchesAccount(who: Pick<AccountIdentity, "clientId">): SQL {
  return sql`exists (select 1 from ${contractHolders} where ${contractHolders.contractId} = ${contracts.id} and ${contractHolders.clientId} = ${who.clientId})`;
}

export interface ContractListRow {
  id: string;
  kind: "certificate" | "dms_policy";
  number: string;
  programName: string;
  startsOn: string;
  endsOn: string;
}

/** The account of the outer query holds the contract (`matchesAccount` for a prepared one). */
const heldByPlaceholder = sql`exists (select 1 from ${contractHolders} where ${contractHolders.contractId} = ${contracts.id} and ${contractHolders.clientId} = ${sql.placeholder("clientId")})`;

/** «Мои договоры», prepared once per database: the first read after sign-in and on every return. */
const visibleContracts = preparedPerDatabase((db) =>
  db
    .select({
      id: contracts.id,
      kind: contracts.kind,
      number: contracts.number,
      programName: programs.name,
      startsOn: contracts.startsOn,
      endsOn: contracts.endsOn,
      annulledAt: contracts.annulledAt,
    })
    .from(contracts)
    .innerJoin(programs, eq(programs.id, contracts.programId))
    .where(heldByPlaceholder)
    .orderBy(desc(contracts.startsOn), desc(contracts.createdAt))
    .prepare("contracts_visible_list"),
);

/** The contracts an account sees, newest first by start date. */
export async function listVisibleContracts(
  db: Db,
  who: Pick<AccountIdentity, "clientId">,
): Promise<ContractListRow[]> {
  return visibleContracts(db).execute({ clientId: who.clientId });
}

export interface ContractRow {
  id: string;
  kind: "certificate" | "dms_policy";
  number: string;
  insurerName: string | null;
  startsOn: string;
  endsOn: string;
  /** An online certificate refunded before its start (see contractStatus). */
  annulledAt: Date | null;
  program: {
    id: string;
    name: string;
    description: string;
    coverage: string;
    maxPersons: number;
  };
}

/** One contract, only when the account sees it. */
export async function findVisibleContract(
  db: Db,
  who: Pick<AccountIdentity, "clientId">,
  contractId: string,
): Promise<ContractRow | null> {
  const [row] = await db
    .select({
      id: contracts.id,
      kind: contracts.kind,
      number: contracts.number,
      insurerName: contracts.insurerName,
      startsOn: contracts.startsOn,
      endsOn: contracts.endsOn,
      annulledAt: contracts.annulledAt,
      program: {
        id: programs.id,
        name: programs.name,
        description: programs.description,
        coverage: programs.coverage,
        maxPersons: programs.maxPersons,
      },
    })
    .from(contracts)
    .innerJoin(programs, eq(programs.id, contracts.programId))
    .where(and(eq(contracts.id, contractId), matchesAccount(who)));
  return row ?? null;
}

export interface CurrentPersonRow {
  id: string;
  slot: number;
  lastName: string;
  firstName: string;
  patronymic: string | null;
  birthDate: string;
  phone: string | null;
  nameKey: string;
}

/** The contract's current persons (not replaced), by slot. */
export async function listCurrentPersons(db: Db, contractId: string): Promise<CurrentPersonRow[]> {
  return db
    .select({
      id: coveredPersons.id,
      slot: coveredPersons.slot,
      lastName: coveredPersons.lastName,
      firstName: coveredPersons.firstName,
      patronymic: coveredPersons.patronymic,
      birthDate: coveredPersons.birthDate,
      phone: coveredPersons.phone,
      nameKey: coveredPersons.nameKey,
    })
    .from(coveredPersons)
    .where(and(eq(coveredPersons.contractId, contractId), isNull(coveredPersons.replacedAt)))
    .orderBy(coveredPersons.slot);
}

export interface AppealRow {
  id: string;
  occurredAt: Date;
  serviceType: string;
  personFirstName: string;
  personPatronymic: string | null;
  doctorName: string;
  channel: "phone" | "chat" | "message" | "callback" | "clinic";
  outcome: string;
}

/** The contract's appeals, newest first. */
export async function listContractAppeals(db: Db, contractId: string): Promise<AppealRow[]> {
  return db
    .select({
      id: appeals.id,
      occurredAt: appeals.occurredAt,
      serviceType: serviceTypes.name,
      personFirstName: coveredPersons.firstName,
      personPatronymic: coveredPersons.patronymic,
      doctorName: staffMembers.fullName,
      channel: appeals.channel,
      outcome: appeals.outcome,
    })
    .from(appeals)
    .innerJoin(serviceTypes, eq(serviceTypes.id, appeals.serviceTypeId))
    .innerJoin(coveredPersons, eq(coveredPersons.id, appeals.personId))
    .innerJoin(staffMembers, eq(staffMembers.id, appeals.doctorId))
    .where(eq(appeals.contractId, contractId))
    .orderBy(desc(appeals.occurredAt));
}

export interface ReplacementRequestRow {
  id: string;
  /** The account that sent it. */
  clientId: string;
  status: "pending" | "approved" | "rejected";
  lastName: string;
  firstName: string;
  patronymic: string | null;
  createdAt: Date;
  decidedAt: Date | null;
  decisionComment: string | null;
}

/**
 * The open request to replace «Пациент 1», or else the newest decided one; with `requesterId`,
 * only among the requests that account sent.
 */
export async function findLatestReplacementRequest(
  db: Db,
  contractId: string,
  requesterId?: string,
): Promise<ReplacementRequestRow | null> {
  const [row] = await db
    .select({
      id: replacementRequests.id,
      clientId: replacementRequests.clientId,
      status: replacementRequests.status,
      lastName: replacementRequests.lastName,
      firstName: replacementRequests.firstName,
      patronymic: replacementRequests.patronymic,
      createdAt: replacementRequests.createdAt,
      decidedAt: replacementRequests.decidedAt,
      decisionComment: replacementRequests.decisionComment,
    })
    .from(replacementRequests)
    .where(
      and(
        eq(replacementRequests.contractId, contractId),
        requesterId ? eq(replacementRequests.clientId, requesterId) : undefined,
      ),
    )
    .orderBy(
      sql`case when ${replacementRequests.status} = 'pending' then 0 else 1 end`,
      desc(replacementRequests.createdAt),
    )
    .limit(1);
  return row ?? null;
}

const isoTime = (column: SQL | AnyColumn) =>
  sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const requestFields = sql`json_build_object('id', ${replacementRequests.id}, 'clientId', ${replacementRequests.clientId}, 'status', ${replacementRequests.status}, 'lastName', ${replacementRequests.lastName}, 'firstName', ${replacementRequests.firstName}, 'patronymic', ${replacementRequests.patronymic}, 'createdAt', ${isoTime(replacementRequests.createdAt)}, 'decidedAt', ${isoTime(replacementRequests.decidedAt)}, 'decisionComment', ${replacementRequests.decisionComment})`;
const requestOrder = sql`case when ${replacementRequests.status} = 'pending' then 0 else 1 end, ${replacementRequests.createdAt} desc`;

/**
 * Everything «Описание сертификата» shows, in one statement prepared once per database: the
 * account (for «Пациент 1»), the contract with its program when the account sees it, its current
 * persons, its appeals, and the latest replacement request of anyone and of this account (the
 * same reads as findAccountIdentity, findVisibleContract, listCurrentPersons, listContractAppeals
 * and findLatestReplacementRequest, which the other pages still use).
 */
const contractPage = preparedPerDatabase((db) =>
  db
    .select({
      phone: clients.phone,
      lastName: clients.lastName,
      firstName: clients.firstName,
      patronymic: clients.patronymic,
      birthDate: clients.birthDate,
      id: contracts.id,
      kind: contracts.kind,
      number: contracts.number,
      insurerName: contracts.insurerName,
      startsOn: contracts.startsOn,
      endsOn: contracts.endsOn,
      annulledAt: contracts.annulledAt,
      programId: programs.id,
      programName: programs.name,
      programDescription: programs.description,
      programCoverage: programs.coverage,
      programMaxPersons: programs.maxPersons,
      persons: sql<
        CurrentPersonRow[]
      >`(select coalesce(json_agg(json_build_object('id', ${coveredPersons.id}, 'slot', ${coveredPersons.slot}, 'lastName', ${coveredPersons.lastName}, 'firstName', ${coveredPersons.firstName}, 'patronymic', ${coveredPersons.patronymic}, 'birthDate', ${coveredPersons.birthDate}, 'phone', ${coveredPersons.phone}, 'nameKey', ${coveredPersons.nameKey}) order by ${coveredPersons.slot}), '[]') from ${coveredPersons} where ${coveredPersons.contractId} = ${contracts.id} and ${coveredPersons.replacedAt} is null)`,
      appeals: sql<
        (Omit<AppealRow, "occurredAt"> & { occurredAt: string })[]
      >`(select coalesce(json_agg(json_build_object('id', ${appeals.id}, 'occurredAt', ${isoTime(appeals.occurredAt)}, 'serviceType', ${serviceTypes.name}, 'personFirstName', ${coveredPersons.firstName}, 'personPatronymic', ${coveredPersons.patronymic}, 'doctorName', ${staffMembers.fullName}, 'channel', ${appeals.channel}, 'outcome', ${appeals.outcome}) order by ${appeals.occurredAt} desc), '[]') from ${appeals} inner join ${serviceTypes} on ${serviceTypes.id} = ${appeals.serviceTypeId} inner join ${coveredPersons} on ${coveredPersons.id} = ${appeals.personId} inner join ${staffMembers} on ${staffMembers.id} = ${appeals.doctorId} where ${appeals.contractId} = ${contracts.id})`,
      latest: sql<RequestJson | null>`(select ${requestFields} from ${replacementRequests} where ${replacementRequests.contractId} = ${contracts.id} order by ${requestOrder} limit 1)`,
      ownLatest: sql<RequestJson | null>`(select ${requestFields} from ${replacementRequests} where ${replacementRequests.contractId} = ${contracts.id} and ${replacementRequests.clientId} = ${clients.id} order by ${requestOrder} limit 1)`,
    })
    .from(clients)
    .leftJoin(contracts, and(eq(contracts.id, sql.placeholder("contractId")), heldByPlaceholder))
    .leftJoin(programs, eq(programs.id, contracts.programId))
    .where(eq(clients.id, sql.placeholder("clientId")))
    .prepare("contract_page"),
);

type RequestJson = Omit<ReplacementRequestRow, "createdAt" | "decidedAt"> & {
  createdAt: string;
  decidedAt: string | null;
};

function requestRow(json: RequestJson | null): ReplacementRequestRow | null {
  if (!json) return null;
  return {
    ...json,
    createdAt: new Date(json.createdAt),
    decidedAt: json.decidedAt === null ? null : new Date(json.decidedAt),
  };
}

export interface ContractPage {
  who: AccountIdentity;
  /** Null when the account does not see the contract. */
  contract: ContractRow | null;
  persons: CurrentPersonRow[];
  appeals: AppealRow[];
  latest: ReplacementRequestRow | null;
  /** The latest of the requests this account sent. */
  ownLatest: ReplacementRequestRow | null;
}

/** The contract page's reads in one round trip; null when the account itself is gone. */
export async function findContractPage(
  db: Db,
  clientId: string,
  contractId: string,
): Promise<ContractPage | null> {
  const [row] = await contractPage(db).execute({ clientId, contractId });
  if (!row) return null;
  const who = {
    clientId,
    phone: row.phone,
    nameKey: personNameKey(row.lastName, row.firstName, row.patronymic),
    birthDate: row.birthDate,
  };
  if (
    row.id === null ||
    row.kind === null ||
    row.number === null ||
    row.startsOn === null ||
    row.endsOn === null ||
    row.programId === null ||
    row.programName === null ||
    row.programDescription === null ||
    row.programCoverage === null ||
    row.programMaxPersons === null
  ) {
    return { who, contract: null, persons: [], appeals: [], latest: null, ownLatest: null };
  }
  return {
    who,
    contract: {
      id: row.id,
      kind: row.kind,
      number: row.number,
      insurerName: row.insurerName,
      startsOn: row.startsOn,
      endsOn: row.endsOn,
      annulledAt: row.annulledAt === null ? null : new Date(row.annulledAt),
      program: {
        id: row.programId,
        name: row.programName,
        description: row.programDescription,
        coverage: row.programCoverage,
        maxPersons: row.programMaxPersons,
      },
    },
    persons: row.persons,
    appeals: row.appeals.map((appeal) => ({ ...appeal, occurredAt: new Date(appeal.occurredAt) })),
    latest: requestRow(row.latest),
    ownLatest: requestRow(row.ownLatest),
  };
}

export interface NewPerson {
  lastName: string;
  firstName: string;
  patronymic: string | null;
  birthDate: string;
  phone: string | null;
  email: string | null;
}

/** Puts a person into a free slot; false when the slot was taken meanwhile. */
export async function insertCoveredPerson(
  db: Db,
  contractId: string,
  slot: 1 | 2,
  person: NewPerson,
): Promise<boolean> {
  const rows = await db
    .insert(coveredPersons)
    .values({
      contractId,
      slot,
      ...person,
      nameKey: personNameKey(person.lastName, person.firstName, person.patronymic),
    })
    .onConflictDoNothing()
    .returning({ id: coveredPersons.id });
  if (rows.length > 0) {
    await db.update(contracts).set({ updatedAt: new Date() }).where(eq(contracts.id, contractId));
  }
  return rows.length > 0;
}

/** Stores a pending request; null when the contract already has one. */
export async function insertReplacementRequest(
  db: Db,
  request: NewPerson & { contractId: string; personId: string; clientId: string; reason: string },
): Promise<string | null> {
  const [row] = await db
    .insert(replacementRequests)
    .values(request)
    .onConflictDoNothing()
    .returning({ id: replacementRequests.id });
  return row?.id ?? null;
}

/** The procedure of a program that one of the account's contracts has. */
export async function findVisibleProgramProcedure(
  db: Db,
  who: AccountIdentity,
  programId: string,
): Promise<{ id: string; name: string; careProcedure: string } | null> {
  const [row] = await db
    .select({ id: programs.id, name: programs.name, careProcedure: programs.careProcedure })
    .from(programs)
    .where(
      and(
        eq(programs.id, programId),
        sql`exists (select 1 from ${contracts} where ${contracts.programId} = ${programs.id} and ${matchesAccount(who)})`,
      ),
    );
  return row ?? null;
}

/** Every contract with this number, with its program and its current persons' birth dates. */
export async function findContractsByNumber(
  db: Db,
  number: string,
): Promise<{ startsOn: string; endsOn: string; programName: string; birthDates: string[] }[]> {
  const rows = await db
    .select({
      startsOn: contracts.startsOn,
      endsOn: contracts.endsOn,
      annulledAt: contracts.annulledAt,
      programName: programs.name,
      birthDate: coveredPersons.birthDate,
      contractId: contracts.id,
    })
    .from(contracts)
    .innerJoin(programs, eq(programs.id, contracts.programId))
    .innerJoin(
      coveredPersons,
      and(eq(coveredPersons.contractId, contracts.id), isNull(coveredPersons.replacedAt)),
    )
    .where(eq(contracts.number, number));
  const byContract = new Map<
    string,
    { startsOn: string; endsOn: string; programName: string; birthDates: string[] }
  >();
  for (const row of rows) {
    const entry = byContract.get(row.contractId) ?? {
      startsOn: row.startsOn,
      endsOn: row.endsOn,
      programName: row.programName,
      birthDates: [],
    };
    entry.birthDates.push(row.birthDate);
    byContract.set(row.contractId, entry);
  }
  return [...byContract.values()];
}
