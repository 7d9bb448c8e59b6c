import { and, asc, eq, isNull, ne } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import {
  clients,
  contractHolders,
  contracts,
  coveredPersons,
  medcardCards,
  medcardEntries,
  staffMembers,
} from "../../db/schema/index.ts";

// The cards themselves and the person rows behind them (decision 0024). Entries, documents and
// the timeline have their own repositories beside this one.

export type MedcardCardRow = typeof medcardCards.$inferSelect;
export type NewMedcardCard = Pick<
  typeof medcardCards.$inferInsert,
  | "ownerClientId"
  | "subject"
  | "childNameKey"
  | "lastName"
  | "firstName"
  | "patronymic"
  | "birthDate"
>;

export interface ClientIdentity {
  lastName: string;
  firstName: string;
  patronymic: string | null;
  birthDate: string;
}

/** The contracts an account holds that still cover anyone (an annulled certificate covers no one). */
const heldContract = (clientId: string) =>
  and(eq(contractHolders.clientId, clientId), isNull(contracts.annulledAt));

export async function findClientIdentity(db: Db, clientId: string): Promise<ClientIdentity | null> {
  const [row] = await db
    .select({
      lastName: clients.lastName,
      firstName: clients.firstName,
      patronymic: clients.patronymic,
      birthDate: clients.birthDate,
    })
    .from(clients)
    .where(eq(clients.id, clientId));
  return row ?? null;
}

/**
 * The person rows of one identity on the account's contracts, replaced ones included: the rows
 * chats, appeals, visits and clinics' documents point at.
 */
export async function findPersonIdsOfIdentity(
  db: Db,
  clientId: string,
  nameKey: string,
  birthDate: string,
): Promise<string[]> {
  const rows = await db
    .selectDistinct({ id: coveredPersons.id })
    .from(contractHolders)
    .innerJoin(contracts, eq(contracts.id, contractHolders.contractId))
    .innerJoin(coveredPersons, eq(coveredPersons.contractId, contracts.id))
    .where(
      and(
        heldContract(clientId),
        eq(coveredPersons.nameKey, nameKey),
        eq(coveredPersons.birthDate, birthDate),
      ),
    );
  return rows.map((row) => row.id);
}

export async function findCardsOfOwner(db: Db, clientId: string): Promise<MedcardCardRow[]> {
  return db
    .select()
    .from(medcardCards)
    .where(eq(medcardCards.ownerClientId, clientId))
    .orderBy(asc(medcardCards.createdAt), asc(medcardCards.id));
}

export async function findCardOfOwner(
  db: Db,
  clientId: string,
  cardId: string,
): Promise<MedcardCardRow | null> {
  const [row] = await db
    .select()
    .from(medcardCards)
    .where(and(eq(medcardCards.id, cardId), eq(medcardCards.ownerClientId, clientId)));
  return row ?? null;
}

/** A card by id alone: for readers that proved their right another way (a share, a doctor). */
export async function findCardById(db: Db, cardId: string): Promise<MedcardCardRow | null> {
  const [row] = await db.select().from(medcardCards).where(eq(medcardCards.id, cardId));
  return row ?? null;
}

/** Adds the cards that are missing; one that a parallel request made first is left as it is. */
export async function insertMissingCards(db: Db, cards: NewMedcardCard[]): Promise<void> {
  if (cards.length === 0) return;
  await db.insert(medcardCards).values(cards).onConflictDoNothing();
}

export async function findChildCard(
  db: Db,
  clientId: string,
  childNameKey: string,
  birthDate: string,
): Promise<MedcardCardRow | null> {
  const [row] = await db
    .select()
    .from(medcardCards)
    .where(
      and(
        eq(medcardCards.ownerClientId, clientId),
        eq(medcardCards.subject, "child"),
        eq(medcardCards.childNameKey, childNameKey),
        eq(medcardCards.birthDate, birthDate),
      ),
    );
  return row ?? null;
}

