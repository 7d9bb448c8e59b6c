import type { Multipart } from "@fastify/multipart";
import {
  type MedcardDocument,
  type MedcardEntry,
  type MedcardEntryInput,
  medcardDocumentFieldsSchema,
} from "../../../common/medcard/medcard.schema.ts";
import {
  MEDCARD_OPENING_HOURS,
  type StaffMedcardOpen,
  type StaffMedcardOpened,
} from "../../../common/medcard/staff-medcard.schema.ts";
import type { Db } from "../../db/client.ts";
import { ForbiddenError, NotFoundError } from "../../errors.ts";
import type { FileStorage } from "../../integrations/storage/file-storage.ts";
import { audit } from "../../plugins/audit.ts";
import type { StaffActor } from "../../plugins/staff-access.ts";
import { findCardById, type MedcardCardRow } from "./medcard.repository.ts";
import { addCardEntry } from "./medcard.service.ts";
import { cardForPerson } from "./medcard-access.service.ts";
import { emitDocumentAdded } from "./medcard-document-notices.ts";
import {
  receiveDocumentForm,
  requireCardDocument,
  storeDocument,
} from "./medcard-documents.service.ts";
import {
  type CardDocumentFile,
  loadCardView,
  openCardDocumentFile,
  toDocument,
  toEntry,
} from "./medcard-view.service.ts";
import {
  findAppealPatient,
  findChatPatient,
  hasOpenedCardSince,
} from "./staff-medcard.repository.ts";

// The console's side of «Медкарта» (decision 0024): only doctors, and a doctor only after opening
// the card from a chat or an appeal with a reason; every read and write after that is audited too,
// and the client sees all of it in «Кто смотрел мои данные».

export const MEDCARD_DOCTORS_ONLY =
  "Медкарта пациента доступна только врачам: операторы и администраторы её не видят.";
export const OPEN_CARD_FIRST = "Откройте медкарту из чата или обращения и укажите причину";
export const NO_CARD = "У пациента нет медкарты в личном кабинете";

const OPENING_MS = MEDCARD_OPENING_HOURS * 60 * 60 * 1000;

async function cardOfChat(db: Db, chatId: string): Promise<MedcardCardRow> {
  const chat = await findChatPatient(db, chatId);
  if (!chat) throw new NotFoundError("Чат не найден.");
  const card = await cardForPerson(db, chat.clientId, chat.personId);
  if (!card) throw new NotFoundError(NO_CARD);
  return card;
}

/** The card of the appeal's person kept by the first holder of its contract who keeps one. */
async function cardOfAppeal(db: Db, appealId: string): Promise<MedcardCardRow> {
  const appeal = await findAppealPatient(db, appealId);
  if (!appeal) throw new NotFoundError("Обращение не найдено.");
  for (const clientId of appeal.holderClientIds) {
    const card = await cardForPerson(db, clientId, appeal.personId);
    if (card) return card;
  }
  throw new NotFoundError(NO_CARD);
}

/** «Медкарта пациента»: finds the card, writes the reason to the audit log, returns the card. */
export async function openCard(
  db: Db,
  actor: StaffActor,
  body: StaffMedcardOpen,
): Promise<StaffMedcardOpened> {
  const card = body.chatId
    ? await cardOfChat(db, body.chatId)
    : await cardOfAppeal(db, body.appealId ?? "");
  await audit.record(db, {
    staffId: actor.staffId,
    action: "medcard.open",
    subjectType: "medcard_card",
    subjectId: card.id,
    details: body.chatId
      ? { reason: body.reason, chatId: body.chatId }
      : { reason: body.reason, appealId: body.appealId },
    ip: actor.ip,
  });
  return { cardId: card.id, view: await loadCardView(db, card, { viewer: "staff" }) };
}

/**
 * The card, when this doctor opened it with a reason within the last 12 hours; a 403 otherwise (a
 * card that is not there is refused alike, so its id tells nothing).
 */
