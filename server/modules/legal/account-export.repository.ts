import { asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { consents, legalDocuments } from "../../db/schema/index.ts";

/**
 * Every document version the account accepted, with time, IP and browser (152-FZ), and when and
 * from where a withdrawn one was withdrawn; oldest first.
 */
export function accountConsents(db: Db, clientId: string) {
  return db
    .select({
      documentSlug: legalDocuments.slug,
      documentTitle: legalDocuments.title,
      documentVersion: legalDocuments.version,
      acceptedAt: consents.acceptedAt,
      ip: consents.ip,
      userAgent: consents.userAgent,
      withdrawnAt: consents.withdrawnAt,
      withdrawnIp: consents.withdrawnIp,
    })
    .from(consents)
    .innerJoin(legalDocuments, eq(legalDocuments.id, consents.documentId))
    .where(eq(consents.clientId, clientId))
    .orderBy(asc(consents.acceptedAt), asc(legalDocuments.slug));
}
