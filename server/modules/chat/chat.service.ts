import type { Readable } from "node:stream";
import type { Multipart } from "@fastify/multipart";
import type { z } from "zod";
import {
  type ChatConversation,
  type ChatMessage,
  type ChatOfferedSlot,
  type ChatOptions,
  type ChatPersonOption,
  type ChatReceiptRequest,
  chatMessageFieldsSchema,
  type chatRatingRequestSchema,
  chatStartFieldsSchema,
} from "../../../common/chat/chat.schema.ts";
import { todayInMoscow } from "../../../common/format/date.ts";
import { fullName } from "../../../common/format/person-name.ts";
import type { Db } from "../../db/client.ts";
import { ConflictError, ForbiddenError, NotFoundError } from "../../errors.ts";
import type { FileStorage } from "../../integrations/storage/file-storage.ts";
import { createThrottle, emit, signal } from "../../plugins/events.ts";
import { describeOfferedSlots } from "../booking/index.ts";
import { removeStored } from "../contact/index.ts";
import { familyPersonIds, familyPersons } from "../contracts/index.ts";
import {
  type ConversationRow,
  findConversation,
  findConversationByClientKey,
  findFile,
  insertConversation,
  listChatPersons,
  listClientConversations,
  listFiles,
  listMessages,
  type MessageRow,
  markReceipts,
  medianFirstReplySeconds,
  summariseConversations,
  updateConversation,
} from "./chat.repository.ts";
import {
  CLOSED_CHAT,
  chatAudience,
  receiveMessageForm,
  storeMessage,
} from "./chat-messages.service.ts";
import {
  conclusionOf,
  doctorOf,
  messagesOf,
  offeredSlotIdsOf,
  personNameOf,
  previewOf,
  ratingOf,
  recommendedSpecialtyOf,
} from "./chat-view.ts";

const LIST_LIMIT = 100;
const DAY_MS = 24 * 60 * 60_000;

/** Typing is told at most once every two seconds per conversation and side (decision 0018). */
export const TYPING_INTERVAL_MS = 2_000;
export type TypingThrottle = ReturnType<typeof createThrottle>;
export const createTypingThrottle = (): TypingThrottle => createThrottle(TYPING_INTERVAL_MS);

export const CHAT_NOT_FOUND = "Чат не найден.";
export const NOT_ONE_OF_FAMILY =
  "Написать врачу можно о себе и о детях до 15 лет по вашим договорам: выберите другого человека.";
export const NOT_FOR_CHAT =
  "Консультации в чате не входят в действующий договор этого человека: выберите другого или позвоните в медпульт.";

/**
 * «Для кого»: the persons a chat may be opened for on `today` in Moscow — the account itself and
 * its children under 15 (the family rule, decision 0031) on active contracts with chat.
 */
export async function chatPersons(
  db: Db,
  clientId: string,
  today: string,
): Promise<ChatPersonOption[]> {
  const [family, rows] = await Promise.all([
    familyPersons(db, clientId, today),
    listChatPersons(db, clientId, today),
  ]);
  const relations = new Map(family.map((person) => [person.id, person.relation]));
  const seen = new Set<string>();
  return rows
    .filter((row) => relations.has(row.personId))
    .filter((row) => !seen.has(row.personId) && seen.add(row.personId))
    .map((row) => ({
      personId: row.personId,
      name: fullName(row),
      contractId: row.contractId,
      contractNumber: row.contractNumber,
      programName: row.programName,
      isAccountHolder: relations.get(row.personId) === "self",
    }));
}

/** The median of the last day's waits for a first answer, in whole minutes (at least 1). */
export async function typicalReplyMinutes(db: Db, now: Date): Promise<number | null> {
  const seconds = await medianFirstReplySeconds(db, new Date(now.getTime() - DAY_MS));
  return seconds === null ? null : Math.max(1, Math.round(seconds / 60));
}

export async function chatOptions(
  db: Db,
  clientId: string,
  targetReplyMinutes: number,
  now = new Date(),
): Promise<ChatOptions> {
  const [persons, typical] = await Promise.all([
    chatPersons(db, clientId, todayInMoscow(now)),
    typicalReplyMinutes(db, now),
  ]);
  return { persons, typicalReplyMinutes: typical, targetReplyMinutes };
}

function toConversation(
  row: ConversationRow,
  extra: { preview: string; unread: number; messages: ChatMessage[] },
): ChatConversation {
  return {
    id: row.id,
    clientConversationId: row.clientConversationId,
    status: row.status,
    personId: row.personId,
    personName: personNameOf(row),
    contractId: row.contractId,
    contractNumber: row.contractNumber,
    doctor: doctorOf(row),
    createdAt: row.createdAt.toISOString(),
    lastMessageAt: row.lastMessageAt.toISOString(),
    lastMessagePreview: extra.preview,
    unread: extra.unread,
    conclusion: conclusionOf(row),
    recommendedSpecialty: recommendedSpecialtyOf(row),
    rating: ratingOf(row),
    messages: extra.messages,
  };
}

