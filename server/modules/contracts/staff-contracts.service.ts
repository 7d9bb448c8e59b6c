import { contractStatus } from "../../../common/contracts/contract-status.ts";
import { personNameKey } from "../../../common/contracts/person-match.ts";
import type {
  ContractSearchResult,
  StaffContractCard,
} from "../../../common/contracts/staff-contracts.schema.ts";
import { fullName } from "../../../common/format/person-name.ts";
import { parseRussianPhone } from "../../../common/format/phone.ts";
import type { Db } from "../../db/client.ts";
import { NotFoundError } from "../../errors.ts";
import { audit } from "../../plugins/audit.ts";
import type { StaffActor } from "../../plugins/staff-access.ts";
import { listContractAppeals } from "../appeals/index.ts";
import { deleteHolderLink, listContractHolders } from "./contract-holders.repository.ts";
import {
  type ContractSearchKeys,
  findContract,
  listContractPersons,
  listDoctors,
  searchContracts,
} from "./staff-contracts.repository.ts";
import { listContractReplacementRequests } from "./staff-replacements.repository.ts";

/** The company's doctors, for the «Врач» field of an appeal. */
export { listDoctors };

const NAME_QUERY = /^[\p{L}][\p{L}' -]*$/u;
const NUMBER_QUERY = /^[\p{L}\d][\p{L}\d/ -]*$/u;

/**
 * Reads the operator's text as every key it could be: a contract number (exact, as typed and
 * upper-cased), a phone in any format people type, and a name: «Иванов», «Иванов Ив», «Иванов
 * Иван Иванович» (case and ё ignored; the last word typed may be unfinished).
 */
export function searchKeys(query: string): ContractSearchKeys {
  const text = query.trim().replace(/\s+/g, " ");
  const numbers = NUMBER_QUERY.test(text) ? [...new Set([text, text.toUpperCase()])] : [];
  const phone = /\d/.test(text) && !/\p{L}/u.test(text) ? parseRussianPhone(text) : null;
  let nameKeyPrefix: string | null = null;
  if (NAME_QUERY.test(text)) {
    const [last = "", first = "", ...rest] = text.split(" ");
    const words = [last, first, rest.join(" ")].slice(0, text.split(" ").length);
    // personNameKey normalises each part the way the stored key was made; the unused parts go.
    const full = personNameKey(words[0] ?? "", words[1] ?? "", words[2] ?? "");
    nameKeyPrefix = full.split("|").slice(0, words.length).join("|");
  }
  return { numbers, phone, nameKeyPrefix };
}

/** «Договоры»: contracts by number, phone or name; the search is written to the audit log. */
export async function searchContractsForStaff(
  db: Db,
  actor: StaffActor,
  query: { q: string; limit: number; offset: number },
): Promise<ContractSearchResult> {
  const keys = searchKeys(query.q);
  const { rows, hasMore } = await searchContracts(db, keys, query);
  await audit.record(db, {
    staffId: actor.staffId,
    action: "contract.search",
    details: { query: query.q, offset: query.offset, found: rows.map((row) => row.number) },
    ip: actor.ip,
  });
  const matchedBy: ContractSearchResult["matchedBy"] = [];
  if (keys.numbers.length > 0) matchedBy.push("number");
  if (keys.phone) matchedBy.push("phone");
  if (keys.nameKeyPrefix) matchedBy.push("name");
  return {
    matchedBy,
    hasMore,
    contracts: rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      number: row.number,
      insurerName: row.insurerName,
      programName: row.programName,
      startsOn: row.startsOn,
      endsOn: row.endsOn,
      status: contractStatus(row),
      persons: row.persons.map((person) => ({ slot: person.slot, fullName: fullName(person) })),
    })),
  };
}

/** The contract card: persons (the replaced marked), appeals, requests; the view is audited. */
export async function getContractCard(
  db: Db,
  actor: StaffActor,
  contractId: string,
): Promise<StaffContractCard> {
  const contract = await findContract(db, contractId);
  if (!contract) throw new NotFoundError("Такого договора нет.");
  const [persons, appeals, replacementRequests, holders] = await Promise.all([
    listContractPersons(db, contractId),
    listContractAppeals(db, contractId),
    listContractReplacementRequests(db, contractId),
    listContractHolders(db, contractId),
  ]);
  await audit.record(db, {
    staffId: actor.staffId,
    action: "contract.view",
    subjectType: "contract",
    subjectId: contractId,
    details: { number: contract.number },
    ip: actor.ip,
  });
  return {
    id: contract.id,
    kind: contract.kind,
    number: contract.number,
    insurerName: contract.insurerName,
    program: {
      id: contract.programId,
      name: contract.programName,
      maxPersons: contract.programMaxPersons,
    },
    startsOn: contract.startsOn,
    endsOn: contract.endsOn,
    status: contractStatus(contract),
    persons: persons.map((person) => ({
      ...person,
      fullName: fullName(person),
      replacedAt: person.replacedAt ? person.replacedAt.toISOString() : null,
    })),
    appeals,
    replacementRequests,
    holders: holders.map((holder) => ({
      clientId: holder.clientId,
      fullName: fullName(holder),
      phone: holder.phone,
      source: holder.source,
      since: holder.createdAt.toISOString(),
    })),
  };
}

/**
 * «Отвязать»: the account no longer sees the contract (its appeals, print, messages about it).
 * Audited with whom and which link. A link by phone comes back only when a covered person's phone
 * becomes the account's again (a new person, a changed phone), not by itself.
 */
export async function unlinkHolder(
  db: Db,
  actor: StaffActor,
  contractId: string,
  clientId: string,
): Promise<StaffContractCard> {
  const contract = await findContract(db, contractId);
  if (!contract) throw new NotFoundError("Такого договора нет.");
  const removed = await db.transaction(async (tx) => {
    const link = await deleteHolderLink(tx, contractId, clientId);
    if (!link) return null;
    await audit.record(tx, {
      staffId: actor.staffId,
      action: "contract.unlink",
      subjectType: "contract",
      subjectId: contractId,
      details: {
        number: contract.number,
        clientId,
        source: link.source,
        since: link.createdAt.toISOString(),
      },
      ip: actor.ip,
    });
    return link;
  });
  if (!removed) {
    throw new NotFoundError("Эта учётная запись уже не привязана к договору. Обновите карточку.");
  }
  return getContractCard(db, actor, contractId);
}
