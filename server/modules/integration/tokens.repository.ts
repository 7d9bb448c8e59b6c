import { and, desc, eq, isNull } from "drizzle-orm";
import type { IntegrationToken } from "../../../common/integration/integration.schema.ts";
import type { Db } from "../../db/client.ts";
import { integrationTokens, staffMembers } from "../../db/schema/index.ts";

const tokenColumns = {
  id: integrationTokens.id,
  name: integrationTokens.name,
  prefix: integrationTokens.tokenPrefix,
  createdAt: integrationTokens.createdAt,
  createdBy: staffMembers.fullName,
  lastUsedAt: integrationTokens.lastUsedAt,
  revokedAt: integrationTokens.revokedAt,
};

type TokenRow = {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  createdBy: string | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

function toToken(row: TokenRow): IntegrationToken {
  return {
    ...row,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

export async function insertToken(
  db: Db,
  values: { name: string; tokenHash: string; tokenPrefix: string; createdById: string },
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
    .where(eq(integrationTokens.id, id));
  return row ? toToken(row) : null;
}

/** Every token, newest first; revoked ones stay listed, marked. */
export async function listTokens(db: Db): Promise<IntegrationToken[]> {
  const rows = await db
    .select(tokenColumns)
    .from(integrationTokens)
    .leftJoin(staffMembers, eq(staffMembers.id, integrationTokens.createdById))
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
): Promise<{ id: string; name: string } | null> {
  const [row] = await db
    .update(integrationTokens)
    .set({ lastUsedAt: at })
    .where(and(eq(integrationTokens.tokenHash, tokenHash), isNull(integrationTokens.revokedAt)))
    .returning({ id: integrationTokens.id, name: integrationTokens.name });
  return row ?? null;
}
