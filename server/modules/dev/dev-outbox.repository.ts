import { and, desc, eq, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { outboxMessages } from "../../db/schema/outbox.ts";

export interface OutboxRow {
  channel: "sms" | "email";
  to: string;
  subject: string | null;
  text: string;
  createdAt: Date;
}

/** The newest stored messages first, of one recipient when given. */
export async function listOutboxMessages(
  db: Db,
  { phone, email, limit }: { phone?: string; email?: string; limit: number },
): Promise<OutboxRow[]> {
  let where: SQL | undefined;
  if (phone) where = and(eq(outboxMessages.channel, "sms"), eq(outboxMessages.recipient, phone));
  if (email) where = and(eq(outboxMessages.channel, "email"), eq(outboxMessages.recipient, email));
  return db
    .select({
      channel: outboxMessages.channel,
      to: outboxMessages.recipient,
      subject: outboxMessages.subject,
      text: outboxMessages.body,
      createdAt: outboxMessages.createdAt,
    })
    .from(outboxMessages)
    .where(where)
    .orderBy(desc(outboxMessages.createdAt))
    .limit(limit);
}
