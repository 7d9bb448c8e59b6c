import { and, desc, eq, inArray } from "drizzle-orm";
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
    .where(and(eq(consents.clientId, clientId), inArray(consents.documentId, documentIds)));
  return new Set(rows.map((row) => row.documentId));
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
