import { and, desc, eq, type SQL } from "drizzle-orm";
import type {
  PersonalDataRequest,
  PersonalDataRequestKind,
  PersonalDataRequestStatus,
  StaffPersonalDataRequest,
} from "../../../common/identity/personal-data.schema.ts";
import type { Db } from "../../db/client.ts";
import { clients, personalDataRequests, staffMembers } from "../../db/schema/index.ts";
import { isUniqueViolation } from "../../db/unique-violation.ts";

const requestColumns = {
  id: personalDataRequests.id,
  kind: personalDataRequests.kind,
  status: personalDataRequests.status,
  lastName: personalDataRequests.lastName,
  firstName: personalDataRequests.firstName,
  patronymic: personalDataRequests.patronymic,
  birthDate: personalDataRequests.birthDate,
  phone: personalDataRequests.phone,
  reason: personalDataRequests.reason,
  comment: personalDataRequests.comment,
  createdAt: personalDataRequests.createdAt,
  decidedAt: personalDataRequests.decidedAt,
};

type RequestRow = Omit<PersonalDataRequest, "createdAt" | "decidedAt"> & {
  createdAt: Date;
  decidedAt: Date | null;
};

function toRequest(row: RequestRow): PersonalDataRequest {
  return {
    ...row,
    createdAt: row.createdAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
  };
}

/** The account's newest request of this kind (open or decided), or null. */
export async function findLatestRequest(
  db: Db,
  clientId: string,
  kind: PersonalDataRequestKind,
): Promise<PersonalDataRequest | null> {
  const [row] = await db
    .select(requestColumns)
    .from(personalDataRequests)
    .where(and(eq(personalDataRequests.clientId, clientId), eq(personalDataRequests.kind, kind)))
    .orderBy(desc(personalDataRequests.createdAt))
    .limit(1);
  return row ? toRequest(row) : null;
}

/** Stores a pending request; null when the account already has an open one of this kind. */
export async function insertRequest(
  db: Db,
  values: typeof personalDataRequests.$inferInsert,
): Promise<PersonalDataRequest | null> {
  const [row] = await db
    .insert(personalDataRequests)
    .values(values)
    .onConflictDoNothing()
    .returning(requestColumns);
  return row ? toRequest(row) : null;
}

export async function updateClientEmail(db: Db, clientId: string, email: string): Promise<void> {
  await db.update(clients).set({ email, updatedAt: new Date() }).where(eq(clients.id, clientId));
}

/** Sets the phone; false when another account has it (the unique key decides, even in a race). */
export async function updateClientPhone(db: Db, clientId: string, phone: string): Promise<boolean> {
  try {
    await db.transaction(async (tx) => {
      await tx
        .update(clients)
        .set({ phone, updatedAt: new Date() })
        .where(eq(clients.id, clientId));
    });
    return true;
  } catch (error) {
    if (isUniqueViolation(error) !== null) return false;
    throw error;
  }
}

export async function updateClientName(
  db: Db,
  clientId: string,
  values: { lastName: string; firstName: string; patronymic: string | null; birthDate: string },
): Promise<void> {
  await db
    .update(clients)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(clients.id, clientId));
}

/** Whether some account other than this one has the phone. */
export async function phoneTakenByOther(db: Db, clientId: string, phone: string): Promise<boolean> {
  const [row] = await db.select({ id: clients.id }).from(clients).where(eq(clients.phone, phone));
  return row !== undefined && row.id !== clientId;
}

// The console's side.

const staffColumns = {
  ...requestColumns,
  clientId: personalDataRequests.clientId,
  decidedByName: staffMembers.fullName,
  currentLastName: clients.lastName,
  currentFirstName: clients.firstName,
  currentPatronymic: clients.patronymic,
  currentBirthDate: clients.birthDate,
  currentPhone: clients.phone,
};

function staffRows(db: Db, where: SQL | undefined) {
  return db
    .select(staffColumns)
    .from(personalDataRequests)
    .innerJoin(clients, eq(clients.id, personalDataRequests.clientId))
    .leftJoin(staffMembers, eq(staffMembers.id, personalDataRequests.decidedBy))
    .where(where);
}

type StaffRow = Awaited<ReturnType<typeof staffRows>>[number];

function toStaffRequest(row: StaffRow): StaffPersonalDataRequest {
  const {
    clientId,
    decidedByName,
    currentLastName,
    currentFirstName,
    currentPatronymic,
    currentBirthDate,
    currentPhone,
    ...request
  } = row;
  return {
    ...toRequest(request),
    clientId,
    decidedByName,
    current: {
      lastName: currentLastName,
      firstName: currentFirstName,
      patronymic: currentPatronymic,
      birthDate: currentBirthDate,
      phone: currentPhone,
    },
  };
}

export async function listRequests(
  db: Db,
  filter: { status: PersonalDataRequestStatus | "all"; limit: number; offset: number },
): Promise<{ requests: StaffPersonalDataRequest[]; hasMore: boolean }> {
  const rows = await staffRows(
    db,
    filter.status === "all" ? undefined : eq(personalDataRequests.status, filter.status),
  )
    .orderBy(desc(personalDataRequests.createdAt), desc(personalDataRequests.id))
    .limit(filter.limit + 1)
    .offset(filter.offset);
  return {
    requests: rows.slice(0, filter.limit).map(toStaffRequest),
    hasMore: rows.length > filter.limit,
  };
}

export async function findRequest(db: Db, id: string): Promise<StaffPersonalDataRequest | null> {
  const [row] = await staffRows(db, eq(personalDataRequests.id, id));
  return row ? toStaffRequest(row) : null;
}

/** Marks a pending request decided; false when it was decided meanwhile. */
export async function markDecided(
  db: Db,
  id: string,
  decision: { status: "approved" | "rejected"; comment: string | null; staffId: string; at: Date },
): Promise<boolean> {
  const rows = await db
    .update(personalDataRequests)
    .set({
      status: decision.status,
      comment: decision.comment,
      decidedBy: decision.staffId,
      decidedAt: decision.at,
    })
    .where(and(eq(personalDataRequests.id, id), eq(personalDataRequests.status, "pending")))
    .returning({ id: personalDataRequests.id });
  return rows.length > 0;
}
