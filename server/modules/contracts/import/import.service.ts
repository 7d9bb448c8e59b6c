import type {
  ImportContract,
  ImportOutcome,
  ImportPerson,
  ImportTotals,
} from "../../../../common/contracts/import.schema.ts";
import { personNameKey } from "../../../../common/contracts/person-match.ts";
import type { FieldError } from "../../../../common/problem.schema.ts";
import type { Db } from "../../../db/client.ts";
import { AppError, ConflictError } from "../../../errors.ts";
import {
  type CurrentPerson,
  type ExistingContract,
  findContractsByNumbers,
  findCurrentPersons,
  findProgramsByCodes,
  insertContracts,
  insertPersons,
  markPersonsReplaced,
  type NewContract,
  type NewPerson,
  type ProgramRef,
  updateContracts,
  updatePersons,
} from "./import.repository.ts";

/** A problem with one item of an import: its index, the field within it, a Russian message. */
export interface ImportItemError {
  index: number;
  /** A dotted path inside the item: "programCode", "persons.1.slot". */
  field: string;
  message: string;
}

export interface ImportResult {
  index: number;
  kind: ImportContract["kind"];
  number: string;
  outcome: ImportOutcome;
}

/** The machine API's refusal: every failing item and field, and nothing written. */
export class ImportRejectedError extends AppError {
  constructor(readonly itemErrors: ImportItemError[]) {
    const fields: FieldError[] = itemErrors.map((error) => ({
      field: `contracts.${error.index}.${error.field}`,
      message: error.message,
    }));
    super(
      422,
      "import-rejected",
      "Договоры не загружены",
      `Ошибок: ${itemErrors.length}. Ничего не записано: исправьте ошибки и отправьте запрос снова.`,
      fields,
    );
  }
}

const contractKey = (kind: string, number: string) => `${kind}|${number}`;

interface Snapshot {
  programs: Map<string, ProgramRef>;
  contracts: Map<string, ExistingContract>;
  /** Current persons by contract id, then slot. */
  persons: Map<string, Map<number, CurrentPerson>>;
}

async function loadSnapshot(db: Db, items: ImportContract[]): Promise<Snapshot> {
  const codes = [...new Set(items.map((item) => item.programCode))];
  const numbers = [...new Set(items.map((item) => item.number))];
  const programs = new Map(
    (await findProgramsByCodes(db, codes)).map((program) => [program.code, program]),
  );
  const contracts = new Map(
    (await findContractsByNumbers(db, numbers)).map((contract) => [
      contractKey(contract.kind, contract.number),
      contract,
    ]),
  );
  const persons = new Map<string, Map<number, CurrentPerson>>();
  const ids = [...contracts.values()].map((contract) => contract.id);
  for (const person of await findCurrentPersons(db, ids)) {
    const slots = persons.get(person.contractId) ?? new Map<number, CurrentPerson>();
    slots.set(person.slot, person);
    persons.set(person.contractId, slots);
  }
  return { programs, contracts, persons };
}

function checkAgainst(snapshot: Snapshot, items: ImportContract[]): ImportItemError[] {
  const errors: ImportItemError[] = [];
  const firstIndex = new Map<string, number>();
  items.forEach((item, index) => {
    const key = contractKey(item.kind, item.number);
    const earlier = firstIndex.get(key);
    if (earlier !== undefined) {
      errors.push({
        index,
        field: "number",
        message: `Договор с номером ${item.number} уже есть в этой загрузке (элемент ${earlier + 1})`,
      });
      return;
    }
    firstIndex.set(key, index);

    const program = snapshot.programs.get(item.programCode);
    if (!program) {
      errors.push({
        index,
        field: "programCode",
        message: `Программы с кодом «${item.programCode}» нет в каталоге`,
      });
      return;
    }
    const existing = snapshot.contracts.get(key);
    if (!existing && !item.persons.some((person) => person.slot === 1)) {
      errors.push({
        index,
        field: "persons",
        message: "Для нового договора укажите «Пациент 1»",
      });
    }
    if (program.maxPersons < 2) {
      const second = item.persons.findIndex((person) => person.slot === 2);
      if (second >= 0) {
        errors.push({
          index,
          field: `persons.${second}.slot`,
          message: `Программа «${program.name}» покрывает одного человека: «Пациент 2» указать нельзя`,
        });
      } else if (existing && snapshot.persons.get(existing.id)?.has(2)) {
        errors.push({
          index,
          field: "programCode",
          message: `В договоре есть «Пациент 2», а программа «${program.name}» покрывает одного человека`,
        });
      }
    }
  });
  return errors;
}

/**
 * Checks items against the catalogue and the stored contracts: a known program, «Пациент 2» only
 * when the program covers two, «Пациент 1» for a new contract, each contract once. Empty when
 * everything passes.
 */
export async function checkImportItems(
  db: Db,
  items: ImportContract[],
): Promise<ImportItemError[]> {
  return checkAgainst(await loadSnapshot(db, items), items);
}

