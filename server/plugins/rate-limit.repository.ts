import { sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";

// The limits' class in the two-key advisory lock space, apart from the migrations' lock.
const LIMIT_LOCK_CLASS = 7_701;

/** Takes a transaction-scoped advisory lock per key, in the order given. */
export async function lockKeysInTransaction(tx: Db, keys: readonly string[]): Promise<void> {
  for (const key of keys) {
    await tx.execute(sql`select pg_advisory_xact_lock(${LIMIT_LOCK_CLASS}::int, hashtext(${key}))`);
  }
}
