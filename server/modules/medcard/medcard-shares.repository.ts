import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import {
  medcardCards,
  medcardShareDocuments,
  medcardShares,
  medcardShareViews,
} from "../../db/schema/index.ts";

/** A share as the rules need it: never its hashes beyond the code's, which only the open checks. */
export interface ShareRow {
  id: string;
  cardId: string;
  scope: "card" | "documents";
  codeHash: string;
  expiresAt: Date;
  revokedAt: Date | null;
  createdAt: Date;
}

const shareColumns = {
  id: medcardShares.id,
  cardId: medcardShares.cardId,
  scope: medcardShares.scope,
  codeHash: medcardShares.codeHash,
  expiresAt: medcardShares.expiresAt,
  revokedAt: medcardShares.revokedAt,
  createdAt: medcardShares.createdAt,
};

export interface ShareViewRow {
  shareId: string;
  openedAt: Date;
  ip: string | null;
}

/** Stores a share and, for «documents», the documents it covers, in one transaction. */
export async function insertShare(
  db: Db,
  values: {
    cardId: string;
    tokenHash: string;
    codeHash: string;
    scope: "card" | "documents";
    expiresAt: Date;
    createdAt: Date;
    documentIds: readonly string[];
  },
): Promise<ShareRow> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(medcardShares)
      .values({
        cardId: values.cardId,
        tokenHash: values.tokenHash,
        codeHash: values.codeHash,
        scope: values.scope,
        expiresAt: values.expiresAt,
        createdAt: values.createdAt,
      })
      .returning(shareColumns);
    if (!row) throw new Error("the share was not stored");
    if (values.documentIds.length > 0) {
      await tx
        .insert(medcardShareDocuments)
        .values(values.documentIds.map((documentId) => ({ shareId: row.id, documentId })));
    }
    return row;
  });
}

/** A card's shares, newest first. */
export async function listSharesOfCard(db: Db, cardId: string): Promise<ShareRow[]> {
  return db
    .select(shareColumns)
    .from(medcardShares)
    .where(eq(medcardShares.cardId, cardId))
    .orderBy(desc(medcardShares.createdAt), desc(medcardShares.id));
}

export async function findShareOfCard(
  db: Db,
  cardId: string,
  shareId: string,
): Promise<ShareRow | null> {
  const [row] = await db
    .select(shareColumns)
    .from(medcardShares)
    .where(and(eq(medcardShares.id, shareId), eq(medcardShares.cardId, cardId)));
  return row ?? null;
}

/** The share a link's token hash names, with the account that keeps its card. */
export async function findShareByTokenHash(
  db: Db,
  tokenHash: string,
): Promise<(ShareRow & { ownerClientId: string }) | null> {
  const [row] = await db
    .select({ ...shareColumns, ownerClientId: medcardCards.ownerClientId })
    .from(medcardShares)
    .innerJoin(medcardCards, eq(medcardCards.id, medcardShares.cardId))
    .where(eq(medcardShares.tokenHash, tokenHash));
  return row ?? null;
}

/** Revokes a share that is not revoked yet; null when it already was (its first time stays). */
export async function revokeShare(db: Db, shareId: string, at: Date): Promise<ShareRow | null> {
  const [row] = await db
    .update(medcardShares)
    .set({ revokedAt: at })
    .where(and(eq(medcardShares.id, shareId), isNull(medcardShares.revokedAt)))
    .returning(shareColumns);
  return row ?? null;
}

/** The documents each «documents» share covers, by share id. */
export async function listShareDocumentIds(
  db: Db,
  shareIds: readonly string[],
): Promise<Map<string, string[]>> {
  const byShare = new Map<string, string[]>();
  if (shareIds.length === 0) return byShare;
  const rows = await db
    .select({
      shareId: medcardShareDocuments.shareId,
      documentId: medcardShareDocuments.documentId,
    })
    .from(medcardShareDocuments)
    .where(inArray(medcardShareDocuments.shareId, [...shareIds]));
  for (const row of rows) {
    const list = byShare.get(row.shareId) ?? [];
    list.push(row.documentId);
    byShare.set(row.shareId, list);
  }
  for (const list of byShare.values()) list.sort();
  return byShare;
}

/** The openings of these shares, newest first. */
export async function listShareViews(db: Db, shareIds: readonly string[]): Promise<ShareViewRow[]> {
  if (shareIds.length === 0) return [];
  return db
    .select({
      shareId: medcardShareViews.shareId,
      openedAt: medcardShareViews.openedAt,
      ip: medcardShareViews.ip,
    })
    .from(medcardShareViews)
    .where(inArray(medcardShareViews.shareId, [...shareIds]))
    .orderBy(desc(medcardShareViews.openedAt));
}

/** Logs an opening with the hash of the grant its browser got. */
export async function insertShareView(
  db: Db,
  values: {
    shareId: string;
    grantHash: string;
    ip: string | null;
    userAgent: string | null;
    openedAt: Date;
  },
): Promise<void> {
  await db.insert(medcardShareViews).values(values);
}

/** The share an opening's grant belongs to, if the grant is one of that share's. */
export async function grantBelongsToShare(
  db: Db,
  shareId: string,
  grantHash: string,
): Promise<boolean> {
  const [row] = await db
    .select({ id: medcardShareViews.id })
    .from(medcardShareViews)
    .where(and(eq(medcardShareViews.shareId, shareId), eq(medcardShareViews.grantHash, grantHash)));
  return row !== undefined;
}
