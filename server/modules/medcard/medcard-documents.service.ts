import type { Multipart } from "@fastify/multipart";
import type { z } from "zod";
import { todayInMoscow } from "../../../common/format/date.ts";
import {
  type MedcardDocument,
  type MedcardDocumentFields,
  medcardDocumentFieldsSchema,
} from "../../../common/medcard/medcard.schema.ts";
import type { FieldError } from "../../../common/problem.schema.ts";
import type { Db } from "../../db/client.ts";
import { AppError, ForbiddenError, NotFoundError, ValidationError } from "../../errors.ts";
import type { FileStorage } from "../../integrations/storage/file-storage.ts";
import {
  AttachmentsTooLargeError,
  receiveMultipart,
  removeStored,
  type StoredAttachment,
  UNCLEAN_FILE_NAME,
} from "../contact/index.ts";
import { myCard } from "./medcard.service.ts";
import type { MedcardCardRow } from "./medcard-access.service.ts";
import {
  type DocumentRow,
  findDocumentById,
  insertDocument,
  markDocumentRemoved,
  type NewDocument,
} from "./medcard-documents.repository.ts";
import {
  type CardDocumentFile,
  cardDocument,
  openCardDocumentFile,
  toDocument,
} from "./medcard-view.service.ts";

/** One file a document, at most the size of a message's attachments («не больше 25 МБ»). */
export const MEDCARD_DOCUMENT_MAX_BYTES = 25 * 1024 * 1024;
/** The form field of the file; errors about the file are placed on it. */
export const DOCUMENT_FILE_FIELD = "file";
export const DOCUMENT_TOO_LARGE = "Файл документа должен быть не больше 25 МБ.";
export const DOCUMENT_NOT_FOUND = "Документ не найден";
export const DOCUMENT_NOT_REMOVABLE =
  "Этот документ добавил врач или клиника: удалить его из медкарты нельзя.";
export const DOCUMENT_FILE_MISSING = "Приложите файл документа: PDF, JPG или PNG.";
export const ONE_FILE_ONLY = "Приложите один файл: у документа один файл.";

/** What a document may be: judged by content, never by the name. */
export const DOCUMENT_MEDIA_TYPES: readonly string[] = [
  "application/pdf",
  "image/jpeg",
  "image/png",
];

/** The multipart limits of a document form: our own check counts the bytes; these stop a lying body. */
export const documentMultipartLimits = {
  fileSize: MEDCARD_DOCUMENT_MAX_BYTES + 1,
  files: 2,
  fields: 20,
  fieldSize: 4 * 1024,
};
/** Room for the text fields and the multipart framing around the file. */
export const DOCUMENT_FORM_OVERHEAD_BYTES = 64 * 1024;

export class DocumentTooLargeError extends AppError {
  constructor() {
    super(413, "document-too-large", "Файл слишком большой", DOCUMENT_TOO_LARGE);
  }
}

function notAllowed(fileName: string | null): ValidationError {
  const named = fileName ? `Файл «${fileName}» не подходит` : "Файл не подходит";
  return new ValidationError([
    { field: DOCUMENT_FILE_FIELD, message: `${named}: можно приложить PDF, JPG или PNG.` },
  ]);
}

/** The contact module's refusals, said for one document file. */
function documentProblem(error: ValidationError): ValidationError {
  const detail = error.detail ?? "";
  if (detail === UNCLEAN_FILE_NAME) {
    return new ValidationError([{ field: DOCUMENT_FILE_FIELD, message: UNCLEAN_FILE_NAME }]);
  }
  if (detail.startsWith("Можно приложить не больше")) {
    return new ValidationError([{ field: DOCUMENT_FILE_FIELD, message: ONE_FILE_ONLY }]);
  }
  return notAllowed(/«(.+)»/.exec(detail)?.[1] ?? null);
}

/** Friendlier words than the schema's for the two fields a form gets wrong most. */
const FIELD_MESSAGES: Record<string, string> = {
  type: "Выберите тип документа",
  documentDate: "Укажите дату документа (ГГГГ-ММ-ДД)",
  birthDate: "Укажите дату рождения пациента (ГГГГ-ММ-ДД)",
};

function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => {
    const field = issue.path.join(".");
    const friendly = FIELD_MESSAGES[field];
    // A field too long or with control characters keeps the schema's own message.
    const keep = issue.code === "too_big" || issue.code === "custom" || !friendly;
    return { field, message: keep ? issue.message : friendly };
  });
}

export const FUTURE_DOCUMENT_DATE = "Дата документа не может быть позже сегодняшней";

