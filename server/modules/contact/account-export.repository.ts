import { asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import {
  callbackRequests,
  clientMessages,
  contracts,
  coveredPersons,
  messageAttachments,
  messageReplies,
  staffMembers,
} from "../../db/schema/index.ts";

// What the contact centre holds of an account, for «Выгрузить мои данные» (decision 0030): its
// «Перезвонить мне» and its messages with the files' names and the replies. A file's bytes stay in
// the storage; its storage key never leaves the server.

/** The account's call-backs, oldest first. */
export function accountCallbacks(db: Db, clientId: string) {
  return db
    .select({
      id: callbackRequests.id,
      contractNumber: contracts.number,
      personName: sql<
        string | null
      >`case when ${coveredPersons.id} is null then null else concat_ws(' ', ${coveredPersons.lastName}, ${coveredPersons.firstName}, ${coveredPersons.patronymic}) end`,
      phone: callbackRequests.phone,
      windowStart: callbackRequests.windowStart,
      windowEnd: callbackRequests.windowEnd,
      note: callbackRequests.note,
      status: callbackRequests.status,
      outcome: callbackRequests.outcome,
      closedAt: callbackRequests.closedAt,
      createdAt: callbackRequests.createdAt,
    })
    .from(callbackRequests)
    .leftJoin(contracts, eq(contracts.id, callbackRequests.contractId))
    .leftJoin(coveredPersons, eq(coveredPersons.id, callbackRequests.personId))
    .where(eq(callbackRequests.clientId, clientId))
    .orderBy(asc(callbackRequests.createdAt));
}

/** The account's messages, oldest first. */
export function accountMessages(db: Db, clientId: string) {
  return db
    .select({
      id: clientMessages.id,
      contractNumber: contracts.number,
      email: clientMessages.email,
      body: clientMessages.body,
      status: clientMessages.status,
      createdAt: clientMessages.createdAt,
      closedAt: clientMessages.closedAt,
    })
    .from(clientMessages)
    .innerJoin(contracts, eq(contracts.id, clientMessages.contractId))
    .where(eq(clientMessages.clientId, clientId))
    .orderBy(asc(clientMessages.createdAt));
}

/** The files of these messages (names, types, sizes). */
export function attachmentsOfMessages(db: Db, messageIds: string[]) {
  if (messageIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      messageId: messageAttachments.messageId,
      name: messageAttachments.originalName,
      mediaType: messageAttachments.mediaType,
      sizeBytes: messageAttachments.sizeBytes,
    })
    .from(messageAttachments)
    .where(inArray(messageAttachments.messageId, messageIds))
    .orderBy(asc(messageAttachments.createdAt));
}

/** The contact centre's replies to these messages, oldest first, with who wrote each. */
export function repliesOfMessages(db: Db, messageIds: string[]) {
  if (messageIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      messageId: messageReplies.messageId,
      authorName: staffMembers.fullName,
      body: messageReplies.body,
      createdAt: messageReplies.createdAt,
      readAt: messageReplies.readAt,
    })
    .from(messageReplies)
    .innerJoin(staffMembers, eq(staffMembers.id, messageReplies.authorId))
    .where(inArray(messageReplies.messageId, messageIds))
    .orderBy(asc(messageReplies.createdAt));
}