/** The client's conversations, open ones first; messages are left out of the list. */
export async function listMyConversations(
  db: Db,
  clientId: string,
  now = new Date(),
): Promise<{ conversations: ChatConversation[] }> {
  const persons = await familyPersonIds(db, clientId, todayInMoscow(now));
  const rows = await listClientConversations(db, clientId, persons, LIST_LIMIT);
  const summaries = await summariseConversations(
    db,
    rows.map((row) => row.id),
    ["doctor", "system"],
  );
  return {
    conversations: rows.map((row) => {
      const summary = summaries.get(row.id);
      return toConversation(row, {
        preview: previewOf(summary),
        unread: summary?.unread ?? 0,
        messages: [],
      });
    }),
  };
}

/** The times offered in these messages, as they stand now for the conversation's person. */
export async function offeredSlotsIn(
  db: Db,
  row: ConversationRow,
  messages: MessageRow[],
): Promise<Map<string, ChatOfferedSlot>> {
  const ids = offeredSlotIdsOf(messages);
  return ids.length === 0 ? new Map() : describeOfferedSlots(db, row.clientId, row.personId, ids);
}

/** One conversation with its whole history. */
export async function conversationDetail(db: Db, row: ConversationRow): Promise<ChatConversation> {
  const messages = await listMessages(db, [row.id]);
  const [files, offered] = await Promise.all([
    listFiles(
      db,
      messages.map((message) => message.id),
    ),
    offeredSlotsIn(db, row, messages),
  ]);
  const thread = messagesOf(row, messages, files, offered);
  const last = messages.at(-1);
  return toConversation(row, {
    preview: previewOf(
      last
        ? { body: last.body, hasFiles: files.some((f) => f.messageId === last.id), unread: 0 }
        : undefined,
    ),
    unread: messages.filter((message) => message.author !== "client" && !message.readAt).length,
    messages: thread,
  });
}

/**
 * The client's own conversation about a person it still acts for (itself, a child under 15), or
 * 404: another account's, and a child's from its 15th birthday, are not told apart from none.
 */
export async function ownConversation(
  db: Db,
  clientId: string,
  id: string,
  now = new Date(),
): Promise<ConversationRow> {
  const row = await findConversation(db, id);
  if (!row || row.clientId !== clientId) throw new NotFoundError(CHAT_NOT_FOUND);
  const persons = await familyPersonIds(db, clientId, todayInMoscow(now));
  if (!persons.includes(row.personId)) throw new NotFoundError(CHAT_NOT_FOUND);
  return row;
}

export async function myConversation(db: Db, clientId: string, id: string) {
  return conversationDetail(db, await ownConversation(db, clientId, id));
}

/**
 * «Новый чат»: for whom, and the first message with its files. A retry with the same
 * clientConversationId answers the conversation opened the first time and opens no second.
 */
export async function startConversation(
  db: Db,
  storage: FileStorage,
  clientId: string,
  parts: AsyncIterable<Multipart>,
  now = new Date(),
): Promise<ChatConversation> {
  const { fields, files } = await receiveMessageForm(storage, parts, chatStartFieldsSchema);
  const earlier = await findConversationByClientKey(db, clientId, fields.clientConversationId);
  if (earlier) {
    await removeStored(storage, files);
    return conversationDetail(db, await ownConversation(db, clientId, earlier.id, now));
  }
  const today = todayInMoscow(now);
  const person = (await chatPersons(db, clientId, today)).find(
    (option) => option.personId === fields.personId,
  );
  if (!person) {
    await removeStored(storage, files);
    // Someone the account does not act for (another adult, a child from 15) is not told apart
    // from no one; one it acts for whose contract has no chat is told why.
    if (!(await familyPersonIds(db, clientId, today)).includes(fields.personId)) {
      throw new NotFoundError(NOT_ONE_OF_FAMILY);
    }
    throw new ForbiddenError(NOT_FOR_CHAT);
  }
  // The conversation and its first message are stored together, or neither is.
  const opened = await db.transaction(async (tx) => {
    const id = await insertConversation(tx, {
      clientId,
      contractId: person.contractId,
      personId: person.personId,
      clientConversationId: fields.clientConversationId,
      waitingSince: now,
      lastMessageAt: now,
      createdAt: now,
    });
    if (!id) return null;
    await emit(tx, "chat.started", { conversationId: id }, chatAudience({ clientId }));
    await storeMessage(
      tx,
      storage,
      {
        conversation: { id, clientId },
        author: "client",
        clientMessageId: fields.clientMessageId,
        body: fields.body,
        files,
      },
      now,
    );
    return id;
  });
  if (!opened) {
    // A retry that arrived at the same moment opened it.
    await removeStored(storage, files);
    const row = await findConversationByClientKey(db, clientId, fields.clientConversationId);
    if (!row) throw new Error("a conversation's key is taken but the conversation is missing");
    return conversationDetail(db, row);
  }
  const id = opened;
  return myConversation(db, clientId, id);
}

