import { and, desc, eq, isNull } from "drizzle-orm";
import type { IntegrationToken } from "../../../common/integration/integration.schema.ts";
import type { Db } from "../../db/client.ts";
import { clinics, integrationTokens, staffMembers } from "../../db/schema/index.ts";

const tokenColumns = {
  id: integrationTokens.id,
  name: integrationTokens.name,
  prefix: integrationTokens.tokenPrefix,
  createdAt: integrationTokens.createdAt,
  createdBy: staffMembers.fullName,
  lastUsedAt: integrationTokens.lastUsedAt,
  revokedAt: integrationTokens.revokedAt,
  clinicId: clinics.id,
  clinicName: clinics.name,
  clinicAddress: clinics.address,
};

type TokenRow = {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  createdBy: string | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  clinicId: string | null;
  clinicName: string | null;
  clinicAddress: string | null;
};

function toToken({ clinicId, clinicName, clinicAddress, ...row }: TokenRow): IntegrationToken {
  return {
    ...row,
    clinic:
      clinicId === null
        ? null
        : { id: clinicId, name: clinicName ?? "", address: clinicAddress ?? "" },
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

export async function insertToken(
  db: Db,
  values: {
    name: string;
    tokenHash: string;
    tokenPrefix: string;
    createdById: string;
    clinicId: string | null;
  },
): Promise<IntegrationToken> {
  const [row] = await db
    .insert(integrationTokens)
    .values(values)
    .returning({ id: integrationTokens.id });
  if (!row) throw new Error("the integration token was not stored");
  const token = await findToken(db, row.id);
  if (!token) throw new Error("the integration token was not stored");
  return token;
}

export async function findToken(db: Db, id: string): Promise<IntegrationToken | null> {
  const [row] = await db
    .select(tokenColumns)
    .from(integrationTokens)
    .leftJoin(staffMembers, eq(staffMembers.id, integrationTokens.createdById))
    .leftJoin(clinics, eq(clinics.id, integrationTokens.clinicId))
    .where(eq(integrationTokens.id, id));
  return row ? toToken(row) : null;
}

/** Every token, newest first; revoked ones stay listed, marked. */
export async function listTokens(db: Db): Promise<IntegrationToken[]> {
  const rows = await db
    .select(tokenColumns)
    .from(integrationTokens)
    .leftJoin(staffMembers, eq(staffMembers.id, integrationTokens.createdById))
    .leftJoin(clinics, eq(clinics.id, integrationTokens.clinicId))
    .orderBy(desc(integrationTokens.createdAt));
  return rows.map(toToken);
}

/** Revokes a live token; false when there is none with this id or it is revoked already. */
export async function revokeToken(db: Db, id: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(integrationTokens)
    .set({ revokedAt: at })
    .where(and(eq(integrationTokens.id, id), isNull(integrationTokens.revokedAt)))
    .returning({ id: integrationTokens.id });
  return rows.length > 0;
}

/** Finds the live token with this hash and records its use; null when none. */
export async function touchLiveToken(
  db: Db,
  tokenHash: string,
  at: Date,
): Promise<{ id: string; name: string; clinicId: string | null } | null> {
  const [row] = await db
    .update(integrationTokens)
    .set({ lastUsedAt: at })
    .where(and(eq(integrationTokens.tokenHash, tokenHash), isNull(integrationTokens.revokedAt)))
    .returning({
      id: integrationTokens.id,
      name: integrationTokens.name,
      clinicId: integrationTokens.clinicId,
    });
  return row ?? null;
}

/** Whether a clinic with this id exists (a clinic's token is bound to one). */
export async function clinicExists(db: Db, id: string): Promise<boolean> {
  const [row] = await db.select({ id: clinics.id }).from(clinics).where(eq(clinics.id, id));
  return row !== undefined;
}
