import type { Readable } from "node:stream";
import type { FastifyReply } from "fastify";
import { fullName } from "../../../common/format/person-name.ts";
import type {
  MedcardCardSummary,
  MedcardDocument,
  MedcardEntry,
  MedcardTimelineItem,
  MedcardView,
} from "../../../common/medcard/medcard.schema.ts";
import type { Db } from "../../db/client.ts";
import { NotFoundError } from "../../errors.ts";
import type { FileStorage } from "../../integrations/storage/file-storage.ts";
import { attachmentDisposition } from "../contact/index.ts";
import {
  type EntryRow,
  findClientIdentity,
  listEntries,
  type MedcardCardRow,
} from "./medcard.repository.ts";
import { personsOfCard } from "./medcard-access.service.ts";
import {
  type DocumentRow,
  findCardDocument,
  listCardDocuments,
} from "./medcard-documents.repository.ts";
import {
  type AppealItemRow,
  type ChatItemRow,
  listConcludedChats,
  listConsultationAppeals,
  listHeldVisits,
  type VisitItemRow,
} from "./medcard-timeline.repository.ts";

/**
 * Who reads: the card's client (may change what it added itself), a doctor of the company, or the
 * holder of a shared link; only the client's view offers changes.
 */
export type MedcardViewer = "patient" | "staff" | "shared";

export interface LoadCardViewOptions {
  /** Only these documents, and no «Сводка» or timeline: a share of chosen documents. */
  documentIds?: readonly string[];
  viewer: MedcardViewer;
}

/** The person switcher's item: a child's name as its contract has it, the account's own otherwise. */
export async function cardSummary(db: Db, card: MedcardCardRow): Promise<MedcardCardSummary> {
  if (card.subject === "child" && card.lastName && card.firstName && card.birthDate) {
    return {
      id: card.id,
      subject: "child",
      fullName: fullName({
        lastName: card.lastName,
        firstName: card.firstName,
        patronymic: card.patronymic,
      }),
      birthDate: card.birthDate,
    };
  }
  const client = await findClientIdentity(db, card.ownerClientId);
  if (!client) throw new NotFoundError("Медкарта не найдена");
  return {
    id: card.id,
    subject: card.subject,
    fullName: fullName(client),
    birthDate: client.birthDate,
  };
}

export function toEntry(row: EntryRow, viewer: MedcardViewer): MedcardEntry {
  return {
    id: row.id,
    kind: row.kind,
    text: row.text,
    note: row.note,
    author: { source: row.source, name: row.source === "patient" ? null : row.staffName },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    editable: viewer === "patient" && row.source === "patient",
  };
}

const MEDIA_TYPES = ["application/pdf", "image/jpeg", "image/png"] as const;
type DocumentMediaType = (typeof MEDIA_TYPES)[number];

function isDocumentMediaType(mediaType: string): mediaType is DocumentMediaType {
  return (MEDIA_TYPES as readonly string[]).includes(mediaType);
}

function authorName(row: DocumentRow): string | null {
  if (row.source === "doctor") return row.staffName;
  if (row.source === "clinic") return row.clinicName;
  return null;
}

export function toDocument(
  card: MedcardCardRow,
  row: DocumentRow,
  viewer: MedcardViewer,
): MedcardDocument {
  return {
    id: row.id,
    type: row.type,
    title: row.title,
    documentDate: row.documentDate,
    author: { source: row.source, name: authorName(row) },
    fileName: row.originalName,
    // Only these three are ever stored (judged by content at upload).
    mediaType: isDocumentMediaType(row.mediaType) ? row.mediaType : "application/pdf",
    sizeBytes: row.sizeBytes,
    createdAt: row.createdAt.toISOString(),
    removable: viewer === "patient" && row.source === "patient" && row.cardId === card.id,
  };
}

/** «Приём: Терапевт» from the specialty as stored («терапевт»). */
function visitTitle(specialtyName: string): string {
  return `Приём: ${specialtyName.charAt(0).toLocaleUpperCase("ru-RU")}${specialtyName.slice(1)}`;
}

const APPEAL_TITLES: Record<AppealItemRow["channel"], string> = {
  phone: "Телефонная консультация",
  callback: "Консультация по обратному звонку",
  message: "Ответ врача на сообщение",
};

function chatItem(row: ChatItemRow): MedcardTimelineItem | null {
  if (!row.closedAt) return null;
  return {
    id: `chat:${row.id}`,
    kind: "chat",
    at: row.closedAt.toISOString(),
    title: "Консультация в чате",
    doctorName: row.doctorName,
    clinicName: null,
    conclusion: row.conclusion,
  };
}

