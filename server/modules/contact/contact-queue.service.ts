import type { CreateAppeal } from "../../../common/appeals/appeals.schema.ts";
import type {
  CloseCallback,
  CloseContact,
  StaffCallback,
  StaffMessage,
} from "../../../common/contact/contact-queue.schema.ts";
import {
  CALLBACK_TOPICS,
  type CallbackTopic,
} from "../../../common/contact/visitor-callback.schema.ts";
import { fullName } from "../../../common/format/person-name.ts";
import type { Db } from "../../db/client.ts";
import { ConflictError, NotFoundError, ValidationError } from "../../errors.ts";
import type { FileStorage } from "../../integrations/storage/file-storage.ts";
import { audit } from "../../plugins/audit.ts";
import { ALL_STAFF, type EventAudience, emit } from "../../plugins/events.ts";
import type { StaffActor } from "../../plugins/staff-access.ts";
import { addAppeal } from "../appeals/index.ts";
import {
  type CallbackRow,
  findCallback,
  listCallbackQueue,
  OPEN_CALLBACK,
  updateOpenCallback,
} from "./callbacks.repository.ts";
import { isMessageOverdue } from "./message-reply-time.ts";
import {
  findMessage,
  insertReply,
  listAttachments,
  listMessageQueue,
  listReplies,
  type MessageRow,
  OPEN_MESSAGE,
  updateOpenMessage,
} from "./messages.repository.ts";
import { type FileDownload, openAttachment } from "./messages.service.ts";

const QUEUE_LIMIT = 200;

/** A queue item's events reach its client's cabinet (a visitor has none) and every staff console. */
function audienceOf(row: { clientId: string } | { source: "visitor" | "sales" }): EventAudience {
  return "clientId" in row
    ? { accountId: row.clientId, staffRoles: ALL_STAFF }
    : { staffRoles: ALL_STAFF };
}

const topicOf = (topic: string): CallbackTopic | null =>
  CALLBACK_TOPICS.find((known) => known === topic) ?? null;

function assignee(row: { assignedToId: string | null; assignedToName: string | null }) {
  return row.assignedToId && row.assignedToName
    ? { id: row.assignedToId, fullName: row.assignedToName }
    : null;
}

function toStaffCallback(row: CallbackRow, now: Date): StaffCallback {
  const open = OPEN_CALLBACK.includes(row.status);
  const about =
    row.source === "client"
      ? {
          contractId: row.contractId,
          contractNumber: row.contractNumber,
          clientName: row.clientName,
          personId: row.personId,
          personName: fullName({
            lastName: row.personLastName,
            firstName: row.personFirstName,
            patronymic: row.personPatronymic,
          }),
          visitorName: null,
          topic: null,
          companyName: null,
        }
      : {
          contractId: null,
          contractNumber: null,
          clientName: null,
          personId: null,
          personName: null,
          visitorName: row.visitorName,
          topic: topicOf(row.topic),
          companyName: row.companyName,
        };
  return {
    id: row.id,
    source: row.source,
    ...about,
    phone: row.phone,
    windowStart: row.windowStart?.toISOString() ?? null,
    windowEnd: row.windowEnd?.toISOString() ?? null,
    dueAt: row.dueAt.toISOString(),
    overdue: open && row.dueAt.getTime() < now.getTime(),
    note: row.note,
    status: row.status,
    assignedTo: assignee(row),
    outcome: row.outcome,
    createdAt: row.createdAt.toISOString(),
  };
}

