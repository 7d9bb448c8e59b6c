import type { Readable } from "node:stream";
import type { Multipart } from "@fastify/multipart";
import { type ClientMessage, messageFieldsSchema } from "../../../common/contact/contact.schema.ts";
import type { Db } from "../../db/client.ts";
import { NotFoundError, ValidationError } from "../../errors.ts";
import type { FileStorage } from "../../integrations/storage/file-storage.ts";
import { ALL_STAFF, emit } from "../../plugins/events.ts";
import { visibleContractFor } from "../contracts/index.ts";
import {
  type AttachmentRow,
  countUnreadReplies,
  findMessage,
  insertMessage,
  listAttachments,
  listClientMessages,
  listReplies,
  type MessageRow,
  markRepliesRead,
  type ReplyRow,
} from "./messages.repository.ts";
import { receiveMultipart, removeStored } from "./multipart-upload.ts";

/** Messages with their files and replies, as the client sees them. */
async function withThreads(db: Db, rows: MessageRow[]): Promise<ClientMessage[]> {
  const ids = rows.map((row) => row.id);
  const [attachments, replies] = await Promise.all([
    listAttachments(db, ids),
    listReplies(db, ids),
  ]);
  return rows.map((row) => toClientMessage(row, attachments, replies));
}

function toClientMessage(
  row: MessageRow,
  attachments: AttachmentRow[],
  replies: ReplyRow[],
): ClientMessage {
  const own = replies.filter((reply) => reply.messageId === row.id);
  return {
    id: row.id,
    contractId: row.contractId,
    contractNumber: row.contractNumber,
    email: row.email,
    body: row.body,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    attachments: attachments
      .filter((file) => file.messageId === row.id)
      .map((file) => ({
        id: file.id,
        name: file.originalName,
        mediaType: file.mediaType,
        sizeBytes: file.sizeBytes,
      })),
    replies: own.map((reply) => ({
      id: reply.id,
      body: reply.body,
      authorName: reply.authorName,
      createdAt: reply.createdAt.toISOString(),
      read: reply.readAt !== null,
    })),
    unreadReplies: own.filter((reply) => reply.readAt === null).length,
  };
}

/**
 * «Отправить сообщение»: the contract is checked before a byte of the body is read; the files
 * stream to storage, then the message and its files are stored in one transaction. On any
 * failure the stored files are removed: the message is kept whole or not at all.
 */
export async function sendMessage(
  db: Db,
  storage: FileStorage,
  clientId: string,
  contractId: string,
  parts: AsyncIterable<Multipart>,
): Promise<ClientMessage> {
  const { contract } = await visibleContractFor(db, clientId, contractId);
  const { fields, files } = await receiveMultipart(parts, storage);
  try {
    const parsed = messageFieldsSchema.safeParse(fields);
    if (!parsed.success) {
      throw new ValidationError(
        parsed.error.issues.map((issue) => ({
          field: issue.path.join("."),
          message: issue.message,
        })),
      );
    }
    const id = await db.transaction(async (tx) => {
      const created = await insertMessage(
        tx,
        { clientId, contractId: contract.id, email: parsed.data.email, body: parsed.data.message },
        files,
      );
      await emit(
        tx,
        "message.sent",
        { messageId: created, contractId: contract.id },
        { accountId: clientId, staffRoles: ALL_STAFF },
      );
      return created;
    });
    const row = await findMessage(db, id);
    if (!row) throw new Error("the new message is missing");
    const [message] = await withThreads(db, [row]);
    if (!message) throw new Error("the new message is missing");
    return message;
  } catch (error) {
    await removeStored(storage, files);
    throw error;
  }
}

/** The client's correspondence, newest first; of one contract when given (and visible). */
export async function listMyMessages(
  db: Db,
  clientId: string,
  contractId?: string,
): Promise<{ messages: ClientMessage[]; unreadReplies: number }> {
  if (contractId) await visibleContractFor(db, clientId, contractId);
  const [messages, unreadReplies] = await Promise.all([
    listClientMessages(db, clientId, contractId).then((rows) => withThreads(db, rows)),
    countUnreadReplies(db, clientId),
  ]);
  return { messages, unreadReplies };
}

async function ownMessage(db: Db, clientId: string, messageId: string): Promise<MessageRow> {
  const row = await findMessage(db, messageId);
  if (!row || row.clientId !== clientId) throw new NotFoundError("Сообщение не найдено.");
  return row;
}

/** Opening a thread marks its replies read. */
export async function readThread(
  db: Db,
  clientId: string,
  messageId: string,
  now = new Date(),
): Promise<ClientMessage> {
  const row = await ownMessage(db, clientId, messageId);
  await markRepliesRead(db, row.id, now);
  const [message] = await withThreads(db, [row]);
  if (!message) throw new Error("the message is missing");
  return message;
}

export interface FileDownload {
  name: string;
  mediaType: string;
  sizeBytes: number;
  stream: Readable;
}

/** One file of a message, from the storage; 404 for anyone but the sender (and staff). */
export async function openAttachment(
  db: Db,
  storage: FileStorage,
  message: MessageRow,
  attachmentId: string,
): Promise<FileDownload> {
  const file = (await listAttachments(db, [message.id])).find((entry) => entry.id === attachmentId);
  const stream = file ? await storage.get(file.storageKey) : null;
  if (!file || !stream) throw new NotFoundError("Файл не найден.");
  return { name: file.originalName, mediaType: file.mediaType, sizeBytes: file.sizeBytes, stream };
}

export async function openMyAttachment(
  db: Db,
  storage: FileStorage,
  clientId: string,
  messageId: string,
  attachmentId: string,
): Promise<FileDownload> {
  return openAttachment(db, storage, await ownMessage(db, clientId, messageId), attachmentId);
}
