import type { Multipart } from "@fastify/multipart";
import type { z } from "zod";
import type { SlotView } from "../../../common/booking/booking.schema.ts";
import {
  type ChatMessage,
  type ChatOutcome,
  type ChatReceiptRequest,
  type ChatTransferRequest,
  type chatCloseRequestSchema,
  chatMessageFieldsSchema,
  type StaffChat,
  type StaffChatContext,
  type StaffChatList,
  type StaffChatSummary,
  type StaffChatView,
  type staffChatSlotQuerySchema,
} from "../../../common/chat/chat.schema.ts";
import { todayInMoscow } from "../../../common/format/date.ts";
import type { Db } from "../../db/client.ts";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../../errors.ts";
import type { FileStorage } from "../../integrations/storage/file-storage.ts";
import { audit } from "../../plugins/audit.ts";
import { emit } from "../../plugins/events.ts";
import type { StaffActor } from "../../plugins/staff-access.ts";
import { addAppeal, listContractAppeals } from "../appeals/index.ts";
import { describeOfferedSlots, searchSlots, TIME_TAKEN } from "../booking/index.ts";
import {
  type ConversationRow,
  countStaffConversations,
  findConversation,
  findMessageIdByClientKey,
  findOfferedServiceType,
  findSpecialty,
  insertMessage,
  insertTransfer,
  listActiveDoctors,
  listFiles,
  listMessages,
  listPersonConversations,
  listSpecialties,
  listStaffConversations,
  listTransfers,
  summariseConversations,
  updateConversation,
} from "./chat.repository.ts";
import {
  type ChatFileDownload,
  offeredSlotsIn,
  openConversationFile,
  recordReceipt,
  sendTyping,
  type TypingThrottle,
} from "./chat.service.ts";
import { chatAudience, receiveMessageForm, storeMessage } from "./chat-messages.service.ts";
import {
  ageOn,
  conclusionOf,
  doctorOf,
  isOverdue,
  messagesOf,
  personNameOf,
  previewOf,
  ratingOf,
} from "./chat-view.ts";

const LIST_LIMIT = 200;

/** The service type of the appeal «Завершить консультацию» writes (migration 0010 adds it). */
export const CHAT_SERVICE_TYPE = "Консультация врача в чате";

export const REASON_REQUIRED =
  "Этот чат ведёт другой врач или он завершён: укажите причину, по которой открываете его, — она будет записана в журнал доступа.";

const OUTCOME_TEXT: Record<ChatOutcome, string> = {
  recommendations: "Рекомендации даны",
  in_person: "Нужна очная консультация",
  clinic_referral: "Направлен в клинику",
  emergency: "Экстренная ситуация",
};
const APPEAL_OUTCOME_MAX = 2000;

/** The settings the console's rules depend on. */
export interface StaffChatSettings {
  targetReplyMinutes: number;
}

function isHolder(row: ConversationRow, actor: StaffActor): boolean {
  return row.status === "active" && row.doctorId === actor.staffId;
}

/** A doctor reads a chat in the queue or their own without a reason; any other only with one. */
function needsReason(row: ConversationRow, actor: StaffActor): boolean {
  return !(row.status === "waiting" || isHolder(row, actor));
}

async function existing(db: Db, id: string): Promise<ConversationRow> {
  const row = await findConversation(db, id);
  if (!row) throw new NotFoundError("Чат не найден.");
  return row;
}

/** The chat, or 403 when this read needs a reason and none was given; the read is audited. */
async function readable(
  db: Db,
  actor: StaffActor,
  id: string,
  reason: string | undefined,
  action: string,
): Promise<ConversationRow> {
  const row = await existing(db, id);
  const why = reason?.trim() ?? "";
  if (needsReason(row, actor) && why === "") throw new ForbiddenError(REASON_REQUIRED);
  // A read changes nothing: its row is written as reads are (decision 0019).
  await audit.record(db, {
    staffId: actor.staffId,
    action,
    subjectType: "chat",
    subjectId: id,
    details: why === "" ? null : { reason: why },
    ip: actor.ip,
  });
  return row;
}

