import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import {
  clientMessages,
  clients,
  contracts,
  medcardDocuments,
  messageReplies,
  orders,
  replacementRequests,
  securityEvents,
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
      clientId: clientMessages.clientId,
      messageId: clientMessages.id,
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
      clientId: replacementRequests.clientId,
      contractId: contracts.id,
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

/** What a payment's notice needs, read by the order's id. */
export async function findOrderPaymentNotice(db: Db, orderId: string) {
  const [row] = await db
    .select({
      id: orders.id,
      clientId: orders.clientId,
      number: orders.number,
      paidKopecks: orders.paidKopecks,
      refundedKopecks: orders.refundedKopecks,
      receiptEmail: orders.receiptEmail,
    })
    .from(orders)
    .where(eq(orders.id, orderId));
  return row ?? null;
}

/** A medical card's document as its notice tells of it. */
export async function findDocumentNotice(db: Db, documentId: string) {
  const [row] = await db
    .select({
      id: medcardDocuments.id,
      source: medcardDocuments.source,
      removedAt: medcardDocuments.removedAt,
    })
    .from(medcardDocuments)
    .where(eq(medcardDocuments.id, documentId));
  return row ? { ...row, removed: row.removedAt !== null } : null;
}

/** The security log's row a security notice tells of. */
export async function findSecurityNotice(db: Db, securityEventId: string) {
  const [row] = await db
    .select({
      clientId: securityEvents.clientId,
      kind: securityEvents.kind,
      details: securityEvents.details,
      createdAt: securityEvents.createdAt,
    })
    .from(securityEvents)
    .where(eq(securityEvents.id, securityEventId));
  return row ?? null;
}
