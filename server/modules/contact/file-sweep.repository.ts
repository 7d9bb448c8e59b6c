import { inArray, or } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import {
  appointments,
  chatMessageFiles,
  dataExports,
  medcardDocuments,
  messageAttachments,
} from "../../db/schema/index.ts";

/**
 * Those of `keys` that a stored file's row refers to: a message's attachment, a chat message's
 * file, an appointment's guarantee letter, a medical card's document or a data export's file (the
 * storage is one for all; a kind of file missing here is deleted an hour after its upload).
 */
export async function referencedStorageKeys(db: Db, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const [attachments, chatFiles, letters, medcardFiles, exportFiles] = await Promise.all([
    db
      .select({ key: messageAttachments.storageKey })
      .from(messageAttachments)
      .where(inArray(messageAttachments.storageKey, keys)),
    db
      .select({ key: chatMessageFiles.storageKey })
      .from(chatMessageFiles)
      .where(inArray(chatMessageFiles.storageKey, keys)),
    db
      .select({ key: appointments.letterStorageKey })
      .from(appointments)
      .where(inArray(appointments.letterStorageKey, keys)),
    // Removed documents keep their files too: a card's record is kept (decision 0024).
    db
      .select({ key: medcardDocuments.storageKey })
      .from(medcardDocuments)
      .where(inArray(medcardDocuments.storageKey, keys)),
    // «Выгрузить мои данные»: kept while ready; its own sweep removes them after 24 hours.
    db
      .select({ a: dataExports.jsonStorageKey, b: dataExports.pdfStorageKey })
      .from(dataExports)
      .where(
        or(inArray(dataExports.jsonStorageKey, keys), inArray(dataExports.pdfStorageKey, keys)),
      ),
  ]);
  return new Set(
    [
      ...[...attachments, ...chatFiles, ...letters, ...medcardFiles].map((row) => row.key),
      ...exportFiles.flatMap((row) => [row.a, row.b]),
    ].flatMap((key) => (key ? [key] : [])),
  );
}