async function oneMessage(db: Db, row: ConversationRow, messageId: string): Promise<ChatMessage> {
  const messages = await listMessages(db, [row.id], messageId);
  const [files, offered] = await Promise.all([
    listFiles(db, [messageId]),
    offeredSlotsIn(db, row, messages),
  ]);
  const [message] = messagesOf(row, messages, files, offered);
  if (!message) throw new Error("the stored chat message is missing");
  return message;
}

/** A client's message: own conversation, not closed; idempotent on clientMessageId. */
export async function postClientMessage(
  db: Db,
  storage: FileStorage,
  clientId: string,
  id: string,
  parts: AsyncIterable<Multipart>,
  now = new Date(),
): Promise<ChatMessage> {
  // Checked before a byte of the body is read.
  const row = await ownConversation(db, clientId, id);
  const { fields, files } = await receiveMessageForm(storage, parts, chatMessageFieldsSchema);
  const messageId = await storeMessage(
    db,
    storage,
    {
      conversation: row,
      author: "client",
      clientMessageId: fields.clientMessageId,
      body: fields.body,
      files,
    },
    now,
  );
  return oneMessage(db, row, messageId);
}

/** A receipt from one side marks the other side's messages; it is told to both live. */
export async function recordReceipt(
  db: Db,
  row: ConversationRow,
  side: "client" | "doctor",
  input: ChatReceiptRequest,
  now = new Date(),
): Promise<void> {
  await db.transaction(async (tx) => {
    const changed = await markReceipts(
      tx,
      row.id,
      side === "client" ? ["doctor", "system"] : ["client"],
      input.upToMessageId,
      input.state,
      now,
    );
    if (changed > 0) {
      await emit(
        tx,
        "chat.receipt",
        { conversationId: row.id, side, state: input.state },
        chatAudience(row),
      );
    }
  });
}

export async function clientReceipt(
  db: Db,
  clientId: string,
  id: string,
  input: ChatReceiptRequest,
): Promise<void> {
  await recordReceipt(db, await ownConversation(db, clientId, id), "client", input);
}

/** «печатает…»: a signal to the conversation's audience, throttled; a closed chat tells nothing. */
export async function sendTyping(
  db: Db,
  throttle: TypingThrottle,
  row: ConversationRow,
  side: "client" | "doctor",
): Promise<void> {
  if (row.status === "closed") return;
  if (!throttle.allow(`${row.id}:${side}`)) return;
  await signal(db, "chat.typing", { conversationId: row.id, side }, chatAudience(row));
}

export async function clientTyping(
  db: Db,
  throttle: TypingThrottle,
  clientId: string,
  id: string,
): Promise<void> {
  await sendTyping(db, throttle, await ownConversation(db, clientId, id), "client");
}

/** The rating of a closed conversation: 1–5 with a comment; given again, it replaces the first. */
export async function rateConversation(
  db: Db,
  clientId: string,
  id: string,
  rating: z.output<typeof chatRatingRequestSchema>,
  now = new Date(),
): Promise<ChatConversation> {
  const row = await ownConversation(db, clientId, id);
  if (row.status !== "closed") {
    throw new ConflictError("Оценить консультацию можно после того, как врач её завершит.");
  }
  await db.transaction(async (tx) => {
    await updateConversation(tx, id, ["closed"], {
      ratingScore: rating.score,
      ratingComment: rating.comment || null,
      ratedAt: now,
    });
    await emit(tx, "chat.rated", { conversationId: id }, chatAudience(row));
  });
  return myConversation(db, clientId, id);
}

export interface ChatFileDownload {
  name: string;
  mediaType: string;
  sizeBytes: number;
  stream: Readable;
}

/** One file of a conversation, from the storage; 404 when the conversation has no such file. */
export async function openConversationFile(
  db: Db,
  storage: FileStorage,
  conversationId: string,
  fileId: string,
): Promise<ChatFileDownload> {
  const file = await findFile(db, conversationId, fileId);
  const stream = file ? await storage.get(file.storageKey) : null;
  if (!file || !stream) throw new NotFoundError("Файл не найден.");
  return { name: file.originalName, mediaType: file.mediaType, sizeBytes: file.sizeBytes, stream };
}

export async function openMyFile(
  db: Db,
  storage: FileStorage,
  clientId: string,
  id: string,
  fileId: string,
): Promise<ChatFileDownload> {
  await ownConversation(db, clientId, id);
  return openConversationFile(db, storage, id, fileId);
}

export { CLOSED_CHAT };
