import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import {
  clientMessages,
  clients,
  contracts,
  messageReplies,
  replacementRequests,
  staffMembers,
} from "../../db/schema/index.ts";

/**
 * What the reply e-mail needs, read by the reply's id: an event names the reply, not its text.
 * Notifications read the tables of the changes they tell of rather than import those modules,
 * so that every module may call the notifications module without a cycle.
 */
export async function findReplyNotice(db: Db, replyId: string) {
  const [row] = await db
    .select({
      to: clientMessages.email,
      contractNumber: contracts.number,
      reply: messageReplies.body,
      authorName: staffMembers.fullName,
      messageBody: clientMessages.body,
      messageCreatedAt: clientMessages.createdAt,
    })
    .from(messageReplies)
    .innerJoin(clientMessages, eq(clientMessages.id, messageReplies.messageId))
    .innerJoin(contracts, eq(contracts.id, clientMessages.contractId))
    .innerJoin(staffMembers, eq(staffMembers.id, messageReplies.authorId))
    .where(eq(messageReplies.id, replyId));
  return row ?? null;
}

/** What the decision SMS needs, read by the request's id. */
export async function findReplacementDecisionNotice(db: Db, changeRequestId: string) {
  const [row] = await db
    .select({
      to: clients.phone,
      contractKind: contracts.kind,
      contractNumber: contracts.number,
      status: replacementRequests.status,
      comment: replacementRequests.decisionComment,
    })
    .from(replacementRequests)
    .innerJoin(contracts, eq(contracts.id, replacementRequests.contractId))
    .innerJoin(clients, eq(clients.id, replacementRequests.clientId))
    .where(eq(replacementRequests.id, changeRequestId));
  return row ?? null;
}
