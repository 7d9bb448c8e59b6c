import { inArray } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { chatMessageFiles, messageAttachments } from "../../db/schema/index.ts";

/**
 * Those of `keys` that a stored file's row refers to: a message's attachment or a chat message's
 * file (the storage is one for both).
 */
export async function referencedStorageKeys(db: Db, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const [attachments, chatFiles] = await Promise.all([
    db
      .select({ key: messageAttachments.storageKey })
      .from(messageAttachments)
      .where(inArray(messageAttachments.storageKey, keys)),
    db
      .select({ key: chatMessageFiles.storageKey })
      .from(chatMessageFiles)
      .where(inArray(chatMessageFiles.storageKey, keys)),
  ]);
  return new Set([...attachments, ...chatFiles].map((row) => row.key));
}
