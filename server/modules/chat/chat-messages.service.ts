import type { Multipart } from "@fastify/multipart";
import type { z } from "zod";
import { MAX_CHAT_FILES } from "../../../common/chat/chat.schema.ts";
import type { StaffRole } from "../../../common/staff/staff-auth.schema.ts";
import type { Db } from "../../db/client.ts";
import { ConflictError, ValidationError } from "../../errors.ts";
import type { FileStorage } from "../../integrations/storage/file-storage.ts";
import { type EventAudience, emit } from "../../plugins/events.ts";
import { tooManyRequests } from "../../plugins/rate-limit.ts";
import { receiveMultipart, removeStored, type StoredAttachment } from "../contact/index.ts";
import {
  type ChatAuthor,
  countClientMessagesSince,
  findMessageIdByClientKey,
  insertMessage,
  noteClientMessage,
  noteDoctorMessage,
} from "./chat.repository.ts";

/** Who works the chats in the console: doctors, and admins who look over them. */
export const CHAT_STAFF: readonly StaffRole[] = ["doctor", "admin"];

/** «Общий размер файлов не должен превышать 25 МБ», as for «Отправить сообщение». */
export const MAX_CHAT_FILES_BYTES = 25 * 1024 * 1024;

export const EMPTY_MESSAGE = "Напишите сообщение или приложите файл";
export const CLOSED_CHAT = "Консультация завершена: чтобы спросить ещё, начните новый чат.";

/** A chat's events reach its client's cabinet and the doctors' and admins' consoles. */
export function chatAudience(row: { clientId: string }): EventAudience {
  return { accountId: row.clientId, staffRoles: CHAT_STAFF };
}

function fieldErrors(error: z.ZodError): ValidationError {
  return new ValidationError(
    error.issues.map((issue) => ({ field: issue.path.join("."), message: issue.message })),
  );
}

/**
 * Reads a message form: the files stream to storage (up to 5, 25 MB in all, type by content),
 * then the text fields are checked against `schema`, and a message with neither text nor files is
 * refused. On a refusal the stored files are removed before the error is thrown.
 */
export async function receiveMessageForm<Schema extends z.ZodType<{ body: string }>>(
  storage: FileStorage,
  parts: AsyncIterable<Multipart>,
  schema: Schema,
): Promise<{ fields: z.output<Schema>; files: StoredAttachment[] }> {
  const { fields, files } = await receiveMultipart(parts, storage, {
    maxTotalBytes: MAX_CHAT_FILES_BYTES,
    maxFiles: MAX_CHAT_FILES,
  });
  const parsed = schema.safeParse(fields);
  if (!parsed.success) {
    await removeStored(storage, files);
    throw fieldErrors(parsed.error);
  }
  if (parsed.data.body === "" && files.length === 0) {
    throw new ValidationError([{ field: "body", message: EMPTY_MESSAGE }]);
  }
  return { fields: parsed.data, files };
}

/** A client sends at most this many messages a minute in one conversation. */
export const CLIENT_MESSAGES_PER_MINUTE = 20;
const MINUTE_MS = 60_000;

/**
 * Refuses a client's new message (inside its insert's transaction, so it counts itself and is
 * undone) beyond the pace a person typing keeps; a retry of a stored message is never refused.
 */
async function keepClientPace(tx: Db, conversationId: string, now: Date): Promise<void> {
  const since = new Date(now.getTime() - MINUTE_MS);
  const sent = await countClientMessagesSince(tx, conversationId, since);
  if (sent > CLIENT_MESSAGES_PER_MINUTE) {
    throw tooManyRequests(
      "Вы отправляете сообщения слишком часто. Подождите минуту и отправьте снова.",
      MINUTE_MS,
      "Слишком много сообщений",
    );
  }
}

export interface NewMessage {
  conversation: { id: string; clientId: string };
  author: Exclude<ChatAuthor, "system">;
  /** The doctor writing (author doctor). */
  staffId?: string;
  clientMessageId: string;
  body: string;
  files: StoredAttachment[];
  /** The free times a doctor offers (up to three). */
  offeredSlotIds?: string[];
}

/**
 * Stores a message with its files, moves the conversation's clock and emits chat.message, in `db`'s
 * transaction: stored before the answer. A retry with the same clientMessageId stores nothing
 * new, removes its copy of the files and answers the message stored the first time.
 */
export async function storeMessage(
  db: Db,
  storage: FileStorage,
  message: NewMessage,
  now = new Date(),
): Promise<string> {
  const { conversation, author, files } = message;
  let stored: { id: string; fresh: boolean };
  try {
    stored = await db.transaction(async (tx) => {
      const id = await insertMessage(
        tx,
        {
          conversationId: conversation.id,
          author,
          staffId: message.staffId ?? null,
          clientMessageId: message.clientMessageId,
          body: message.body,
          offeredSlotIds: message.offeredSlotIds ?? null,
          createdAt: now,
        },
        files,
      );
      if (!id) {
        const earlier = await findMessageIdByClientKey(
          tx,
          conversation.id,
          message.clientMessageId,
        );
        if (!earlier) throw new Error("a chat message's key is taken but its message is missing");
        return { id: earlier, fresh: false };
      }
      if (author === "client") await keepClientPace(tx, conversation.id, now);
      const moved =
        author === "client"
          ? await noteClientMessage(tx, conversation.id, now)
          : await noteDoctorMessage(tx, conversation.id, message.staffId ?? "", now);
      if (!moved) {
        throw new ConflictError(
          author === "client"
            ? CLOSED_CHAT
            : "Отвечать в этом чате может только врач, который его ведёт.",
        );
      }
      await emit(
        tx,
        "chat.message",
        { conversationId: conversation.id, messageId: id, author },
        chatAudience(conversation),
      );
      return { id, fresh: true };
    });
  } catch (error) {
    await removeStored(storage, files);
    throw error;
  }
  if (!stored.fresh) await removeStored(storage, files);
  return stored.id;
}