async function staffMessages(
  db: Db,
  rows: MessageRow[],
  now = new Date(),
): Promise<StaffMessage[]> {
  const ids = rows.map((row) => row.id);
  const [attachments, replies] = await Promise.all([
    listAttachments(db, ids),
    listReplies(db, ids),
  ]);
  return rows.map((row) => {
    const thread = replies.filter((reply) => reply.messageId === row.id);
    return {
      id: row.id,
      contractId: row.contractId,
      contractNumber: row.contractNumber,
      clientName: row.clientName,
      clientPhone: row.clientPhone,
      email: row.email,
      body: row.body,
      status: row.status,
      overdue: isMessageOverdue({ ...row, replies: thread.length }, now),
      assignedTo: assignee(row),
      createdAt: row.createdAt.toISOString(),
      attachments: attachments
        .filter((file) => file.messageId === row.id)
        .map((file) => ({
          id: file.id,
          name: file.originalName,
          mediaType: file.mediaType,
          sizeBytes: file.sizeBytes,
        })),
      replies: thread.map((reply) => ({
        id: reply.id,
        body: reply.body,
        authorName: reply.authorName,
        createdAt: reply.createdAt.toISOString(),
        readByClient: reply.readAt !== null,
      })),
    };
  });
}

type QueueItemKind = "callback" | "message";

/** The conflicts' words for each queue: a call-back is a «заявка», a message a «сообщение». */
const conflictTexts: Record<
  QueueItemKind,
  { closed: string; takenBy: (name: string) => string; takenJustNow: string }
> = {
  callback: {
    closed: "Эта заявка уже закрыта.",
    takenBy: (name) => `Заявку уже взял(а) в работу ${name}.`,
    takenJustNow: "Заявку только что взял в работу другой сотрудник.",
  },
  message: {
    closed: "Это сообщение уже закрыто.",
    takenBy: (name) => `Сообщение уже взял(а) в работу ${name}.`,
    takenJustNow: "Сообщение только что взял в работу другой сотрудник.",
  },
};

/** The item is open and either free or already this staff member's; otherwise 409. */
function assertWorkable(
  item: { status: string; assignedToId: string | null; assignedToName: string | null },
  open: readonly string[],
  actor: StaffActor,
  kind: QueueItemKind,
): void {
  const texts = conflictTexts[kind];
  if (!open.includes(item.status)) throw new ConflictError(texts.closed);
  if (item.assignedToId && item.assignedToId !== actor.staffId) {
    throw new ConflictError(texts.takenBy(item.assignedToName ?? "другой сотрудник"));
  }
}

/** Moves the item on in `tx` and emits its event there; false when it was not in `from` any more. */
type Update = (
  tx: Db,
  from: ("new" | "in_progress")[],
  values: { status: "in_progress"; assignedToId: string; assignedAt: Date },
) => Promise<boolean>;

/** «Взять в работу»: the item becomes the actor's, visibly to the others; 409 if someone was quicker. */
async function assign(
  db: Db,
  actor: StaffActor,
  item: { id: string; status: string; assignedToId: string | null; assignedToName: string | null },
  open: readonly string[],
  kind: QueueItemKind,
  update: Update,
  now: Date,
): Promise<void> {
  assertWorkable(item, open, actor, kind);
  if (item.assignedToId === actor.staffId) return;
  const taken = await db.transaction((tx) =>
    update(tx, ["new"], {
      status: "in_progress",
      assignedToId: actor.staffId,
      assignedAt: now,
    }),
  );
  if (!taken) throw new ConflictError(conflictTexts[kind].takenJustNow);
}

/**
 * Records the appeal for a closed call-back or message and closes the item, in one transaction:
 * `close` answers false when the item was closed meanwhile, and then no appeal is left behind.
 */
async function closeWithAppeal(
  db: Db,
  actor: StaffActor,
  contractId: string,
  appeal: Omit<CreateAppeal, "occurredAt">,
  close: (tx: Db, appealId: string) => Promise<boolean>,
  now: Date,
): Promise<void> {
  await db.transaction(async (tx) => {
    const recorded = await addAppeal(
      tx,
      actor,
      contractId,
      { ...appeal, occurredAt: now.toISOString() },
      now,
    );
    if (!(await close(tx, recorded.id))) {
      throw new ConflictError("Заявку только что закрыли или отменили.");
    }
  });
}

