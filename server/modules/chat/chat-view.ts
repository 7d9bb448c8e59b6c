import type {
  ChatConclusion,
  ChatDelivery,
  ChatDoctor,
  ChatMessage,
  ChatOfferedSlot,
} from "../../../common/chat/chat.schema.ts";
import { fullName } from "../../../common/format/person-name.ts";
import type { ConversationRow, FileRow, MessageRow, Summary } from "./chat.repository.ts";

/** «Файл» stands for a message that is only files, in the lists. */
export const FILE_PREVIEW = "Файл";
const PREVIEW_LENGTH = 140;

/** Whole years between a birth date and a day (both YYYY-MM-DD); null for a date in the future. */
export function ageOn(birthDate: string, today: string): number | null {
  const [by, bm, bd] = birthDate.split("-").map(Number);
  const [ty, tm, td] = today.split("-").map(Number);
  if (!by || !bm || !bd || !ty || !tm || !td) return null;
  const age = ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
  return age >= 0 ? age : null;
}

/**
 * A wait is overdue when it is longer than the target reply time, or when the escalation job
 * found it so (its clock may run a little ahead of this request's).
 */
export function isOverdue(
  row: { waitingSince: Date | null; escalatedAt: Date | null; status: string },
  targetMinutes: number,
  now: Date,
): boolean {
  if (row.status === "closed" || !row.waitingSince) return false;
  return (
    row.escalatedAt !== null || now.getTime() - row.waitingSince.getTime() > targetMinutes * 60_000
  );
}

export function personNameOf(row: ConversationRow): string {
  return fullName({
    lastName: row.personLastName,
    firstName: row.personFirstName,
    patronymic: row.personPatronymic,
  });
}

/** «Иванов Иван»: how the client signs its messages. */
export function clientShortName(row: ConversationRow): string {
  return [row.clientLastName, row.clientFirstName].filter(Boolean).join(" ");
}

export function doctorOf(row: ConversationRow): ChatDoctor | null {
  return row.doctorId && row.doctorName
    ? { id: row.doctorId, name: row.doctorName, specialty: row.doctorSpecialty }
    : null;
}

export function conclusionOf(row: ConversationRow): ChatConclusion | null {
  if (row.status !== "closed" || !row.outcome || !row.closedAt) return null;
  return {
    outcome: row.outcome,
    // The network's name when one was picked; an older conclusion's typed text otherwise.
    specialty: row.outcomeSpecialtyName ?? row.outcomeSpecialty,
    text: row.conclusion ?? "",
    doctorName: row.closedByName ?? row.doctorName ?? "",
    closedAt: row.closedAt.toISOString(),
  };
}

/** The specialty «Записаться» under a closed chat's conclusion books. */
export function recommendedSpecialtyOf(row: ConversationRow): { id: string; name: string } | null {
  if (row.status !== "closed" || !row.outcomeSpecialtyId || !row.outcomeSpecialtyName) return null;
  return { id: row.outcomeSpecialtyId, name: row.outcomeSpecialtyName };
}

/** The ids of the times offered in these messages, for describing them once. */
export function offeredSlotIdsOf(messages: MessageRow[]): string[] {
  return [...new Set(messages.flatMap((message) => message.offeredSlotIds ?? []))];
}

export function ratingOf(row: ConversationRow) {
  return row.ratingScore === null
    ? null
    : { score: row.ratingScore, comment: row.ratingComment || null };
}

function deliveryOf(message: MessageRow): ChatDelivery {
  if (message.readAt) return "read";
  if (message.deliveredAt) return "delivered";
  return "sent";
}

/**
 * The messages of one conversation with their files and offered times (as they stand now), as
 * both sides see them.
 */
export function messagesOf(
  conversation: ConversationRow,
  messages: MessageRow[],
  files: FileRow[],
  offered: ReadonlyMap<string, ChatOfferedSlot> = new Map(),
): ChatMessage[] {
  return messages
    .filter((message) => message.conversationId === conversation.id)
    .map((message) => ({
      id: message.id,
      clientMessageId: message.clientMessageId,
      author: message.author,
      authorName:
        message.author === "client"
          ? clientShortName(conversation)
          : message.author === "doctor"
            ? message.staffName
            : null,
      authorSpecialty: message.author === "doctor" ? message.staffSpecialty : null,
      body: message.body,
      files: files
        .filter((file) => file.messageId === message.id)
        .map((file) => ({
          id: file.id,
          name: file.originalName,
          mediaType: file.mediaType,
          sizeBytes: file.sizeBytes,
        })),
      createdAt: message.createdAt.toISOString(),
      delivery: deliveryOf(message),
      offeredSlots: (message.offeredSlotIds ?? []).flatMap((id) => {
        const slot = offered.get(id);
        return slot ? [slot] : [];
      }),
    }));
}

export function previewOf(summary: Summary | undefined): string {
  if (!summary) return "";
  const text = summary.body.trim().replace(/\s+/g, " ");
  if (text === "") return summary.hasFiles ? FILE_PREVIEW : "";
  return text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH - 1)}…` : text;
}