function summaryOf(
  row: ConversationRow,
  settings: StaffChatSettings,
  extra: { preview: string; unread: number },
  now: Date,
): StaffChatSummary {
  return {
    id: row.id,
    status: row.status,
    personName: personNameOf(row),
    personAge: ageOn(row.personBirthDate, todayInMoscow(now)),
    programName: row.programName,
    contractNumber: row.contractNumber,
    doctor: doctorOf(row),
    createdAt: row.createdAt.toISOString(),
    lastMessageAt: row.lastMessageAt.toISOString(),
    lastMessagePreview: extra.preview,
    waitingSince: row.waitingSince?.toISOString() ?? null,
    overdue: isOverdue(row, settings.targetReplyMinutes, now),
    unread: extra.unread,
  };
}

/** «Чаты»: the queue, «Мои» or all, with the counts for the tabs and «Обзор». */
export async function staffChatList(
  db: Db,
  actor: StaffActor,
  view: StaffChatView,
  settings: StaffChatSettings,
  now = new Date(),
): Promise<StaffChatList> {
  const overdueBefore = new Date(now.getTime() - settings.targetReplyMinutes * 60_000);
  const [rows, counts] = await Promise.all([
    listStaffConversations(db, view, actor.staffId, LIST_LIMIT),
    countStaffConversations(db, actor.staffId, overdueBefore),
  ]);
  const summaries = await summariseConversations(
    db,
    rows.map((row) => row.id),
    ["client"],
  );
  await audit.record(db, {
    staffId: actor.staffId,
    action: "chat.list",
    details: { view, ids: rows.map((row) => row.id) },
    ip: actor.ip,
  });
  return {
    chats: rows.map((row) => {
      const summary = summaries.get(row.id);
      // What was written in a chat that needs a reason to open is not shown in the list either.
      const preview = needsReason(row, actor) ? "" : previewOf(summary);
      return summaryOf(row, settings, { preview, unread: summary?.unread ?? 0 }, now);
    }),
    counts,
    targetReplyMinutes: settings.targetReplyMinutes,
  };
}

async function staffChatOf(
  db: Db,
  actor: StaffActor,
  row: ConversationRow,
  settings: StaffChatSettings,
  now: Date,
): Promise<StaffChat> {
  const [messages, transfers] = await Promise.all([
    listMessages(db, [row.id]),
    listTransfers(db, row.id),
  ]);
  const [files, offered] = await Promise.all([
    listFiles(
      db,
      messages.map((message) => message.id),
    ),
    offeredSlotsIn(db, row, messages),
  ]);
  return {
    id: row.id,
    status: row.status,
    personId: row.personId,
    personName: personNameOf(row),
    personBirthDate: row.personBirthDate,
    personAge: ageOn(row.personBirthDate, todayInMoscow(now)),
    contractId: row.contractId,
    contractNumber: row.contractNumber,
    programName: row.programName,
    clientName: [row.clientLastName, row.clientFirstName, row.clientPatronymic]
      .filter(Boolean)
      .join(" "),
    doctor: doctorOf(row),
    createdAt: row.createdAt.toISOString(),
    waitingSince: row.waitingSince?.toISOString() ?? null,
    overdue: isOverdue(row, settings.targetReplyMinutes, now),
    messages: messagesOf(row, messages, files, offered),
    transfers: transfers.map((transfer) => ({
      from: transfer.from,
      to: transfer.to,
      note: transfer.note,
      at: transfer.at.toISOString(),
    })),
    conclusion: conclusionOf(row),
    rating: ratingOf(row),
    canTake: row.status === "waiting" && actor.role === "doctor",
    canReply: isHolder(row, actor),
  };
}

/** A chat as the doctor works it; a closed one or another doctor's only with a reason. */
export async function viewStaffChat(
  db: Db,
  actor: StaffActor,
  id: string,
  reason: string | undefined,
  settings: StaffChatSettings,
  now = new Date(),
): Promise<StaffChat> {
  const row = await readable(db, actor, id, reason, "chat.view");
  return staffChatOf(db, actor, row, settings, now);
}