/** The call-back queue: open requests by due time (overdue flagged), or the closed ones. */
export async function callbackQueue(
  db: Db,
  actor: StaffActor,
  which: "open" | "closed",
  now = new Date(),
): Promise<StaffCallback[]> {
  const rows = await listCallbackQueue(db, which, QUEUE_LIMIT);
  await audit.record(db, {
    staffId: actor.staffId,
    action: "callback.list",
    details: { which, ids: rows.map((row) => row.id) },
    ip: actor.ip,
  });
  return rows.map((row) => toStaffCallback(row, now));
}

async function existingCallback(db: Db, id: string): Promise<CallbackRow> {
  const row = await findCallback(db, id);
  if (!row) throw new NotFoundError("Заявка не найдена.");
  return row;
}

/** «Взять в работу»: the request becomes this staff member's, visibly to the others. */
export async function takeCallback(
  db: Db,
  actor: StaffActor,
  id: string,
  now = new Date(),
): Promise<StaffCallback> {
  const row = await existingCallback(db, id);
  await assign(
    db,
    actor,
    row,
    OPEN_CALLBACK,
    "callback",
    async (tx, from, values) => {
      const taken = await updateOpenCallback(tx, id, from, values);
      if (taken) {
        await emit(
          tx,
          "callback.taken",
          { callbackId: id, staffId: actor.staffId },
          audienceOf(row),
        );
      }
      return taken;
    },
    now,
  );
  return toStaffCallback(await existingCallback(db, id), now);
}

/**
 * Closes a call-back with its outcome. A client's records the appeal on the contract (channel
 * «Обратный звонок», the person it was about) in the same transaction; a visitor's has no
 * contract, so it keeps only the outcome.
 */
export async function closeCallback(
  db: Db,
  actor: StaffActor,
  id: string,
  input: CloseCallback,
  now = new Date(),
): Promise<StaffCallback> {
  const row = await existingCallback(db, id);
  assertWorkable(row, OPEN_CALLBACK, actor, "callback");
  const closing = {
    status: "done" as const,
    assignedToId: row.assignedToId ?? actor.staffId,
    assignedAt: row.assignedAt ?? now,
    closedById: actor.staffId,
    closedAt: now,
    outcome: input.outcome,
  };
  if (row.source !== "client") {
    await db.transaction(async (tx) => {
      if (!(await updateOpenCallback(tx, id, OPEN_CALLBACK, closing))) {
        throw new ConflictError("Заявку только что закрыли или отменили.");
      }
      await emit(tx, "callback.closed", { callbackId: id, appealId: null }, audienceOf(row));
    });
    return toStaffCallback(await existingCallback(db, id), now);
  }
  const { serviceTypeId } = input;
  if (!serviceTypeId) {
    throw new ValidationError([{ field: "serviceTypeId", message: "Выберите вид услуги" }]);
  }
  await closeWithAppeal(
    db,
    actor,
    row.contractId,
    {
      serviceTypeId,
      personId: row.personId,
      doctorId: input.doctorId,
      channel: "callback",
      outcome: input.outcome,
    },
    async (tx, appealId) => {
      const closed = await updateOpenCallback(tx, id, OPEN_CALLBACK, { ...closing, appealId });
      if (closed) {
        await emit(tx, "callback.closed", { callbackId: id, appealId }, audienceOf(row));
      }
      return closed;
    },
    now,
  );
  return toStaffCallback(await existingCallback(db, id), now);
}

/** The message queue: open messages, the longest waiting first, or the closed ones. */
export async function messageQueue(
  db: Db,
  actor: StaffActor,
  which: "open" | "closed",
): Promise<StaffMessage[]> {
  const rows = await listMessageQueue(db, which, QUEUE_LIMIT);
  await audit.record(db, {
    staffId: actor.staffId,
    action: "message.list",
    details: { which, ids: rows.map((row) => row.id) },
    ip: actor.ip,
  });
  return staffMessages(db, rows);
}

async function existingMessage(db: Db, id: string): Promise<MessageRow> {
  const row = await findMessage(db, id);
  if (!row) throw new NotFoundError("Сообщение не найдено.");
  return row;
}

