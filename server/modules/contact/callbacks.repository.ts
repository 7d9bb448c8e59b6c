import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import {
  callbackRequests,
  clients,
  contracts,
  coveredPersons,
  staffMembers,
} from "../../db/schema/index.ts";

export type CallbackStatus = (typeof callbackRequests.$inferSelect)["status"];
export type CallbackSource = (typeof callbackRequests.$inferSelect)["source"];
export const OPEN_CALLBACK: CallbackStatus[] = ["new", "in_progress"];

interface CallbackBase {
  id: string;
  phone: string;
  windowStart: Date | null;
  windowEnd: Date | null;
  dueAt: Date;
  note: string | null;
  status: CallbackStatus;
  assignedToId: string | null;
  assignedToName: string | null;
  assignedAt: Date | null;
  closedAt: Date | null;
  outcome: string | null;
  createdAt: Date;
}

/** A client's «Перезвонить мне»: about a contract and one of its persons. */
export interface ClientCallbackRow extends CallbackBase {
  source: "client";
  clientId: string;
  clientName: string;
  contractId: string;
  contractNumber: string;
  personId: string;
  personLastName: string;
  personFirstName: string;
  personPatronymic: string | null;
}

/** A site visitor's «Заказать звонок» or a company's request for the sales team. */
export interface VisitorCallbackRow extends CallbackBase {
  source: "visitor" | "sales";
  visitorName: string;
  topic: string;
  companyName: string | null;
}

export type CallbackRow = ClientCallbackRow | VisitorCallbackRow;

const callbackColumns = {
  id: callbackRequests.id,
  source: callbackRequests.source,
  clientId: callbackRequests.clientId,
  clientName: sql<
    string | null
  >`case when ${clients.id} is null then null else concat_ws(' ', ${clients.lastName}, ${clients.firstName}, ${clients.patronymic}) end`,
  contractId: callbackRequests.contractId,
  contractNumber: contracts.number,
  personId: callbackRequests.personId,
  personLastName: coveredPersons.lastName,
  personFirstName: coveredPersons.firstName,
  personPatronymic: coveredPersons.patronymic,
  visitorName: callbackRequests.visitorName,
  topic: callbackRequests.topic,
  companyName: callbackRequests.companyName,
  phone: callbackRequests.phone,
  windowStart: callbackRequests.windowStart,
  windowEnd: callbackRequests.windowEnd,
  dueAt: callbackRequests.dueAt,
  note: callbackRequests.note,
  status: callbackRequests.status,
  assignedToId: callbackRequests.assignedToId,
  assignedToName: staffMembers.fullName,
  assignedAt: callbackRequests.assignedAt,
  closedAt: callbackRequests.closedAt,
  outcome: callbackRequests.outcome,
  createdAt: callbackRequests.createdAt,
};

function selectCallbacks(db: Db) {
  // Left joins: a visitor's request has no client, contract or person.
  return db
    .select(callbackColumns)
    .from(callbackRequests)
    .leftJoin(clients, eq(clients.id, callbackRequests.clientId))
    .leftJoin(contracts, eq(contracts.id, callbackRequests.contractId))
    .leftJoin(coveredPersons, eq(coveredPersons.id, callbackRequests.personId))
    .leftJoin(staffMembers, eq(staffMembers.id, callbackRequests.assignedToId));
}

type SelectedCallback = Awaited<ReturnType<ReturnType<typeof selectCallbacks>["execute"]>>[number];

/** The selected columns as one of the two shapes; the table's CHECK makes each one's fields set. */
function toRow(raw: SelectedCallback): CallbackRow {
  const base: CallbackBase = {
    id: raw.id,
    phone: raw.phone,
    windowStart: raw.windowStart,
    windowEnd: raw.windowEnd,
    dueAt: raw.dueAt,
    note: raw.note,
    status: raw.status,
    assignedToId: raw.assignedToId,
    assignedToName: raw.assignedToName,
    assignedAt: raw.assignedAt,
    closedAt: raw.closedAt,
    outcome: raw.outcome,
    createdAt: raw.createdAt,
  };
  if (raw.source !== "client") {
    if (raw.visitorName === null || raw.topic === null) {
      throw new Error(`the visitor's call-back ${raw.id} has no name or topic`);
    }
    return {
      ...base,
      source: raw.source,
      visitorName: raw.visitorName,
      topic: raw.topic,
      companyName: raw.companyName,
    };
  }
  const { clientId, clientName, contractId, contractNumber, personId } = raw;
  const { personLastName, personFirstName } = raw;
  if (
    clientId === null ||
    clientName === null ||
    contractId === null ||
    contractNumber === null ||
    personId === null ||
    personLastName === null ||
    personFirstName === null
  ) {
    throw new Error(`the client's call-back ${raw.id} lost its client, contract or person`);
  }
  return {
    ...base,
    source: "client",
    clientId,
    clientName,
    contractId,
    contractNumber,
    personId,
    personLastName,
    personFirstName,
    personPatronymic: raw.personPatronymic,
  };
}

/** Stores a request; null when the contract has an open one already (the partial unique index). */
export async function insertCallback(
  db: Db,
  values: typeof callbackRequests.$inferInsert,
): Promise<string | null> {
  const [row] = await db
    .insert(callbackRequests)
    .values(values)
    .onConflictDoNothing()
    .returning({ id: callbackRequests.id });
  return row?.id ?? null;
}

export async function findCallback(db: Db, id: string): Promise<CallbackRow | null> {
  const [row] = await selectCallbacks(db).where(eq(callbackRequests.id, id));
  return row ? toRow(row) : null;
}

/** A client's own request, or null (also for another's or a visitor's). */
export async function findClientCallback(
  db: Db,
  clientId: string,
  id: string,
): Promise<ClientCallbackRow | null> {
  const row = await findCallback(db, id);
  return row?.source === "client" && row.clientId === clientId ? row : null;
}

/** A client's own requests, newest first. */
export async function listClientCallbacks(db: Db, clientId: string): Promise<ClientCallbackRow[]> {
  const rows = await selectCallbacks(db)
    .where(eq(callbackRequests.clientId, clientId))
    .orderBy(desc(callbackRequests.createdAt))
    .limit(50);
  return rows.map(toRow).filter((row): row is ClientCallbackRow => row.source === "client");
}

/** The staff queue: open requests by due time, or closed ones newest first. */
export async function listCallbackQueue(
  db: Db,
  which: "open" | "closed",
  limit: number,
): Promise<CallbackRow[]> {
  const rows =
    which === "open"
      ? await selectCallbacks(db)
          .where(inArray(callbackRequests.status, OPEN_CALLBACK))
          .orderBy(asc(callbackRequests.dueAt))
          .limit(limit)
      : await selectCallbacks(db)
          .where(inArray(callbackRequests.status, ["done", "cancelled"]))
          .orderBy(desc(sql`coalesce(${callbackRequests.closedAt}, ${callbackRequests.createdAt})`))
          .limit(limit);
  return rows.map(toRow);
}

/**
 * Moves an open request on, only from the statuses given (so two people cannot both close it);
 * false when it was not in one of them any more.
 */
export async function updateOpenCallback(
  db: Db,
  id: string,
  from: CallbackStatus[],
  values: Partial<typeof callbackRequests.$inferInsert>,
  extra?: ReturnType<typeof eq>,
): Promise<boolean> {
  const rows = await db
    .update(callbackRequests)
    .set(values)
    .where(and(eq(callbackRequests.id, id), inArray(callbackRequests.status, from), extra))
    .returning({ id: callbackRequests.id });
  return rows.length > 0;
}
