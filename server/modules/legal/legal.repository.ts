import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { consents, legalDocuments } from "../../db/schema/index.ts";

export type LegalDocumentRow = typeof legalDocuments.$inferSelect;

/** The latest version of every document. */
export async function findLatestDocuments(db: Db): Promise<LegalDocumentRow[]> {
  return db
    .selectDistinctOn([legalDocuments.slug])
    .from(legalDocuments)
    .orderBy(legalDocuments.slug, desc(legalDocuments.version));
}

export async function insertDocumentVersion(
  db: Db,
  document: { slug: string; version: number; title: string; bodyMarkdown: string },
): Promise<void> {
  await db.insert(legalDocuments).values(document).onConflictDoNothing();
}

export async function findConsentedDocumentIds(
  db: Db,
  clientId: string,
  documentIds: string[],
): Promise<Set<string>> {
  if (documentIds.length === 0) return new Set();
  const rows = await db
    .select({ documentId: consents.documentId })
    .from(consents)
    .where(
      and(
        eq(consents.clientId, clientId),
        inArray(consents.documentId, documentIds),
        isNull(consents.withdrawnAt),
      ),
    );
  return new Set(rows.map((row) => row.documentId));
}

export interface AccountConsentRow {
  slug: string;
  title: string;
  version: number;
  acceptedAt: Date;
  withdrawnAt: Date | null;
}

/** The account's newest acceptance of each document (withdrawn or not), by document. */
export async function findAccountConsents(db: Db, clientId: string): Promise<AccountConsentRow[]> {
  return db
    .selectDistinctOn([legalDocuments.slug], {
      slug: legalDocuments.slug,
      title: legalDocuments.title,
      version: legalDocuments.version,
      acceptedAt: consents.acceptedAt,
      withdrawnAt: consents.withdrawnAt,
    })
    .from(consents)
    .innerJoin(legalDocuments, eq(legalDocuments.id, consents.documentId))
    .where(eq(consents.clientId, clientId))
    .orderBy(legalDocuments.slug, desc(consents.acceptedAt), desc(legalDocuments.version));
}

/** Withdraws every version of one document the account has in force; how many were. */
export async function withdrawConsents(
  db: Db,
  clientId: string,
  slug: string,
  meta: { ip: string | null; at: Date },
): Promise<number> {
  const rows = await db
    .update(consents)
    .set({ withdrawnAt: meta.at, withdrawnIp: meta.ip })
    .where(
      and(
        eq(consents.clientId, clientId),
        isNull(consents.withdrawnAt),
        inArray(
          consents.documentId,
          db
            .select({ id: legalDocuments.id })
            .from(legalDocuments)
            .where(eq(legalDocuments.slug, slug)),
        ),
      ),
    )
    .returning({ id: consents.id });
  return rows.length;
}

export async function insertConsents(
  db: Db,
  clientId: string,
  documentIds: string[],
  meta: { ip: string | null; userAgent: string | undefined },
  at: Date,
): Promise<void> {
  if (documentIds.length === 0) return;
  await db
    .insert(consents)
    .values(
      documentIds.map((documentId) => ({
        clientId,
        documentId,
        acceptedAt: at,
        ip: meta.ip,
        userAgent: meta.userAgent?.slice(0, 512) ?? null,
      })),
    )
    .onConflictDoNothing();
}
