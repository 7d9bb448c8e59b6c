import { and, desc, eq, inArray, isNull, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import {
  clinics,
  contracts,
  coveredPersons,
  medcardDocuments,
  staffMembers,
} from "../../db/schema/index.ts";

export type MedcardDocumentTypeValue = (typeof medcardDocuments.$inferSelect)["type"];

/** A document with who added it, as every reader needs. */
export interface DocumentRow {
  id: string;
  cardId: string | null;
  personId: string | null;
  type: MedcardDocumentTypeValue;
  title: string;
  documentDate: string;
  source: "patient" | "doctor" | "clinic";
  staffName: string | null;
  clinicName: string | null;
  storageKey: string;
  originalName: string;
  mediaType: string;
  sizeBytes: number;
  createdAt: Date;
}

const documentColumns = {
  id: medcardDocuments.id,
  cardId: medcardDocuments.cardId,
  personId: medcardDocuments.personId,
  type: medcardDocuments.type,
  title: medcardDocuments.title,
  documentDate: medcardDocuments.documentDate,
  source: medcardDocuments.source,
  staffName: staffMembers.fullName,
  clinicName: clinics.name,
  storageKey: medcardDocuments.storageKey,
  originalName: medcardDocuments.originalName,
  mediaType: medcardDocuments.mediaType,
  sizeBytes: medcardDocuments.sizeBytes,
  createdAt: medcardDocuments.createdAt,
};

/** The documents of a card: written in it, or a clinic's on one of its person rows; not removed. */
function ofCard(cardId: string, personIds: readonly string[]): SQL {
  const anchor =
    personIds.length === 0
      ? eq(medcardDocuments.cardId, cardId)
      : or(eq(medcardDocuments.cardId, cardId), inArray(medcardDocuments.personId, [...personIds]));
  return and(anchor, isNull(medcardDocuments.removedAt)) ?? sql`false`;
}

function selectDocuments(db: Db) {
  return db
    .select(documentColumns)
    .from(medcardDocuments)
    .leftJoin(staffMembers, eq(staffMembers.id, medcardDocuments.staffId))
    .leftJoin(clinics, eq(clinics.id, medcardDocuments.clinicId));
}

/** Newest document date first; `documentIds` narrows the list (a share of chosen documents). */
export async function listCardDocuments(
  db: Db,
  cardId: string,
  personIds: readonly string[],
  documentIds?: readonly string[],
): Promise<DocumentRow[]> {
  if (documentIds && documentIds.length === 0) return [];
  const narrowed = documentIds ? inArray(medcardDocuments.id, [...documentIds]) : undefined;
  return selectDocuments(db)
    .where(and(ofCard(cardId, personIds), narrowed))
    .orderBy(
      desc(medcardDocuments.documentDate),
      desc(medcardDocuments.createdAt),
      desc(medcardDocuments.id),
    );
}

export async function findCardDocument(
  db: Db,
  cardId: string,
  personIds: readonly string[],
  documentId: string,
): Promise<DocumentRow | null> {
  const [row] = await selectDocuments(db).where(
    and(eq(medcardDocuments.id, documentId), ofCard(cardId, personIds)),
  );
  return row ?? null;
}

export interface NewDocument {
  cardId: string | null;
  personId: string | null;
  type: MedcardDocumentTypeValue;
  title: string;
  documentDate: string;
  source: "patient" | "doctor" | "clinic";
  staffId: string | null;
  clinicId: string | null;
  externalId: string | null;
  storageKey: string;
  originalName: string;
  mediaType: string;
  sizeBytes: number;
  createdAt: Date;
}

/**
 * Stores a document; a clinic's document whose (clinic, externalId) is stored already is not
 * stored again: null then.
 */
export async function insertDocument(db: Db, values: NewDocument): Promise<string | null> {
  const [row] = await db
    .insert(medcardDocuments)
    .values(values)
    .onConflictDoNothing({ target: [medcardDocuments.clinicId, medcardDocuments.externalId] })
    .returning({ id: medcardDocuments.id });
  return row?.id ?? null;
}

export async function findDocumentById(db: Db, documentId: string): Promise<DocumentRow | null> {
  const [row] = await selectDocuments(db).where(eq(medcardDocuments.id, documentId));
  return row ?? null;
}

/** A clinic's document by its own id (removed ones too: a repeat must not bring it back). */
export async function findClinicDocumentId(
  db: Db,
  clinicId: string,
  externalId: string,
): Promise<string | null> {
  const [row] = await db
    .select({ id: medcardDocuments.id })
    .from(medcardDocuments)
    .where(
      and(eq(medcardDocuments.clinicId, clinicId), eq(medcardDocuments.externalId, externalId)),
    );
  return row?.id ?? null;
}

export async function markDocumentRemoved(db: Db, documentId: string, at: Date): Promise<void> {
  await db
    .update(medcardDocuments)
    .set({ removedAt: at })
    .where(and(eq(medcardDocuments.id, documentId), isNull(medcardDocuments.removedAt)));
}

/** The number as stored without its series prefix «NN/» («30117742» for 11/30117742). */
const bareNumber = sql`regexp_replace(${contracts.number}, '^[0-9]+/', '')`;

/** The current persons born on `birthDate` of the contract with this number (as stored or bare). */
export async function findPersonsByContract(
  db: Db,
  number: string,
  birthDate: string,
): Promise<{ id: string; lastName: string }[]> {
  const numbers = [...new Set([number, number.toUpperCase()])];
  return db
    .select({ id: coveredPersons.id, lastName: coveredPersons.lastName })
    .from(contracts)
    .innerJoin(coveredPersons, eq(coveredPersons.contractId, contracts.id))
    .where(
      and(
        or(inArray(contracts.number, numbers), inArray(bareNumber, numbers)),
        isNull(coveredPersons.replacedAt),
        eq(coveredPersons.birthDate, birthDate),
      ),
    );
}