async function oneStaffMessage(db: Db, id: string): Promise<StaffMessage> {
  const [message] = await staffMessages(db, [await existingMessage(db, id)]);
  if (!message) throw new NotFoundError("Сообщение не найдено.");
  return message;
}

export async function viewMessage(db: Db, actor: StaffActor, id: string): Promise<StaffMessage> {
  const message = await oneStaffMessage(db, id);
  await audit.record(db, {
    staffId: actor.staffId,
    action: "message.view",
    subjectType: "message",
    subjectId: id,
    ip: actor.ip,
  });
  return message;
}

/** A client's file, opened by staff: written to the audit log. */
export async function openMessageAttachment(
  db: Db,
  storage: FileStorage,
  actor: StaffActor,
  messageId: string,
  attachmentId: string,
): Promise<FileDownload> {
  const file = await openAttachment(
    db,
    storage,
    await existingMessage(db, messageId),
    attachmentId,
  );
  await audit.record(db, {
    staffId: actor.staffId,
    action: "attachment.download",
    subjectType: "attachment",
    subjectId: attachmentId,
    details: { messageId },
    ip: actor.ip,
  });
  return file;
}

export async function takeMessage(
  db: Db,
  actor: StaffActor,
  id: string,
  now = new Date(),
): Promise<StaffMessage> {
  const row = await existingMessage(db, id);
  await assign(
    db,
    actor,
    row,
    OPEN_MESSAGE,
    "message",
    async (tx, from, values) => {
      const taken = await updateOpenMessage(tx, id, from, values);
      if (taken) {
        await emit(tx, "message.taken", { messageId: id, staffId: actor.staffId }, audienceOf(row));
      }
      return taken;
    },
    now,
  );
  return oneStaffMessage(db, id);
}

/**
 * A reply joins the client's thread; its event sends it by e-mail to the address the client gave
 * (the notifications module). Replying takes a new message into work.
 */
export async function replyToMessage(
  db: Db,
  actor: StaffActor,
  id: string,
  body: string,
  now = new Date(),
): Promise<StaffMessage> {
  const row = await existingMessage(db, id);
  assertWorkable(row, OPEN_MESSAGE, actor, "message");
  await db.transaction(async (tx) => {
    if (row.status === "new") {
      await updateOpenMessage(tx, id, ["new"], {
        status: "in_progress",
        assignedToId: actor.staffId,
        assignedAt: now,
      });
    }
    const replyId = await insertReply(tx, { messageId: id, authorId: actor.staffId, body });
    await emit(tx, "message.replied", { messageId: id, replyId }, audienceOf(row));
  });
  return oneStaffMessage(db, id);
}

/** Closes a message and records the appeal on its contract (channel «Сообщение»). */
export async function closeMessage(
  db: Db,
  actor: StaffActor,
  id: string,
  input: CloseContact,
  now = new Date(),
): Promise<StaffMessage> {
  const row = await existingMessage(db, id);
  assertWorkable(row, OPEN_MESSAGE, actor, "message");
  if (!input.personId) {
    throw new ValidationError([{ field: "personId", message: "Выберите обслуживаемое лицо" }]);
  }
  await closeWithAppeal(
    db,
    actor,
    row.contractId,
    {
      serviceTypeId: input.serviceTypeId,
      personId: input.personId,
      doctorId: input.doctorId,
      channel: "message",
      outcome: input.outcome,
    },
    async (tx, appealId) => {
      const closed = await updateOpenMessage(tx, id, OPEN_MESSAGE, {
        status: "closed",
        assignedToId: row.assignedToId ?? actor.staffId,
        closedById: actor.staffId,
        closedAt: now,
        appealId,
      });
      if (closed) {
        await emit(tx, "message.closed", { messageId: id, appealId }, audienceOf(row));
      }
      return closed;
    },
    now,
  );
  return oneStaffMessage(db, id);
}
