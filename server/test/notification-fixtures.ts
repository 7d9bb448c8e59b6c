import type { Db } from "../db/client.ts";
import { notificationQuietHours } from "../db/schema/index.ts";

/**
 * Turns the account's quiet hours off, for tests of what a message says that must not depend on
 * the hour they run at (by default an SMS between 21:00 and 09:00 Moscow time waits for 09:00).
 */
export async function turnOffQuietHours(db: Db, clientId: string): Promise<void> {
  await db
    .insert(notificationQuietHours)
    .values({ clientId, enabled: false, start: "21:00", end: "09:00" })
    .onConflictDoUpdate({ target: notificationQuietHours.clientId, set: { enabled: false } });
}
