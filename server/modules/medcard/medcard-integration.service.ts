import type { Multipart } from "@fastify/multipart";
import { personNameKey } from "../../../common/contracts/person-match.ts";
import {
  type MedcardClinicDocument,
  medcardClinicDocumentFieldsSchema,
} from "../../../common/medcard/medcard.schema.ts";
import type { Db } from "../../db/client.ts";
import { AppError, NotFoundError } from "../../errors.ts";
import type { FileStorage } from "../../integrations/storage/file-storage.ts";
import { removeStored } from "../contact/index.ts";
import { emitDocumentAdded } from "./medcard-document-notices.ts";
import {
  type DocumentRow,
  findClinicDocumentId,
  findDocumentById,
  findPersonsByContract,
} from "./medcard-documents.repository.ts";
import { receiveDocumentForm, storeDocument } from "./medcard-documents.service.ts";

export const PATIENT_NOT_FOUND = "Пациент не найден";
export const PATIENT_AMBIGUOUS =
  "По этому договору с этой датой рождения обслуживаются несколько пациентов: укажите фамилию пациента в поле lastName.";

/** The last name as person-match compares it (case, ё/е and spaces aside). */
function lastNameKey(lastName: string): string {
  return personNameKey(lastName, "", null).split("|")[0] ?? "";
}

/**
 * The covered person a clinic names: a current person of the contract with that number born on that
 * date; the last name picks between two (and must agree with one, when given).
 */
async function personNamed(
  db: Db,
  fields: { contractNumber: string; birthDate: string; lastName?: string | undefined },
): Promise<string> {
  const persons = await findPersonsByContract(db, fields.contractNumber, fields.birthDate);
  const named = fields.lastName
    ? persons.filter(
        (person) => lastNameKey(person.lastName) === lastNameKey(fields.lastName ?? ""),
      )
    : persons;
  const [person, another] = named;
  if (!person) throw new NotFoundError(PATIENT_NOT_FOUND);
  if (another)
    throw new AppError(409, "patient-ambiguous", "Пациент не определён", PATIENT_AMBIGUOUS);
  return person.id;
}

function toClinicDocument(row: DocumentRow, externalId: string): MedcardClinicDocument {
  const mediaType = row.mediaType;
  return {
    id: row.id,
    externalId,
    type: row.type,
    title: row.title,
    documentDate: row.documentDate,
    fileName: row.originalName,
    mediaType:
      mediaType === "image/jpeg" || mediaType === "image/png" ? mediaType : "application/pdf",
    sizeBytes: row.sizeBytes,
    createdAt: row.createdAt.toISOString(),
  };
}

async function storedClinicDocument(
  db: Db,
  clinicId: string,
  externalId: string,
): Promise<MedcardClinicDocument | null> {
  const id = await findClinicDocumentId(db, clinicId, externalId);
  const row = id ? await findDocumentById(db, id) : null;
  return row ? toClinicDocument(row, externalId) : null;
}

/**
 * A clinic's document for a covered person (integration API). Idempotent by the clinic's own id:
 * a repeat answers the document stored the first time (`created: false`) and keeps no second file.
 */
export async function receiveClinicDocument(
  db: Db,
  storage: FileStorage,
  clinicId: string,
  parts: AsyncIterable<Multipart>,
  now = new Date(),
): Promise<{ created: boolean; document: MedcardClinicDocument }> {
  const { fields, file } = await receiveDocumentForm(
    parts,
    storage,
    medcardClinicDocumentFieldsSchema,
  );
  const repeat = async () => {
    await removeStored(storage, [file]);
    const stored = await storedClinicDocument(db, clinicId, fields.externalId);
    if (!stored) throw new Error("the clinic's document vanished");
    return { created: false, document: stored };
  };
  if (await findClinicDocumentId(db, clinicId, fields.externalId)) return repeat();
  let personId: string;
  try {
    personId = await personNamed(db, fields);
  } catch (error) {
    await removeStored(storage, [file]);
    throw error;
  }
  const row = await db.transaction(async (tx) => {
    const stored = await storeDocument(
      tx,
      storage,
      {
        cardId: null,
        personId,
        type: fields.type,
        title: fields.title,
        documentDate: fields.documentDate,
        source: "clinic",
        staffId: null,
        clinicId,
        externalId: fields.externalId,
        createdAt: now,
      },
      file,
    );
    if (stored) await emitDocumentAdded(tx, stored.id, { personId });
    return stored;
  });
  // Null: the same document came in a parallel call and was stored by it.
  if (!row) return repeat();
  return { created: true, document: toClinicDocument(row, fields.externalId) };
}