function appealItem(row: AppealItemRow): MedcardTimelineItem {
  return {
    id: `appeal:${row.id}`,
    kind: "appeal",
    at: row.occurredAt.toISOString(),
    title: APPEAL_TITLES[row.channel],
    doctorName: row.doctorName,
    clinicName: null,
    conclusion: row.outcome,
  };
}

function visitItem(row: VisitItemRow): MedcardTimelineItem {
  const doctorName =
    row.doctorLastName && row.doctorFirstName
      ? fullName({
          lastName: row.doctorLastName,
          firstName: row.doctorFirstName,
          patronymic: row.doctorPatronymic,
        })
      : null;
  return {
    id: `appointment:${row.id}`,
    kind: "appointment",
    at: (row.startsAt ?? row.updatedAt).toISOString(),
    title: visitTitle(row.specialtyName),
    doctorName,
    clinicName: row.clinicName,
    conclusion: row.outcome,
  };
}

/** «Приёмы и консультации» of these person rows, newest first. */
export async function loadTimeline(
  db: Db,
  personIds: readonly string[],
): Promise<MedcardTimelineItem[]> {
  const [chats, appeals, visits] = await Promise.all([
    listConcludedChats(db, personIds),
    listConsultationAppeals(db, personIds),
    listHeldVisits(db, personIds),
  ]);
  const items = [
    ...chats.flatMap((row) => chatItem(row) ?? []),
    ...appeals.map(appealItem),
    ...visits.map(visitItem),
  ];
  return items.sort((a, b) => b.at.localeCompare(a.at) || a.id.localeCompare(b.id));
}

/**
 * A whole card as `viewer` may see it: «Сводка», «Приёмы и консультации» and «Документы» (the
 * card's own and the clinics' on its person rows). With `documentIds`, only those documents and
 * nothing else. The caller has checked the reader's right to the card.
 */
export async function loadCardView(
  db: Db,
  card: MedcardCardRow,
  options: LoadCardViewOptions = { viewer: "patient" },
): Promise<MedcardView> {
  const { documentIds, viewer } = options;
  const personIds = await personsOfCard(db, card);
  const [summary, entries, timeline, documents] = await Promise.all([
    cardSummary(db, card),
    documentIds ? Promise.resolve([]) : listEntries(db, card.id),
    documentIds ? Promise.resolve([]) : loadTimeline(db, personIds),
    listCardDocuments(db, card.id, personIds, documentIds),
  ]);
  return {
    card: summary,
    summary: entries.map((row) => toEntry(row, viewer)),
    timeline,
    documents: documents.map((row) => toDocument(card, row, viewer)),
  };
}

/** One of the card's documents (its own or a clinic's on its person rows), not removed; or null. */
export async function cardDocument(
  db: Db,
  card: MedcardCardRow,
  documentId: string,
): Promise<DocumentRow | null> {
  return findCardDocument(db, card.id, await personsOfCard(db, card), documentId);
}

export type { DocumentRow as MedcardDocumentRow };

export interface CardDocumentFile {
  name: string;
  mediaType: string;
  sizeBytes: number;
  stream: Readable;
}

/** The stored file of a document, or a 404 «Файл не найден.» when the storage lost it. */
export async function openCardDocumentFile(
  storage: FileStorage,
  row: Pick<DocumentRow, "storageKey" | "originalName" | "mediaType" | "sizeBytes">,
): Promise<CardDocumentFile> {
  const stream = await storage.get(row.storageKey);
  if (!stream) throw new NotFoundError("Файл не найден.");
  return { name: row.originalName, mediaType: row.mediaType, sizeBytes: row.sizeBytes, stream };
}

/**
 * A file of a card, to view (inline: images preview, PDFs open in the browser's viewer) or, with
 * `download`, as an attachment; never cached, never sniffed. Its own CSP lets the browser's PDF
 * viewer run and lets only our pages frame it.
 */
export function sendCardDocumentFile(
  reply: FastifyReply,
  file: CardDocumentFile,
  options: { download: boolean },
) {
  const attachment = attachmentDisposition(file.name);
  const disposition = options.download ? attachment : attachment.replace(/^attachment/, "inline");
  return reply
    .type(file.mediaType)
    .header("content-length", file.sizeBytes)
    .header("content-disposition", disposition)
    .header("x-content-type-options", "nosniff")
    .header("cache-control", "private, no-store")
    .header(
      "content-security-policy",
      "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; object-src 'self'; frame-ancestors 'self'",
    )
    .send(file.stream);
}