export async function findSelfCard(db: Db, clientId: string): Promise<MedcardCardRow | null> {
  const [row] = await db
    .select()
    .from(medcardCards)
    .where(and(eq(medcardCards.ownerClientId, clientId), eq(medcardCards.subject, "self")));
  return row ?? null;
}

// «Сводка»

export type MedcardEntryKindValue = (typeof medcardEntries.$inferSelect)["kind"];

export interface EntryRow {
  id: string;
  cardId: string;
  kind: MedcardEntryKindValue;
  text: string;
  note: string | null;
  source: "patient" | "doctor" | "clinic";
  staffId: string | null;
  staffName: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const entryColumns = {
  id: medcardEntries.id,
  cardId: medcardEntries.cardId,
  kind: medcardEntries.kind,
  text: medcardEntries.text,
  note: medcardEntries.note,
  source: medcardEntries.source,
  staffId: medcardEntries.staffId,
  staffName: staffMembers.fullName,
  createdAt: medcardEntries.createdAt,
  updatedAt: medcardEntries.updatedAt,
};

/** The card's entries that are not removed, by kind, oldest first. */
export async function listEntries(db: Db, cardId: string): Promise<EntryRow[]> {
  return db
    .select(entryColumns)
    .from(medcardEntries)
    .leftJoin(staffMembers, eq(staffMembers.id, medcardEntries.staffId))
    .where(and(eq(medcardEntries.cardId, cardId), isNull(medcardEntries.removedAt)))
    .orderBy(asc(medcardEntries.kind), asc(medcardEntries.createdAt), asc(medcardEntries.id));
}

export async function findEntry(db: Db, cardId: string, entryId: string): Promise<EntryRow | null> {
  const [row] = await db
    .select(entryColumns)
    .from(medcardEntries)
    .leftJoin(staffMembers, eq(staffMembers.id, medcardEntries.staffId))
    .where(
      and(
        eq(medcardEntries.id, entryId),
        eq(medcardEntries.cardId, cardId),
        isNull(medcardEntries.removedAt),
      ),
    );
  return row ?? null;
}

export async function insertEntry(
  db: Db,
  values: {
    cardId: string;
    kind: MedcardEntryKindValue;
    text: string;
    note: string | null;
    source: "patient" | "doctor";
    staffId: string | null;
    at: Date;
  },
): Promise<string> {
  const { at, ...entry } = values;
  const [row] = await db
    .insert(medcardEntries)
    .values({ ...entry, createdAt: at, updatedAt: at })
    .returning({ id: medcardEntries.id });
  if (!row) throw new Error("the medcard entry was not stored");
  return row.id;
}

export async function updateEntry(
  db: Db,
  entryId: string,
  values: { kind: MedcardEntryKindValue; text: string; note: string | null; at: Date },
): Promise<void> {
  await db
    .update(medcardEntries)
    .set({ kind: values.kind, text: values.text, note: values.note, updatedAt: values.at })
    .where(and(eq(medcardEntries.id, entryId), isNull(medcardEntries.removedAt)));
}

export async function markEntryRemoved(db: Db, entryId: string, at: Date): Promise<void> {
  await db
    .update(medcardEntries)
    .set({ removedAt: at })
    .where(and(eq(medcardEntries.id, entryId), isNull(medcardEntries.removedAt)));
}

/** Removes the card's active blood groups but `keepId`: one blood group stands at a time. */
export async function removeOtherBloodGroups(
  db: Db,
  cardId: string,
  keepId: string,
  at: Date,
): Promise<void> {
  await db
    .update(medcardEntries)
    .set({ removedAt: at })
    .where(
      and(
        eq(medcardEntries.cardId, cardId),
        eq(medcardEntries.kind, "blood_group"),
        isNull(medcardEntries.removedAt),
        ne(medcardEntries.id, keepId),
      ),
    );
}

/** Serialises the writes of one card's «Сводка» (the blood-group rule reads before it writes). */
export async function lockCard(db: Db, cardId: string): Promise<void> {
  await db
    .select({ id: medcardCards.id })
    .from(medcardCards)
    .where(eq(medcardCards.id, cardId))
    .for("update");
}
