import { asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import {
  chatConversations,
  chatMessageFiles,
  chatMessages,
  contracts,
  coveredPersons,
  staffMembers,
} from "../../db/schema/index.ts";

// «Чат с врачом» of an account, for «Выгрузить мои данные» (decision 0030): its conversations,
// every message in them and the files' names (the bytes stay in the storage).

/** The account's conversations, oldest first. */
export function accountConversations(db: Db, clientId: string) {
  return db
    .select({
      id: chatConversations.id,
      contractNumber: contracts.number,
      personName: sql<string>`concat_ws(' ', ${coveredPersons.lastName}, ${coveredPersons.firstName}, ${coveredPersons.patronymic})`,
      status: chatConversations.status,
      doctorName: staffMembers.fullName,
      createdAt: chatConversations.createdAt,
      closedAt: chatConversations.closedAt,
      outcome: chatConversations.outcome,
      conclusion: chatConversations.conclusion,
      ratingScore: chatConversations.ratingScore,
      ratingComment: chatConversations.ratingComment,
    })
    .from(chatConversations)
    .innerJoin(contracts, eq(contracts.id, chatConversations.contractId))
    .innerJoin(coveredPersons, eq(coveredPersons.id, chatConversations.personId))
    .leftJoin(staffMembers, eq(staffMembers.id, chatConversations.doctorId))
    .where(eq(chatConversations.clientId, clientId))
    .orderBy(asc(chatConversations.createdAt));
}

/** The messages of these conversations, oldest first, with the doctor's name on a doctor's. */
export function messagesOfConversations(db: Db, conversationIds: string[]) {
  if (conversationIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      id: chatMessages.id,
      conversationId: chatMessages.conversationId,
      author: chatMessages.author,
      authorName: staffMembers.fullName,
      body: chatMessages.body,
      createdAt: chatMessages.createdAt,
      readAt: chatMessages.readAt,
    })
    .from(chatMessages)
    .leftJoin(staffMembers, eq(staffMembers.id, chatMessages.staffId))
    .where(inArray(chatMessages.conversationId, conversationIds))
    .orderBy(asc(chatMessages.createdAt), asc(chatMessages.id));
}

/** The files of these chat messages (names, types, sizes). */
export function filesOfChatMessages(db: Db, messageIds: string[]) {
  if (messageIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      messageId: chatMessageFiles.messageId,
      name: chatMessageFiles.originalName,
      mediaType: chatMessageFiles.mediaType,
      sizeBytes: chatMessageFiles.sizeBytes,
    })
    .from(chatMessageFiles)
    .where(inArray(chatMessageFiles.messageId, messageIds))
    .orderBy(asc(chatMessageFiles.createdAt));
}
