import { eq, sql } from "drizzle-orm";
import type {
  KindChannels,
  QuietHours,
} from "../../../common/notifications/notifications.schema.ts";
import type { Db } from "../../db/client.ts";
import { notificationPreferences, notificationQuietHours } from "../../db/schema/index.ts";

/** The kinds the account chose channels for (the rest have the defaults). */
export async function listStoredChannels(db: Db, clientId: string): Promise<KindChannels[]> {
  const rows = await db
    .select({
      kind: notificationPreferences.kind,
      sms: notificationPreferences.sms,
      email: notificationPreferences.email,
      push: notificationPreferences.push,
    })
    .from(notificationPreferences)
    .where(eq(notificationPreferences.clientId, clientId));
  return rows.flatMap((row) => (row.kind === "security" ? [] : [{ ...row, kind: row.kind }]));
}

export async function findStoredQuietHours(db: Db, clientId: string): Promise<QuietHours | null> {
  const [row] = await db
    .select({
      enabled: notificationQuietHours.enabled,
      start: notificationQuietHours.start,
      end: notificationQuietHours.end,
    })
    .from(notificationQuietHours)
    .where(eq(notificationQuietHours.clientId, clientId));
  return row ?? null;
}

/** Stores every kind's channels and the quiet hours at once. */
export async function saveChoices(
  db: Db,
  clientId: string,
  kinds: readonly KindChannels[],
  quiet: QuietHours,
  at: Date,
): Promise<void> {
  await db.transaction(async (tx) => {
    for (const kind of kinds) {
      await tx
        .insert(notificationPreferences)
        .values({ clientId, ...kind, updatedAt: at })
        .onConflictDoUpdate({
          target: [notificationPreferences.clientId, notificationPreferences.kind],
          set: { sms: kind.sms, email: kind.email, push: kind.push, updatedAt: at },
        });
    }
    await tx
      .insert(notificationQuietHours)
      .values({ clientId, ...quiet, updatedAt: at })
      .onConflictDoUpdate({
        target: notificationQuietHours.clientId,
        set: {
          enabled: quiet.enabled,
          start: quiet.start,
          end: quiet.end,
          updatedAt: sql`excluded.updated_at`,
        },
      });
  });
}
