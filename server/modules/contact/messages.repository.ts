import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { preparedPerDatabase } from "../../db/prepared.ts";
import {
  clientMessages,
  clients,
  contracts,
  messageAttachments,
  messageReplies,
  staffMembers,
} from "../../db/schema/index.ts";
import type { StoredAttachment } from "./multipart-upload.ts";

export type MessageStatus = (typeof clientMessages.$inferSelect)["status"];
export const OPEN_MESSAGE: MessageStatus[] = ["new", "in_progress"];

export interface MessageRow {
  id: string;
  clientId: string;
  clientName: string;
  clientPhone: string;
  contractId: string;
  contractNumber: string;
  email: string;
  body: string;
  status: MessageStatus;
  assignedToId: string | null;
  assignedToName: string | null;
  closedAt: Date | null;
  createdAt: Date;
}

export interface AttachmentRow {
  id: string;
  messageId: string;
  storageKey: string;
  originalName: string;
  mediaType: string;
  sizeBytes: number;
}

export interface ReplyRow {
  id: string;
  messageId: string;
  body: string;
  authorName: string;
  readAt: Date | null;
  createdAt: Date;
}

const messageColumns = {
  id: clientMessages.id,
  clientId: clientMessages.clientId,
  clientName: sql<string>`concat_ws(' ', ${clients.lastName}, ${clients.firstName}, ${clients.patronymic})`,
  clientPhone: clients.phone,
  contractId: clientMessages.contractId,
  contractNumber: contracts.number,
  email: clientMessages.email,
  body: clientMessages.body,
  status: clientMessages.status,
  assignedToId: clientMessages.assignedToId,
  assignedToName: staffMembers.fullName,
  closedAt: clientMessages.closedAt,
  createdAt: clientMessages.createdAt,
};

function selectMessages(db: Db) {
  return db
    .select(messageColumns)
    .from(clientMessages)
    .innerJoin(clients, eq(clients.id, clientMessages.clientId))
    .innerJoin(contracts, eq(contracts.id, clientMessages.contractId))
    .leftJoin(staffMembers, eq(staffMembers.id, clientMessages.assignedToId));
}

/** The message and its files, together or not at all. */
export async function insertMessage(
  db: Db,
  message: typeof clientMessages.$inferInsert,
  files: StoredAttachment[],
): Promise<string> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(clientMessages)
      .values(message)
      .returning({ id: clientMessages.id });
    if (!row) throw new Error("the message was not stored");
    if (files.length > 0) {
      await tx
        .insert(messageAttachments)
        .values(files.map((file) => ({ ...file, messageId: row.id })));
    }
    return row.id;
  });
}

export async function findMessage(db: Db, id: string): Promise<MessageRow | null> {
  const [row] = await selectMessages(db).where(eq(clientMessages.id, id));
  return row ?? null;
}

// The client's «Сообщения» are read on every visit: their statements are prepared once per
// database (server/db/prepared.ts).
const clientMessageList = preparedPerDatabase((db) =>
  selectMessages(db)
    .where(eq(clientMessages.clientId, sql.placeholder("clientId")))
    .orderBy(desc(clientMessages.createdAt))
    .limit(100)
    .prepare("client_messages_list"),
);
const contractMessageList = preparedPerDatabase((db) =>
  selectMessages(db)
    .where(
      and(
        eq(clientMessages.clientId, sql.placeholder("clientId")),
        eq(clientMessages.contractId, sql.placeholder("contractId")),
      ),
    )
    .orderBy(desc(clientMessages.createdAt))
    .limit(100)
    .prepare("client_contract_messages_list"),
);

/** A client's messages newest first, of one contract when given. */
export async function listClientMessages(
  db: Db,
  clientId: string,
  contractId?: string,
): Promise<MessageRow[]> {
  return contractId
    ? contractMessageList(db).execute({ clientId, contractId })
    : clientMessageList(db).execute({ clientId });
}

/** The staff queue: open messages oldest first (the longest waiting on top), or closed ones. */
export async function listMessageQueue(
  db: Db,
  which: "open" | "closed",
  limit: number,
): Promise<MessageRow[]> {
  return which === "open"
    ? selectMessages(db)
        .where(inArray(clientMessages.status, OPEN_MESSAGE))
        .orderBy(asc(clientMessages.createdAt))
        .limit(limit)
    : selectMessages(db)
        .where(eq(clientMessages.status, "closed"))
        .orderBy(desc(clientMessages.closedAt))
        .limit(limit);
}

export async function listAttachments(db: Db, messageIds: string[]): Promise<AttachmentRow[]> {
  if (messageIds.length === 0) return [];
  return db
    .select({
      id: messageAttachments.id,
      messageId: messageAttachments.messageId,
      storageKey: messageAttachments.storageKey,
      originalName: messageAttachments.originalName,
      mediaType: messageAttachments.mediaType,
      sizeBytes: messageAttachments.sizeBytes,
    })
    .from(messageAttachments)
    .where(inArray(messageAttachments.messageId, messageIds))
    .orderBy(asc(messageAttachments.createdAt));
}

export async function listReplies(db: Db, messageIds: string[]): Promise<ReplyRow[]> {
  if (messageIds.length === 0) return [];
  return db
    .select({
      id: messageReplies.id,
      messageId: messageReplies.messageId,
      body: messageReplies.body,
      authorName: staffMembers.fullName,
      readAt: messageReplies.readAt,
      createdAt: messageReplies.createdAt,
    })
    .from(messageReplies)
    .innerJoin(staffMembers, eq(staffMembers.id, messageReplies.authorId))
    .where(inArray(messageReplies.messageId, messageIds))
    .orderBy(asc(messageReplies.createdAt));
}

/** Marks a thread's replies read; only the message's own client may. */
export async function markRepliesRead(db: Db, messageId: string, now: Date): Promise<void> {
  await db
    .update(messageReplies)
    .set({ readAt: now })
    .where(and(eq(messageReplies.messageId, messageId), isNull(messageReplies.readAt)));
}

const unreadReplies = preparedPerDatabase((db) =>
  db
    .select({ count: sql<number>`count(*)::int` })
    .from(messageReplies)
    .innerJoin(clientMessages, eq(clientMessages.id, messageReplies.messageId))
    .where(
      and(eq(clientMessages.clientId, sql.placeholder("clientId")), isNull(messageReplies.readAt)),
    )
    .prepare("client_unread_replies"),
);

export async function countUnreadReplies(db: Db, clientId: string): Promise<number> {
  const [row] = await unreadReplies(db).execute({ clientId });
  return row?.count ?? 0;
}

export async function insertReply(
  db: Db,
  values: typeof messageReplies.$inferInsert,
): Promise<string> {
  const [row] = await db.insert(messageReplies).values(values).returning({ id: messageReplies.id });
  if (!row) throw new Error("the reply was not stored");
  return row.id;
}

/** Moves an open message on from the statuses given; false when it was not in them any more. */
export async function updateOpenMessage(
  db: Db,
  id: string,
  from: MessageStatus[],
  values: Partial<typeof clientMessages.$inferInsert>,
): Promise<boolean> {
  const rows = await db
    .update(clientMessages)
    .set(values)
    .where(and(eq(clientMessages.id, id), inArray(clientMessages.status, from)))
    .returning({ id: clientMessages.id });
  return rows.length > 0;
}