export async function openedCard(
  db: Db,
  actor: StaffActor,
  cardId: string,
  now = new Date(),
): Promise<MedcardCardRow> {
  const since = new Date(now.getTime() - OPENING_MS);
  const [opened, card] = await Promise.all([
    hasOpenedCardSince(db, actor.staffId, cardId, since),
    findCardById(db, cardId),
  ]);
  if (!opened || !card) throw new ForbiddenError(OPEN_CARD_FIRST);
  return card;
}

/** The card again (after a change, on a reload), audited as a read. */
export async function viewOpenedCard(db: Db, actor: StaffActor, cardId: string) {
  const card = await openedCard(db, actor, cardId);
  await audit.record(db, {
    staffId: actor.staffId,
    action: "medcard.view",
    subjectType: "medcard_card",
    subjectId: card.id,
    ip: actor.ip,
  });
  return loadCardView(db, card, { viewer: "staff" });
}

/**
 * «Добавить запись» by a doctor: an entry of «Сводка» under the doctor's name, which the client
 * cannot change (a blood group replaces the one before, as the client's does). The entry and its
 * audit row commit together.
 */
export async function addDoctorEntry(
  db: Db,
  actor: StaffActor,
  cardId: string,
  input: MedcardEntryInput,
): Promise<MedcardEntry> {
  const card = await openedCard(db, actor, cardId);
  const row = await db.transaction(async (tx) => {
    const entry = await addCardEntry(tx, card, input, { source: "doctor", staffId: actor.staffId });
    await audit.record(tx, {
      staffId: actor.staffId,
      action: "medcard.entry.add",
      subjectType: "medcard_card",
      subjectId: card.id,
      details: { entryId: entry.id, kind: entry.kind },
      ip: actor.ip,
    });
    return entry;
  });
  return toEntry(row, "staff");
}

/**
 * «Добавить документ» by a doctor: the cabinet's upload rules (one PDF, JPEG or PNG by content, at
 * most 25 MB while streaming), stored on the card under the doctor's name. The card is checked
 * before a byte of the file is read; the document and its audit row commit together.
 */
export async function addDoctorDocument(
  db: Db,
  storage: FileStorage,
  actor: StaffActor,
  cardId: string,
  parts: AsyncIterable<Multipart>,
): Promise<MedcardDocument> {
  const card = await openedCard(db, actor, cardId);
  const { fields, file } = await receiveDocumentForm(parts, storage, medcardDocumentFieldsSchema);
  const row = await db.transaction(async (tx) => {
    const stored = await storeDocument(
      tx,
      storage,
      {
        cardId: card.id,
        personId: null,
        type: fields.type,
        title: fields.title,
        documentDate: fields.documentDate,
        source: "doctor",
        staffId: actor.staffId,
        clinicId: null,
        externalId: null,
        createdAt: new Date(),
      },
      file,
    );
    if (!stored) throw new Error("the doctor's medcard document was not stored");
    await emitDocumentAdded(tx, stored.id, { cardOwnerId: card.ownerClientId });
    await audit.record(tx, {
      staffId: actor.staffId,
      action: "medcard.document.add",
      subjectType: "medcard_card",
      subjectId: card.id,
      details: { documentId: stored.id, type: stored.type, title: stored.title },
      ip: actor.ip,
    });
    return stored;
  });
  return toDocument(card, row, "staff");
}

/** A document's file, to view or to download, audited. */
export async function openedCardFile(
  db: Db,
  storage: FileStorage,
  actor: StaffActor,
  params: { cardId: string; documentId: string; download: boolean },
): Promise<CardDocumentFile> {
  const card = await openedCard(db, actor, params.cardId);
  const document = await requireCardDocument(db, card, params.documentId);
  await audit.record(db, {
    staffId: actor.staffId,
    action: "medcard.document.download",
    subjectType: "medcard_card",
    subjectId: card.id,
    details: { documentId: document.id, title: document.title, download: params.download },
    ip: actor.ip,
  });
  return openCardDocumentFile(storage, document);
}
