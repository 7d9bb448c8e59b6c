import { and, asc, count, desc, eq, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type {
  PrivacyRequest,
  PrivacyRequestKind,
  PrivacyRequestStatus,
} from "../../../common/privacy/privacy.schema.ts";
import type { Db } from "../../db/client.ts";
import { accountDeletions, clients, privacyRequests, staffMembers } from "../../db/schema/index.ts";

const clientColumns = {
  id: privacyRequests.id,
  kind: privacyRequests.kind,
  text: privacyRequests.text,
  status: privacyRequests.status,
  dueDate: privacyRequests.dueDate,
  answer: privacyRequests.answer,
  createdAt: privacyRequests.createdAt,
  closedAt: privacyRequests.closedAt,
};

function toRequest(row: {
  id: string;
  kind: PrivacyRequestKind;
  text: string;
  status: PrivacyRequestStatus;
  dueDate: string;
  answer: string | null;
  createdAt: Date;
  closedAt: Date | null;
}): PrivacyRequest {
  return {
    ...row,
    createdAt: row.createdAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
  };
}

export async function insertPrivacyRequest(
  db: Db,
  values: { clientId: string; kind: PrivacyRequestKind; text: string; dueDate: string; at: Date },
): Promise<PrivacyRequest> {
  const [row] = await db
    .insert(privacyRequests)
    .values({
      clientId: values.clientId,
      kind: values.kind,
      text: values.text,
      dueDate: values.dueDate,
      createdAt: values.at,
    })
    .returning(clientColumns);
  if (!row) throw new Error("the privacy request was not stored");
  return toRequest(row);
}

/** The account's own requests, newest first. */
export async function listClientRequests(db: Db, clientId: string): Promise<PrivacyRequest[]> {
  const rows = await db
    .select(clientColumns)
    .from(privacyRequests)
    .where(eq(privacyRequests.clientId, clientId))
    .orderBy(desc(privacyRequests.createdAt))
    .limit(100);
  return rows.map(toRequest);
}

/** Open requests of the account (a limit against flooding the queue). */
export async function countOpenClientRequests(db: Db, clientId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(privacyRequests)
    .where(
      and(
        eq(privacyRequests.clientId, clientId),
        inArray(privacyRequests.status, ["new", "in_progress"]),
      ),
    );
  return row?.n ?? 0;
}

const assignee = alias(staffMembers, "assignee");
const closer = alias(staffMembers, "closer");

export interface StaffRequestRow extends PrivacyRequest {
  client: {
    id: string;
    lastName: string;
    firstName: string;
    patronymic: string | null;
    phone: string;
    deleted: boolean;
  };
  assignedToId: string | null;
  assignedToName: string | null;
  closedByName: string | null;
}

function staffQuery(db: Db) {
  return db
    .select({
      ...clientColumns,
      clientId: clients.id,
      lastName: clients.lastName,
      firstName: clients.firstName,
      patronymic: clients.patronymic,
      phone: clients.phone,
      deletedAt: accountDeletions.deletedAt,
      assignedToId: privacyRequests.assignedToId,
      assignedToName: assignee.fullName,
      closedByName: closer.fullName,
    })
    .from(privacyRequests)
    .innerJoin(clients, eq(clients.id, privacyRequests.clientId))
    .leftJoin(accountDeletions, eq(accountDeletions.clientId, clients.id))
    .leftJoin(assignee, eq(assignee.id, privacyRequests.assignedToId))
    .leftJoin(closer, eq(closer.id, privacyRequests.closedById));
}

type StaffQueryRow = Awaited<ReturnType<ReturnType<typeof staffQuery>["execute"]>>[number];

function toStaffRow(row: StaffQueryRow): StaffRequestRow {
  const deleted = row.deletedAt !== null;
  return {
    ...toRequest(row),
    client: {
      id: row.clientId,
      lastName: row.lastName,
      firstName: row.firstName,
      patronymic: row.patronymic,
      phone: deleted ? "" : row.phone,
      deleted,
    },
    assignedToId: row.assignedToId,
    assignedToName: row.assignedToName,
    closedByName: row.closedByName,
  };
}

/** The console's queue: open ones by their deadline (the nearest first), closed ones newest first. */
export async function listStaffRequests(
  db: Db,
  filter: { status: "open" | PrivacyRequestStatus | "all"; limit: number; offset: number },
): Promise<{ requests: StaffRequestRow[]; hasMore: boolean }> {
  const where =
    filter.status === "all"
      ? undefined
      : filter.status === "open"
        ? inArray(privacyRequests.status, ["new", "in_progress"])
        : eq(privacyRequests.status, filter.status);
  const rows = await staffQuery(db)
    .where(where)
    .orderBy(
      sql`case when ${privacyRequests.status} = 'closed' then 1 else 0 end`,
      asc(sql`case when ${privacyRequests.status} <> 'closed' then ${privacyRequests.dueDate} end`),
      desc(privacyRequests.createdAt),
      asc(privacyRequests.id),
    )
    .limit(filter.limit + 1)
    .offset(filter.offset);
  return {
    requests: rows.slice(0, filter.limit).map(toStaffRow),
    hasMore: rows.length > filter.limit,
  };
}

export async function findStaffRequest(db: Db, id: string): Promise<StaffRequestRow | null> {
  const [row] = await staffQuery(db).where(eq(privacyRequests.id, id));
  return row ? toStaffRow(row) : null;
}

/** «Взять в работу»: only a new request; false when someone took or closed it meanwhile. */
export async function takeRequest(db: Db, id: string, staffId: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(privacyRequests)
    .set({ status: "in_progress", assignedToId: staffId, assignedAt: at })
    .where(and(eq(privacyRequests.id, id), eq(privacyRequests.status, "new")))
    .returning({ id: privacyRequests.id });
  return rows.length > 0;
}

/** «Ответить и закрыть»: false when it was closed meanwhile. */
export async function closeRequest(
  db: Db,
  id: string,
  values: { staffId: string; answer: string; at: Date },
): Promise<boolean> {
  const rows = await db
    .update(privacyRequests)
    .set({
      status: "closed",
      answer: values.answer,
      closedById: values.staffId,
      closedAt: values.at,
      assignedToId: sql`coalesce(${privacyRequests.assignedToId}, ${values.staffId}::uuid)`,
      assignedAt: sql`coalesce(${privacyRequests.assignedAt}, ${values.at.toISOString()}::timestamptz)`,
    })
    .where(and(eq(privacyRequests.id, id), inArray(privacyRequests.status, ["new", "in_progress"])))
    .returning({ id: privacyRequests.id });
  return rows.length > 0;
}
