import { inArray } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { appointments, chatMessageFiles, messageAttachments } from "../../db/schema/index.ts";

/**
 * Those of `keys` that a stored file's row refers to: a message's attachment, a chat message's
 * file or an appointment's guarantee letter (the storage is one for all).
 */
export async function referencedStorageKeys(db: Db, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const [attachments, chatFiles, letters] = await Promise.all([
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
  ]);
  return new Set(
    [...attachments, ...chatFiles, ...letters].flatMap((row) => (row.key ? [row.key] : [])),
  );
}