/** Beside the chat: the person's contract, program, appeals and earlier chats (audited). */
export async function staffChatContext(
  db: Db,
  actor: StaffActor,
  id: string,
  reason: string | undefined,
): Promise<StaffChatContext> {
  const row = await readable(db, actor, id, reason, "chat.context");
  const [appeals, earlier] = await Promise.all([
    listContractAppeals(db, row.contractId),
    listPersonConversations(db, row.personId, row.id),
  ]);
  return {
    contract: {
      id: row.contractId,
      number: row.contractNumber,
      kind: row.contractKind,
      validFrom: row.contractStartsOn,
      validTo: row.contractEndsOn,
    },
    program: { name: row.programName, coverage: row.programCoverage },
    appeals: appeals.map((appeal) => ({
      id: appeal.id,
      occurredAt: appeal.occurredAt,
      serviceType: appeal.serviceTypeName,
      personName: appeal.personName,
      doctorName: appeal.doctorName,
      result: appeal.outcome,
    })),
    earlierChats: earlier.map((chat) => ({
      id: chat.id,
      createdAt: chat.createdAt.toISOString(),
      closedAt: chat.closedAt?.toISOString() ?? null,
      doctorName: chat.doctorName,
      outcome: chat.outcome,
      conclusion: chat.conclusion,
    })),
  };
}

/** «Взять в работу»: one doctor wins; the other is told who holds it (409). */
export async function takeChat(
  db: Db,
  actor: StaffActor,
  id: string,
  settings: StaffChatSettings,
  now = new Date(),
): Promise<StaffChat> {
  if (actor.role !== "doctor") throw new ForbiddenError("Взять чат в работу может только врач.");
  const row = await existing(db, id);
  if (!isHolder(row, actor)) {
    const taken = await db.transaction(async (tx) => {
      const won = await updateConversation(tx, id, ["waiting"], {
        status: "active",
        doctorId: actor.staffId,
        assignedAt: now,
      });
      if (won) {
        await emit(
          tx,
          "chat.taken",
          { conversationId: id, staffId: actor.staffId },
          chatAudience(row),
        );
      }
      return won;
    });
    if (!taken) {
      const now_ = await existing(db, id);
      if (now_.status === "closed") throw new ConflictError("Этот чат уже завершён.");
      if (!isHolder(now_, actor)) {
        throw new ConflictError(`Чат уже взял(а) в работу ${now_.doctorName ?? "другой врач"}.`);
      }
    }
  }
  await audit.record(db, {
    staffId: actor.staffId,
    action: "chat.take",
    subjectType: "chat",
    subjectId: id,
    ip: actor.ip,
  });
  return staffChatOf(db, actor, await existing(db, id), settings, now);
}

function assertHolder(row: ConversationRow, actor: StaffActor, what: string): void {
  if (row.status === "closed") throw new ConflictError("Этот чат уже завершён.");
  if (!isHolder(row, actor)) {
    throw new ForbiddenError(`${what} может только врач, который ведёт этот чат.`);
  }
}

/** «Передать»: to another active doctor, with a note; the thread shows the hand-over. */
export async function transferChat(
  db: Db,
  actor: StaffActor,
  id: string,
  input: ChatTransferRequest,
  settings: StaffChatSettings,
  now = new Date(),
): Promise<StaffChat> {
  const row = await existing(db, id);
  assertHolder(row, actor, "Передать чат");
  if (input.toDoctorId === actor.staffId) {
    throw new ValidationError([{ field: "toDoctorId", message: "Выберите другого врача" }]);
  }
  const to = (await listActiveDoctors(db)).find((doctor) => doctor.id === input.toDoctorId);
  if (!to)
    throw new ValidationError([{ field: "toDoctorId", message: "Выберите врача из списка" }]);
  await db.transaction(async (tx) => {
    const moved = await updateConversation(
      tx,
      id,
      ["active"],
      { doctorId: to.id, assignedAt: now },
      actor.staffId,
    );
    if (!moved) throw new ConflictError("Чат только что передали или завершили.");
    await insertTransfer(tx, {
      conversationId: id,
      fromStaffId: actor.staffId,
      toStaffId: to.id,
      note: input.note,
      createdAt: now,
    });
    const messageId = await insertMessage(
      tx,
      {
        conversationId: id,
        author: "system",
        body: `Консультацию продолжит врач ${to.name}${to.specialty ? ` (${to.specialty.toLowerCase()})` : ""}.`,
        createdAt: now,
      },
      [],
    );
    await emit(tx, "chat.transferred", { conversationId: id, toStaffId: to.id }, chatAudience(row));
    if (messageId) {
      await emit(
        tx,
        "chat.message",
        { conversationId: id, messageId, author: "system" },
        chatAudience(row),
      );
    }
    await audit.record(tx, {
      staffId: actor.staffId,
      action: "chat.transfer",
      subjectType: "chat",
      subjectId: id,
      details: { toStaffId: to.id },
      ip: actor.ip,
    });
  });
  return staffChatOf(db, actor, await existing(db, id), settings, now);
}

