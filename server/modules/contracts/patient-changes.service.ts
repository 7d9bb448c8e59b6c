import { changesAllowed } from "../../../common/contracts/contract-status.ts";
import type {
  AddPersonBody,
  ChangeRefusal,
  ReplacementRequestBody,
} from "../../../common/contracts/contracts.schema.ts";
import { personNameKey } from "../../../common/contracts/person-match.ts";
import { formatRuDate, todayInMoscow } from "../../../common/format/date.ts";
import type { Db } from "../../db/client.ts";
import { type AppError, ConflictError, ForbiddenError, NotFoundError } from "../../errors.ts";
import { ALL_STAFF, emit } from "../../plugins/events.ts";
import {
  type AccountIdentity,
  type ContractRow,
  type CurrentPersonRow,
  findAccountIdentity,
  findLatestReplacementRequest,
  findVisibleContract,
  insertCoveredPerson,
  insertReplacementRequest,
  listCurrentPersons,
  type NewPerson,
} from "./contracts.repository.ts";

export interface ChangeSituation {
  today: string;
  startsOn: string;
  maxPersons: number;
  viewerIsPatient1: boolean;
  slot2Taken: boolean;
  requestPending: boolean;
}

export interface ChangeOption {
  allowed: boolean;
  refusal: ChangeRefusal | null;
}

function option(refusal: ChangeRefusal | null): ChangeOption {
  return { allowed: refusal === null, refusal };
}

/**
 * What the viewer may change (footnote 2 of the guide): only before the start date, only the
 * account that is «Пациент 1»; «Пациент 2» only on a two-person program with the slot free;
 * one replacement request at a time.
 */
export function changeOptions(situation: ChangeSituation): {
  addPatient2: ChangeOption;
  replacePatient1: ChangeOption;
} {
  const common: ChangeRefusal | null = !changesAllowed(situation, situation.today)
    ? "started"
    : !situation.viewerIsPatient1
      ? "not-patient-1"
      : null;
  return {
    addPatient2: option(
      common ??
        (situation.maxPersons < 2 ? "one-person" : situation.slot2Taken ? "slot-taken" : null),
    ),
    replacePatient1: option(common ?? (situation.requestPending ? "request-pending" : null)),
  };
}

/**
 * The viewer, a holder of the contract, is its current «Пациент 1»: that person has the account's
 * phone, or its surname, name, patronymic and birth date. Only a holder gets here (the contract
 * is loaded through the holder link), so a namesake without a link never does (decision 0011).
 */
export function isPatient1(who: AccountIdentity, persons: CurrentPersonRow[]): boolean {
  const first = persons.find((person) => person.slot === 1);
  if (!first) return false;
  return (
    first.phone === who.phone ||
    (first.nameKey === who.nameKey && first.birthDate === who.birthDate)
  );
}

function contractWord(kind: ContractRow["kind"]): string {
  return kind === "certificate" ? "сертификата" : "полиса";
}

/** The Russian refusal the server answers with, for each reason. */
export function refusalError(refusal: ChangeRefusal, contract: ContractRow): AppError {
  const word = contractWord(contract.kind);
  switch (refusal) {
    case "started":
      return new ConflictError(
        `Изменения возможны только до начала действия ${word} (${formatRuDate(contract.startsOn)}). ` +
          "Обратитесь в контакт-центр, если данные нужно исправить.",
      );
    case "not-patient-1":
      return new ForbiddenError(
        `Изменять список обслуживаемых лиц может только «Пациент 1» этого ${word}.`,
      );
    case "one-person":
      return new ConflictError(
        `Программа «${contract.program.name}» рассчитана на одного человека: второго пациента добавить нельзя.`,
      );
    case "slot-taken":
      return new ConflictError(
        `«Пациент 2» в этом ${word === "сертификата" ? "сертификате" : "полисе"} уже указан.`,
      );
    case "request-pending":
      return new ConflictError(
        "Заявка уже отправлена и ожидает рассмотрения. Новую можно отправить после решения по ней.",
      );
  }
}

async function loadForChange(db: Db, clientId: string, contractId: string) {
  const who = await findAccountIdentity(db, clientId);
  const contract = who ? await findVisibleContract(db, who, contractId) : null;
  if (!who || !contract) throw new NotFoundError();
  const persons = await listCurrentPersons(db, contract.id);
  return { who, contract, persons };
}

function newPerson(body: AddPersonBody): NewPerson {
  return {
    lastName: body.lastName,
    firstName: body.firstName,
    patronymic: body.noPatronymic || body.patronymic === "" ? null : body.patronymic,
    birthDate: body.birthDate,
    phone: body.phone,
    email: body.email,
  };
}

/** «Пациент 2» — «Добавить»: takes effect at once. */
export async function addSecondPatient(
  db: Db,
  clientId: string,
  contractId: string,
  body: AddPersonBody,
  today = todayInMoscow(),
): Promise<void> {
  const { who, contract, persons } = await loadForChange(db, clientId, contractId);
  const { addPatient2 } = changeOptions({
    today,
    startsOn: contract.startsOn,
    maxPersons: contract.program.maxPersons,
    viewerIsPatient1: isPatient1(who, persons),
    slot2Taken: persons.some((person) => person.slot === 2),
    requestPending: false,
  });
  if (addPatient2.refusal) throw refusalError(addPatient2.refusal, contract);
  const person = newPerson(body);
  const first = persons.find((p) => p.slot === 1);
  if (
    first &&
    first.nameKey === personNameKey(person.lastName, person.firstName, person.patronymic) &&
    first.birthDate === person.birthDate
  ) {
    throw new ConflictError("Этот человек уже указан как «Пациент 1».");
  }
  const added = await insertCoveredPerson(db, contract.id, 2, person);
  if (!added) throw refusalError("slot-taken", contract);
}

/** «Пациент 1» — «Изменить»: a request that staff approve or reject. */
export async function requestReplacement(
  db: Db,
  clientId: string,
  contractId: string,
  body: ReplacementRequestBody,
  today = todayInMoscow(),
): Promise<void> {
  const { who, contract, persons } = await loadForChange(db, clientId, contractId);
  const latest = await findLatestReplacementRequest(db, contract.id);
  const { replacePatient1 } = changeOptions({
    today,
    startsOn: contract.startsOn,
    maxPersons: contract.program.maxPersons,
    viewerIsPatient1: isPatient1(who, persons),
    slot2Taken: persons.some((person) => person.slot === 2),
    requestPending: latest?.status === "pending",
  });
  if (replacePatient1.refusal) throw refusalError(replacePatient1.refusal, contract);
  const first = persons.find((person) => person.slot === 1);
  if (!first) throw refusalError("not-patient-1", contract);
  const id = await db.transaction(async (tx) => {
    const created = await insertReplacementRequest(tx, {
      ...newPerson(body),
      reason: body.reason,
      contractId: contract.id,
      personId: first.id,
      clientId: who.clientId,
    });
    if (created) {
      await emit(
        tx,
        "replacement.requested",
        { changeRequestId: created, contractId: contract.id },
        { accountId: who.clientId, staffRoles: ALL_STAFF },
      );
    }
    return created;
  });
  if (!id) throw refusalError("request-pending", contract);
}
