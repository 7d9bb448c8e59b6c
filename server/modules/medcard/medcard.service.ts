import {
  BLOOD_GROUP_NOT_IN_LIST,
  isBloodGroup,
  type MedcardEntry,
  type MedcardEntryInput,
  type MedcardHome,
  type MedcardView,
} from "../../../common/medcard/medcard.schema.ts";
import type { Db } from "../../db/client.ts";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../../errors.ts";
import { acceptDocument, HEALTH_DATA_DOCUMENT } from "../legal/index.ts";
import {
  type EntryRow,
  findEntry,
  insertEntry,
  lockCard,
  markEntryRemoved,
  removeOtherBloodGroups,
  updateEntry,
} from "./medcard.repository.ts";
import {
  clientCard,
  healthConsentRequired,
  listClientCards,
  type MedcardCardRow,
  requireHealthConsent,
} from "./medcard-access.service.ts";
import { cardSummary, loadCardView, toEntry } from "./medcard-view.service.ts";

export const ENTRY_NOT_FOUND = "Запись не найдена";
export const DOCTOR_ENTRY_LOCKED =
  "Эту запись внёс врач: изменить или удалить её может только врач. Если в ней ошибка, напишите врачу в чат.";

/**
 * GET /api/medcard: the cards (none, and none created, before the health-data consent) and the
 * consent still to be given.
 */
export async function medcardHome(db: Db, clientId: string): Promise<MedcardHome> {
  const consentRequired = await healthConsentRequired(db, clientId);
  if (consentRequired) return { consentRequired, cards: [] };
  const cards = await listClientCards(db, clientId);
  return {
    consentRequired: null,
    cards: await Promise.all(cards.map((card) => cardSummary(db, card))),
  };
}

/**
 * «Дать согласие»: the current version of the health-data consent, or the one named when it is
 * still current (a text the client was not shown is not accepted: 409).
 */
export async function acceptHealthConsent(
  db: Db,
  clientId: string,
  version: number | undefined,
  meta: { ip: string | null; userAgent: string | undefined },
): Promise<void> {
  const required = await healthConsentRequired(db, clientId);
  if (!required) return;
  await acceptDocument(
    db,
    clientId,
    { slug: HEALTH_DATA_DOCUMENT, version: version ?? required.version },
    meta,
  );
}

/** A card of this account, after the health-data consent: 403 without it, 404 for another's card. */
export async function myCard(db: Db, clientId: string, cardId: string): Promise<MedcardCardRow> {
  await requireHealthConsent(db, clientId);
  return clientCard(db, clientId, cardId);
}

export async function viewMyCard(db: Db, clientId: string, cardId: string): Promise<MedcardView> {
  return loadCardView(db, await myCard(db, clientId, cardId), { viewer: "patient" });
}

/** Who writes an entry: the card's client («со слов пациента») or a doctor of the company. */
export type EntryAuthor = { source: "patient" } | { source: "doctor"; staffId: string };

/** A blood group is one of the eight, however the request was made. */
function checkEntry(input: MedcardEntryInput): void {
  if (input.kind === "blood_group" && !isBloodGroup(input.text)) {
    throw new ValidationError([{ field: "text", message: BLOOD_GROUP_NOT_IN_LIST }]);
  }
}

/**
 * Adds an entry to «Сводка». A blood group replaces the one that stood (one at a time, whoever
 * entered it): both in one transaction, under the card's lock, so two at once leave one.
 */
export async function addCardEntry(
  db: Db,
  card: MedcardCardRow,
  input: MedcardEntryInput,
  author: EntryAuthor,
  now = new Date(),
): Promise<EntryRow> {
  checkEntry(input);
  return db.transaction(async (tx) => {
    await lockCard(tx, card.id);
    const id = await insertEntry(tx, {
      cardId: card.id,
      kind: input.kind,
      text: input.text,
      note: input.note ?? null,
      source: author.source,
      staffId: author.source === "doctor" ? author.staffId : null,
      at: now,
    });
    if (input.kind === "blood_group") await removeOtherBloodGroups(tx, card.id, id, now);
    const row = await findEntry(tx, card.id, id);
    if (!row) throw new Error("the medcard entry was not stored");
    return row;
  });
}

export async function addMyEntry(
  db: Db,
  clientId: string,
  cardId: string,
  input: MedcardEntryInput,
): Promise<MedcardEntry> {
  const card = await myCard(db, clientId, cardId);
  return toEntry(await addCardEntry(db, card, input, { source: "patient" }), "patient");
}

/** The client's own entry of the card; a doctor's one is refused (403), another card's is 404. */
async function ownEntry(db: Db, card: MedcardCardRow, entryId: string): Promise<EntryRow> {
  const entry = await findEntry(db, card.id, entryId);
  if (!entry) throw new NotFoundError(ENTRY_NOT_FOUND);
  if (entry.source !== "patient") throw new ForbiddenError(DOCTOR_ENTRY_LOCKED);
  return entry;
}

export async function changeMyEntry(
  db: Db,
  clientId: string,
  cardId: string,
  entryId: string,
  input: MedcardEntryInput,
  now = new Date(),
): Promise<MedcardEntry> {
  checkEntry(input);
  const card = await myCard(db, clientId, cardId);
  const row = await db.transaction(async (tx) => {
    await lockCard(tx, card.id);
    await ownEntry(tx, card, entryId);
    await updateEntry(tx, entryId, {
      kind: input.kind,
      text: input.text,
      note: input.note ?? null,
      at: now,
    });
    if (input.kind === "blood_group") await removeOtherBloodGroups(tx, card.id, entryId, now);
    const changed = await findEntry(tx, card.id, entryId);
    if (!changed) throw new ConflictError("Запись только что удалили. Обновите страницу.");
    return changed;
  });
  return toEntry(row, "patient");
}

export async function removeMyEntry(
  db: Db,
  clientId: string,
  cardId: string,
  entryId: string,
  now = new Date(),
): Promise<void> {
  const card = await myCard(db, clientId, cardId);
  await ownEntry(db, card, entryId);
  await markEntryRemoved(db, entryId, now);
}