/**
 * Reads a document form: one file (PDF, JPEG or PNG by content, at most 25 MB, streamed to the
 * storage), then the text fields checked against `schema`, the document's date not in the future.
 * On any refusal the stored file is removed before the error is thrown.
 */
export async function receiveDocumentForm<Schema extends z.ZodType<MedcardDocumentFields>>(
  parts: AsyncIterable<Multipart>,
  storage: FileStorage,
  schema: Schema,
  today = todayInMoscow(),
): Promise<{ fields: z.output<Schema>; file: StoredAttachment }> {
  let received: Awaited<ReturnType<typeof receiveMultipart>>;
  try {
    received = await receiveMultipart(parts, storage, {
      maxTotalBytes: MEDCARD_DOCUMENT_MAX_BYTES,
      maxFiles: 1,
    });
  } catch (error) {
    if (error instanceof AttachmentsTooLargeError) throw new DocumentTooLargeError();
    if (error instanceof ValidationError) throw documentProblem(error);
    throw error;
  }
  const { fields, files } = received;
  const refuse = async (error: Error): Promise<never> => {
    await removeStored(storage, files);
    throw error;
  };
  const [file] = files;
  if (file && !DOCUMENT_MEDIA_TYPES.includes(file.mediaType)) {
    return refuse(notAllowed(file.originalName));
  }
  const parsed = schema.safeParse(fields);
  // Every missing field at once, the file among them, so the form marks them all.
  const problems = parsed.success ? [] : fieldErrors(parsed.error);
  if (!file) problems.push({ field: DOCUMENT_FILE_FIELD, message: DOCUMENT_FILE_MISSING });
  if (!parsed.success || !file) return refuse(new ValidationError(problems));
  if (parsed.data.documentDate > today) {
    return refuse(new ValidationError([{ field: "documentDate", message: FUTURE_DOCUMENT_DATE }]));
  }
  return { fields: parsed.data, file };
}

/**
 * Stores a received document; when the row cannot be written the file is removed. Null when a
 * clinic's document with the same (clinic, externalId) was stored meanwhile (its file removed).
 */
export async function storeDocument(
  db: Db,
  storage: FileStorage,
  values: Omit<NewDocument, "storageKey" | "originalName" | "mediaType" | "sizeBytes">,
  file: StoredAttachment,
): Promise<DocumentRow | null> {
  let id: string | null;
  try {
    id = await insertDocument(db, { ...values, ...file });
  } catch (error) {
    await removeStored(storage, [file]);
    throw error;
  }
  if (!id) {
    await removeStored(storage, [file]);
    return null;
  }
  return findDocumentById(db, id);
}

/** «Добавить документ» in the cabinet: the client's own document on one of its cards. */
export async function addMyDocument(
  db: Db,
  storage: FileStorage,
  clientId: string,
  cardId: string,
  parts: AsyncIterable<Multipart>,
  now = new Date(),
): Promise<MedcardDocument> {
  const card = await myCard(db, clientId, cardId);
  const { fields, file } = await receiveDocumentForm(parts, storage, medcardDocumentFieldsSchema);
  const row = await storeDocument(
    db,
    storage,
    {
      cardId: card.id,
      personId: null,
      type: fields.type,
      title: fields.title,
      documentDate: fields.documentDate,
      source: "patient",
      staffId: null,
      clinicId: null,
      externalId: null,
      createdAt: now,
    },
    file,
  );
  if (!row) throw new Error("the medcard document was not stored");
  return toDocument(card, row, "patient");
}

/** One of the card's documents, or a 404 «Документ не найден». */
export async function requireCardDocument(
  db: Db,
  card: MedcardCardRow,
  documentId: string,
): Promise<DocumentRow> {
  const row = await cardDocument(db, card, documentId);
  if (!row) throw new NotFoundError(DOCUMENT_NOT_FOUND);
  return row;
}

export async function openMyDocumentFile(
  db: Db,
  storage: FileStorage,
  clientId: string,
  cardId: string,
  documentId: string,
): Promise<CardDocumentFile> {
  const card = await myCard(db, clientId, cardId);
  return openCardDocumentFile(storage, await requireCardDocument(db, card, documentId));
}

/**
 * Removes a document the client added itself to this card (kept for the record, listed no more);
 * a doctor's or a clinic's is refused.
 */
export async function removeMyDocument(
  db: Db,
  clientId: string,
  cardId: string,
  documentId: string,
  now = new Date(),
): Promise<void> {
  const card = await myCard(db, clientId, cardId);
  const row = await requireCardDocument(db, card, documentId);
  if (row.source !== "patient" || row.cardId !== card.id) {
    throw new ForbiddenError(DOCUMENT_NOT_REMOVABLE);
  }
  await markDocumentRemoved(db, row.id, now);
}
