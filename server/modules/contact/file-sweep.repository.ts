import { inArray } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import {
  appointments,
  chatMessageFiles,
  medcardDocuments,
  messageAttachments,
} from "../../db/schema/index.ts";

/**
 * Those of `keys` that a stored file's row refers to: a message's attachment, a chat message's
 * file, an appointment's guarantee letter or a medical card's document (the storage is one for
 * all; a kind of file missing here is deleted an hour after its upload).
 */
export async function referencedStorageKeys(db: Db, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const [attachments, chatFiles, letters, medcardFiles] = await Promise.all([
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
  ]);
  return new Set(
    [...attachments, ...chatFiles, ...letters, ...medcardFiles].flatMap((row) =>
      row.key ? [row.key] : [],
    ),
  );
}
