import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { pushSubscriptions } from "../../db/schema/index.ts";

export interface NewPushSubscription {
  clientId: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  expirationTime: number | null;
  userAgent: string | null;
}

/**
 * Stores a browser's subscription for the account, or moves an endpoint already known (the same
 * browser, another account signed in now) to it with its fresh keys. Answers whether it is new.
 */
export async function upsertPushSubscription(
  db: Db,
  row: NewPushSubscription,
  at: Date,
): Promise<{ created: boolean }> {
  const [stored] = await db
    .insert(pushSubscriptions)
    .values({ ...row, createdAt: at, updatedAt: at })
    .onConflictDoUpdate({
      target: pushSubscriptions.endpoint,
      set: {
        clientId: row.clientId,
        p256dh: row.p256dh,
        auth: row.auth,
        expirationTime: row.expirationTime,
        userAgent: row.userAgent,
        updatedAt: at,
      },
    })
    // xmax is 0 for a row this statement inserted, the updating transaction's id otherwise.
    .returning({ created: sql<boolean>`(xmax = 0)` });
  return { created: stored?.created === true };
}

/** Removes the account's subscription of an endpoint; answers whether there was one. */
export async function deleteOwnPushSubscription(
  db: Db,
  clientId: string,
  endpoint: string,
): Promise<boolean> {
  const rows = await db
    .delete(pushSubscriptions)
    .where(and(eq(pushSubscriptions.clientId, clientId), eq(pushSubscriptions.endpoint, endpoint)))
    .returning({ id: pushSubscriptions.id });
  return rows.length > 0;
}

/** A push service answered 404 or 410: the subscription is gone for good. */
export async function deletePushSubscription(db: Db, id: string): Promise<void> {
  await db.delete(pushSubscriptions).where(eq(pushSubscriptions.id, id));
}

export async function listPushSubscriptionIds(db: Db, clientId: string): Promise<string[]> {
  const rows = await db
    .select({ id: pushSubscriptions.id })
    .from(pushSubscriptions)
    .where(eq(pushSubscriptions.clientId, clientId));
  return rows.map((row) => row.id);
}

/** One subscription for the push job, still the account's (it may have moved meanwhile). */
export async function findPushSubscription(db: Db, id: string, clientId: string) {
  const [row] = await db
    .select({
      id: pushSubscriptions.id,
      endpoint: pushSubscriptions.endpoint,
      p256dh: pushSubscriptions.p256dh,
      auth: pushSubscriptions.auth,
    })
    .from(pushSubscriptions)
    .where(and(eq(pushSubscriptions.id, id), eq(pushSubscriptions.clientId, clientId)));
  return row ?? null;
}