/** The doctor's message, with files: only the doctor who holds the chat; idempotent. */
export async function postDoctorMessage(
  db: Db,
  storage: FileStorage,
  actor: StaffActor,
  id: string,
  parts: AsyncIterable<Multipart>,
  now = new Date(),
): Promise<ChatMessage> {
  const row = await existing(db, id);
  assertHolder(row, actor, "Отвечать в чате");
  const { fields, files } = await receiveMessageForm(storage, parts, chatMessageFieldsSchema);
  const messageId = await storeMessage(
    db,
    storage,
    {
      conversation: row,
      author: "doctor",
      staffId: actor.staffId,
      clientMessageId: fields.clientMessageId,
      body: fields.body,
      files,
    },
    now,
  );
  const messages = await listMessages(db, [row.id], messageId);
  const [message] = messagesOf(row, messages, await listFiles(db, [messageId]));
  if (!message) throw new Error("the stored chat message is missing");
  return message;
}

/** The doctor's device got or read the client's messages; only the holder's count. */
export async function doctorReceipt(
  db: Db,
  actor: StaffActor,
  id: string,
  input: ChatReceiptRequest,
): Promise<void> {
  const row = await existing(db, id);
  if (!isHolder(row, actor)) return;
  await recordReceipt(db, row, "doctor", input);
}

/** «печатает…» from the doctor who holds the chat; from anyone else it tells nothing. */
export async function doctorTyping(
  db: Db,
  throttle: TypingThrottle,
  actor: StaffActor,
  id: string,
): Promise<void> {
  const row = await existing(db, id);
  if (!isHolder(row, actor)) return;
  await sendTyping(db, throttle, row, "doctor");
}

function appealOutcome(
  close: z.output<typeof chatCloseRequestSchema>,
  specialty: string | null,
): string {
  const head =
    close.outcome === "in_person" && specialty
      ? `${OUTCOME_TEXT.in_person}: ${specialty}`
      : OUTCOME_TEXT[close.outcome];
  const text = `${head}. ${close.conclusion}`;
  return text.length > APPEAL_OUTCOME_MAX ? `${text.slice(0, APPEAL_OUTCOME_MAX - 1)}…` : text;
}

/**
 * «Завершить консультацию»: the outcome and the conclusion, and, in the same transaction, the
 * appeal «Консультация врача в чате» on the contract with the person, the doctor and the result.
 */
export async function closeChat(
  db: Db,
  actor: StaffActor,
  id: string,
  close: z.output<typeof chatCloseRequestSchema>,
  settings: StaffChatSettings,
  now = new Date(),
): Promise<StaffChat> {
  const row = await existing(db, id);
  assertHolder(row, actor, "Завершить консультацию");
  const specialty =
    close.outcome === "in_person" && close.specialtyId
      ? await findSpecialty(db, close.specialtyId)
      : null;
  if (close.outcome === "in_person" && !specialty) {
    throw new ValidationError([
      { field: "specialtyId", message: "Выберите специальность из списка" },
    ]);
  }
  const serviceTypeId = await findOfferedServiceType(db, CHAT_SERVICE_TYPE);
  if (!serviceTypeId) {
    throw new ConflictError(
      `Вид услуги «${CHAT_SERVICE_TYPE}» в архиве или удалён: попросите администратора вернуть его в «Виды услуг», затем завершите консультацию.`,
    );
  }
  await db.transaction(async (tx) => {
    const appeal = await addAppeal(
      tx,
      actor,
      row.contractId,
      {
        serviceTypeId,
        personId: row.personId,
        doctorId: actor.staffId,
        channel: "chat",
        occurredAt: now.toISOString(),
        outcome: appealOutcome(close, specialty?.name ?? null),
      },
      now,
    );
    const closed = await updateConversation(
      tx,
      id,
      ["active"],
      {
        status: "closed",
        closedById: actor.staffId,
        closedAt: now,
        outcome: close.outcome,
        // The name is kept beside the id, as older conclusions have only the name.
        outcomeSpecialty: specialty?.name ?? null,
        outcomeSpecialtyId: specialty?.id ?? null,
        conclusion: close.conclusion,
        appealId: appeal.id,
        waitingSince: null,
        escalatedAt: null,
      },
      actor.staffId,
    );
    if (!closed) throw new ConflictError("Чат только что передали или завершили.");
    await emit(tx, "chat.closed", { conversationId: id, appealId: appeal.id }, chatAudience(row));
  });
  return staffChatOf(db, actor, await existing(db, id), settings, now);
}

