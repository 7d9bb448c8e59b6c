import { eq, inArray, sql } from "drizzle-orm";
import type { ContactQueueCounts } from "../../../common/contact/queue-summary.schema.ts";
import type { Db } from "../../db/client.ts";
import {
  callbackRequests,
  clientMessages,
  messageReplies,
  replacementRequests,
} from "../../db/schema/index.ts";
import { OPEN_CALLBACK } from "./callbacks.repository.ts";
import { OPEN_MESSAGE } from "./messages.repository.ts";

const counted = (condition: ReturnType<typeof sql>) =>
  sql<number>`(count(*) filter (where ${condition}))::int`;

/** One aggregate over the open call-backs (the status index): new, past due, the member's own. */
export async function countCallbacks(
  db: Db,
  staffId: string,
  now: Date,
): Promise<ContactQueueCounts> {
  const [row] = await db
    .select({
      new: counted(sql`${callbackRequests.status} = 'new'`),
      overdue: counted(sql`${callbackRequests.dueAt} < ${now.toISOString()}::timestamptz`),
      mine: counted(sql`${callbackRequests.assignedToId} = ${staffId}`),
    })
    .from(callbackRequests)
    .where(inArray(callbackRequests.status, OPEN_CALLBACK));
  return row ?? { new: 0, overdue: 0, mine: 0 };
}

/**
 * One aggregate over the open messages: new, unanswered since before `overdueBefore`, the
 * member's own. The reply check is an index probe per old open message, not a join of threads.
 */
export async function countMessages(
  db: Db,
  staffId: string,
  overdueBefore: Date,
): Promise<ContactQueueCounts> {
  const [row] = await db
    .select({
      new: counted(sql`${clientMessages.status} = 'new'`),
      overdue: counted(
        sql`${clientMessages.createdAt} < ${overdueBefore.toISOString()}::timestamptz and not exists (select 1 from ${messageReplies} where ${messageReplies.messageId} = ${clientMessages.id})`,
      ),
      mine: counted(sql`${clientMessages.assignedToId} = ${staffId}`),
    })
    .from(clientMessages)
    .where(inArray(clientMessages.status, OPEN_MESSAGE));
  return row ?? { new: 0, overdue: 0, mine: 0 };
}

export async function countPendingReplacements(db: Db): Promise<number> {
  const [row] = await db
    .select({ pending: sql<number>`count(*)::int` })
    .from(replacementRequests)
    .where(eq(replacementRequests.status, "pending"));
  return row?.pending ?? 0;
}
