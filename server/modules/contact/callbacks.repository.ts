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
export const OPEN_CALLBACK: CallbackStatus[] = ["new", "in_progress"];

export interface CallbackRow {
  id: string;
  clientId: string;
  clientName: string;
  contractId: string;
  contractNumber: string;
  personId: string;
  personLastName: string;
  personFirstName: string;
  personPatronymic: string | null;
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

const callbackColumns = {
  id: callbackRequests.id,
  clientId: callbackRequests.clientId,
  clientName: sql<string>`concat_ws(' ', ${clients.lastName}, ${clients.firstName}, ${clients.patronymic})`,
  contractId: callbackRequests.contractId,
  contractNumber: contracts.number,
  personId: callbackRequests.personId,
  personLastName: coveredPersons.lastName,
  personFirstName: coveredPersons.firstName,
  personPatronymic: coveredPersons.patronymic,
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
  return db
    .select(callbackColumns)
    .from(callbackRequests)
    .innerJoin(clients, eq(clients.id, callbackRequests.clientId))
    .innerJoin(contracts, eq(contracts.id, callbackRequests.contractId))
    .innerJoin(coveredPersons, eq(coveredPersons.id, callbackRequests.personId))
    .leftJoin(staffMembers, eq(staffMembers.id, callbackRequests.assignedToId));
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
  return row ?? null;
}

/** A client's own requests, newest first. */
export async function listClientCallbacks(db: Db, clientId: string): Promise<CallbackRow[]> {
  return selectCallbacks(db)
    .where(eq(callbackRequests.clientId, clientId))
    .orderBy(desc(callbackRequests.createdAt))
    .limit(50);
}

/** The staff queue: open requests by due time, or closed ones newest first. */
export async function listCallbackQueue(
  db: Db,
  which: "open" | "closed",
  limit: number,
): Promise<CallbackRow[]> {
  return which === "open"
    ? selectCallbacks(db)
        .where(inArray(callbackRequests.status, OPEN_CALLBACK))
        .orderBy(asc(callbackRequests.dueAt))
        .limit(limit)
    : selectCallbacks(db)
        .where(inArray(callbackRequests.status, ["done", "cancelled"]))
        .orderBy(desc(sql`coalesce(${callbackRequests.closedAt}, ${callbackRequests.createdAt})`))
        .limit(limit);
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
