import { inArray } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { messageAttachments } from "../../db/schema/index.ts";

/** Those of `keys` that a message's attachment row refers to. */
export async function referencedStorageKeys(db: Db, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .select({ key: messageAttachments.storageKey })
    .from(messageAttachments)
    .where(inArray(messageAttachments.storageKey, keys));
  return new Set(rows.map((row) => row.key));
}