/** A file of the chat, opened by a doctor or an admin: written to the audit log. */
export async function openStaffChatFile(
  db: Db,
  storage: FileStorage,
  actor: StaffActor,
  id: string,
  fileId: string,
  reason: string | undefined,
): Promise<ChatFileDownload> {
  // The chat itself was opened under its rule (with a reason where one is needed); its files,
  // whose ids only that read shows, open for the same staff, each download audited.
  await existing(db, id);
  const why = reason?.trim() ?? "";
  const file = await openConversationFile(db, storage, id, fileId);
  await audit.record(db, {
    staffId: actor.staffId,
    action: "chat.file.download",
    subjectType: "chat_file",
    subjectId: fileId,
    details: why === "" ? { conversationId: id } : { conversationId: id, reason: why },
    ip: actor.ip,
  });
  return file;
}

/** Whom a chat may be handed to: the other active doctors. */
export async function chatDoctors(db: Db, actor: StaffActor) {
  const doctors = await listActiveDoctors(db);
  return { doctors: doctors.filter((doctor) => doctor.id !== actor.staffId) };
}

/** What a conclusion may recommend: the network's specialties. */
export async function chatSpecialties(db: Db) {
  return { specialties: await listSpecialties(db) };
}

export const NOT_IN_NETWORK =
  "Эта клиника не входит в программу пациента: предложите время в клинике его сети.";

/** A time of the person's network: covered, or paid only because a limit is used up. */
function inNetwork(slot: { coverage: SlotView["coverage"] | null }): boolean {
  return (
    slot.coverage !== null &&
    !(slot.coverage.kind === "paid" && slot.coverage.reason === "not_in_network")
  );
}

/**
 * «Предложить время»: the free times of the chat's person in their network (the booking module's
 * slot search, with what each costs the person). Only the doctor who holds the chat; audited, as
 * it reads the person's coverage.
 */
export async function offerableSlots(
  db: Db,
  actor: StaffActor,
  id: string,
  query: z.output<typeof staffChatSlotQuerySchema>,
  now = new Date(),
): Promise<{ slots: SlotView[] }> {
  const row = await existing(db, id);
  assertHolder(row, actor, "Предложить время");
  const slots = await searchSlots(db, row.clientId, { personId: row.personId, ...query }, now);
  await audit.record(db, {
    staffId: actor.staffId,
    action: "chat.slots",
    subjectType: "chat",
    subjectId: id,
    details: { personId: row.personId, ...query },
    ip: actor.ip,
  });
  return { slots: slots.filter(inNetwork) };
}

/**
 * Offers up to three free times of the person's network in a doctor's message; the client books
 * one with a tap. Idempotent on clientMessageId: a retry answers the message stored first, even
 * if one of its times was booked since.
 */
export async function offerSlots(
  db: Db,
  storage: FileStorage,
  actor: StaffActor,
  id: string,
  input: { clientMessageId: string; slotIds: string[]; body: string },
  now = new Date(),
): Promise<ChatMessage> {
  const row = await existing(db, id);
  assertHolder(row, actor, "Предложить время");
  let messageId = await findMessageIdByClientKey(db, row.id, input.clientMessageId);
  if (!messageId) {
    const offered = await describeOfferedSlots(db, row.clientId, row.personId, input.slotIds, now);
    for (const slotId of input.slotIds) {
      const slot = offered.get(slotId);
      if (!slot) {
        throw new ValidationError([
          {
            field: "slotIds",
            message: "Это время не найдено: обновите список свободного времени.",
          },
        ]);
      }
      if (slot.state !== "free") throw new ConflictError(TIME_TAKEN);
      if (!inNetwork(slot))
        throw new ValidationError([{ field: "slotIds", message: NOT_IN_NETWORK }]);
    }
    messageId = await storeMessage(
      db,
      storage,
      {
        conversation: row,
        author: "doctor",
        staffId: actor.staffId,
        clientMessageId: input.clientMessageId,
        body: input.body,
        files: [],
        offeredSlotIds: input.slotIds,
      },
      now,
    );
  }
  const messages = await listMessages(db, [row.id], messageId);
  const [message] = messagesOf(row, messages, [], await offeredSlotsIn(db, row, messages));
  if (!message) throw new Error("the stored chat message is missing");
  return message;
}