function samePerson(current: CurrentPerson, nameKey: string, incoming: ImportPerson): boolean {
  return current.nameKey === nameKey && current.birthDate === incoming.birthDate;
}

function personDiffers(current: CurrentPerson, incoming: ImportPerson): boolean {
  return (
    current.lastName !== incoming.lastName ||
    current.firstName !== incoming.firstName ||
    current.patronymic !== incoming.patronymic ||
    current.phone !== incoming.phone ||
    current.email !== incoming.email
  );
}

function newPerson(contractId: string, person: ImportPerson, nameKey: string): NewPerson {
  return {
    contractId,
    slot: person.slot,
    lastName: person.lastName,
    firstName: person.firstName,
    patronymic: person.patronymic,
    birthDate: person.birthDate,
    phone: person.phone,
    email: person.email,
    nameKey,
  };
}

/**
 * The upsert both channels share, inside the caller's transaction: contracts by (kind, number)
 * are created or updated; each slot given keeps its person (same name key and birth date: the
 * spelling, phone and e-mail are updated), or gets a new person (the old row is marked replaced
 * and kept for its appeals); a slot not given is left as it is. Throws ImportRejectedError, having
 * written nothing, when any item fails checkImportItems.
 */
export async function importContractsIn(db: Db, items: ImportContract[]): Promise<ImportResult[]> {
  const snapshot = await loadSnapshot(db, items);
  const errors = checkAgainst(snapshot, items);
  if (errors.length > 0) throw new ImportRejectedError(errors);

  const outcomes: ImportOutcome[] = items.map(() => "unchanged");
  const created: NewContract[] = [];
  const changed: ExistingContract[] = [];
  items.forEach((item, index) => {
    const program = snapshot.programs.get(item.programCode) as ProgramRef;
    const fields = {
      kind: item.kind,
      number: item.number,
      insurerName: item.insurerName,
      programId: program.id,
      startsOn: item.startsOn,
      endsOn: item.endsOn,
    };
    const existing = snapshot.contracts.get(contractKey(item.kind, item.number));
    if (!existing) {
      created.push(fields);
      outcomes[index] = "created";
    } else if (
      existing.insurerName !== fields.insurerName ||
      existing.programId !== fields.programId ||
      existing.startsOn !== fields.startsOn ||
      existing.endsOn !== fields.endsOn
    ) {
      changed.push({ ...fields, id: existing.id });
      outcomes[index] = "updated";
    }
  });

  const createdIds = await insertContracts(db, created);
  await updateContracts(db, changed);

  const personsToInsert: NewPerson[] = [];
  const personsToUpdate: CurrentPerson[] = [];
  const personsReplaced: string[] = [];
  items.forEach((item, index) => {
    const key = contractKey(item.kind, item.number);
    const contractId = snapshot.contracts.get(key)?.id ?? createdIds.get(key);
    if (!contractId) throw new Error(`contract ${key} was neither found nor created`);
    const slots = snapshot.persons.get(contractId);
    for (const person of item.persons) {
      const nameKey = personNameKey(person.lastName, person.firstName, person.patronymic);
      const current = slots?.get(person.slot);
      if (current && samePerson(current, nameKey, person)) {
        if (personDiffers(current, person)) {
          personsToUpdate.push({ ...current, ...person, nameKey });
          if (outcomes[index] === "unchanged") outcomes[index] = "updated";
        }
        continue;
      }
      if (current) personsReplaced.push(current.id);
      personsToInsert.push(newPerson(contractId, person, nameKey));
      if (outcomes[index] === "unchanged") outcomes[index] = "updated";
    }
  });

  // The old person leaves the slot before the new one takes it (one current person per slot).
  await markPersonsReplaced(db, personsReplaced, new Date());
  await updatePersons(db, personsToUpdate);
  await insertPersons(db, personsToInsert);

  return items.map((item, index) => ({
    index,
    kind: item.kind,
    number: item.number,
    outcome: outcomes[index] ?? "unchanged",
  }));
}

/** A unique index refused a row: another import created the same contract meanwhile. */
export function isUniqueViolation(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if ((cause as Error & { code?: unknown }).code === "23505") return true;
  }
  return false;
}

/** importContractsIn in a transaction of its own: all the items are written, or none. */
export async function importContracts(db: Db, items: ImportContract[]): Promise<ImportResult[]> {
  try {
    return await db.transaction((tx) => importContractsIn(tx, items));
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ConflictError(
        "Эти же договоры сейчас записывает другой запрос. Ничего не записано: повторите запрос, повтор безопасен.",
      );
    }
    throw error;
  }
}

export function importTotals(results: { outcome: ImportOutcome }[]): ImportTotals {
  const totals: ImportTotals = { created: 0, updated: 0, unchanged: 0 };
  for (const result of results) totals[result.outcome] += 1;
  return totals;
}
