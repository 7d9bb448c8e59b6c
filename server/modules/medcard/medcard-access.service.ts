import { todayInMoscow } from "../../../common/format/date.ts";
import type { LegalDocumentSummary } from "../../../common/identity/legal.schema.ts";
import type { Db } from "../../db/client.ts";
import { ForbiddenError, NotFoundError } from "../../errors.ts";
import { type FamilyPerson, familyPersons } from "../contracts/index.ts";
import { HEALTH_DATA_DOCUMENT, pendingConsent } from "../legal/index.ts";
import {
  findCardOfOwner,
  findCardsOfOwner,
  findChildCard,
  findClientIdentity,
  findPersonIdsOfIdentity,
  findSelfCard,
  insertMissingCards,
  type MedcardCardRow,
  type NewMedcardCard,
} from "./medcard.repository.ts";

// Who may read a card as its client (decisions 0024 and 0031): the account its own, and a parent
// the card of a child under 15 covered by a contract the account holds — the contracts module's
// family rule, which booking and chat ask too. Everything else is 404.

export type { MedcardCardRow };

export const CARD_NOT_FOUND = "Медкарта не найдена";
export const HEALTH_CONSENT_REQUIRED =
  "Чтобы вести медкарту, дайте согласие на обработку сведений о состоянии здоровья";

/** The identity a card stands for: its name key and birth date within the owner's contracts. */
export interface CardIdentity {
  nameKey: string;
  birthDate: string;
}

function identityKey(identity: CardIdentity): string {
  return `${identity.nameKey}|${identity.birthDate}`;
}

function childCardOf(clientId: string, person: FamilyPerson): NewMedcardCard {
  return {
    ownerClientId: clientId,
    subject: "child",
    childNameKey: person.nameKey,
    lastName: person.lastName,
    firstName: person.firstName,
    patronymic: person.patronymic,
    birthDate: person.birthDate,
  };
}

/** The children whose cards the account reads today: one current person row per identity. */
async function childrenOf(
  db: Db,
  clientId: string,
  today: string,
): Promise<Map<string, FamilyPerson>> {
  const children = new Map<string, FamilyPerson>();
  for (const person of await familyPersons(db, clientId, today)) {
    const key = identityKey(person);
    if (person.relation === "child" && !person.replaced && !children.has(key)) {
      children.set(key, person);
    }
  }
  return children;
}

function cardIdentityOf(card: MedcardCardRow): CardIdentity | null {
  return card.subject === "child" && card.childNameKey && card.birthDate
    ? { nameKey: card.childNameKey, birthDate: card.birthDate }
    : null;
}

/**
 * The cards this account may read — its own first, then its children's under 15 by birth date —
 * creating the missing ones. A child's card kept from before the child turned 15 (or left the
 * account's contracts) is not listed.
 */
export async function listClientCards(
  db: Db,
  clientId: string,
  today = todayInMoscow(),
): Promise<MedcardCardRow[]> {
  if (!(await findClientIdentity(db, clientId))) return [];
  const children = await childrenOf(db, clientId, today);
  let cards = await findCardsOfOwner(db, clientId);
  const known = new Set(
    cards.flatMap((card) => {
      const identity = cardIdentityOf(card);
      return identity ? [identityKey(identity)] : [];
    }),
  );
  const missing: NewMedcardCard[] = [...children.entries()]
    .filter(([key]) => !known.has(key))
    .map(([, person]) => childCardOf(clientId, person));
  if (!cards.some((card) => card.subject === "self")) {
    missing.unshift({
      ownerClientId: clientId,
      subject: "self",
      childNameKey: null,
      lastName: null,
      firstName: null,
      patronymic: null,
      birthDate: null,
    });
  }
  if (missing.length > 0) {
    await insertMissingCards(db, missing);
    cards = await findCardsOfOwner(db, clientId);
  }
  const self = cards.filter((card) => card.subject === "self");
  const readableChildren = cards
    .filter((card) => {
      const identity = cardIdentityOf(card);
      return identity !== null && children.has(identityKey(identity));
    })
    .sort(
      (a, b) =>
        (a.birthDate ?? "").localeCompare(b.birthDate ?? "") ||
        (a.lastName ?? "").localeCompare(b.lastName ?? "", "ru"),
    );
  return [...self, ...readableChildren];
}

/** One card this account may read, or a 404 «Медкарта не найдена». */
export async function clientCard(
  db: Db,
  clientId: string,
  cardId: string,
  today = todayInMoscow(),
): Promise<MedcardCardRow> {
  const card = await findCardOfOwner(db, clientId, cardId);
  if (!card) throw new NotFoundError(CARD_NOT_FOUND);
  if (card.subject === "self") return card;
  const identity = cardIdentityOf(card);
  if (!identity) throw new NotFoundError(CARD_NOT_FOUND);
  const children = await childrenOf(db, clientId, today);
  if (!children.has(identityKey(identity))) throw new NotFoundError(CARD_NOT_FOUND);
  return card;
}

/**
 * The card of the account `clientId` that the covered person `personId` belongs to: the account's
 * own when the person is the account, the child's when the person is under 15 today; created when
 * missing. Null when the person is not on the account's contracts or is another adult (an adult
 * «Пациент 2» keeps no card in this account).
 */
export async function cardForPerson(
  db: Db,
  clientId: string,
  personId: string,
  today = todayInMoscow(),
): Promise<MedcardCardRow | null> {
  const person = (await familyPersons(db, clientId, today)).find((row) => row.id === personId);
  if (!person) return null;
  if (person.relation === "self") {
    const existing = await findSelfCard(db, clientId);
    if (existing) return existing;
    await insertMissingCards(db, [
      {
        ownerClientId: clientId,
        subject: "self",
        childNameKey: null,
        lastName: null,
        firstName: null,
        patronymic: null,
        birthDate: null,
      },
    ]);
    return findSelfCard(db, clientId);
  }
  const existing = await findChildCard(db, clientId, person.nameKey, person.birthDate);
  if (existing) return existing;
  await insertMissingCards(db, [childCardOf(clientId, person)]);
  return findChildCard(db, clientId, person.nameKey, person.birthDate);
}

/**
 * The covered-person rows a card stands for: the rows on its owner's contracts (replaced ones too)
 * with the card's name key and birth date. Chats, appeals, visits and clinics' documents come
 * through them.
 */
export async function personsOfCard(db: Db, card: MedcardCardRow): Promise<string[]> {
  const identity = cardIdentityOf(card);
  if (identity) {
    return findPersonIdsOfIdentity(db, card.ownerClientId, identity.nameKey, identity.birthDate);
  }
  return (await familyPersons(db, card.ownerClientId))
    .filter((person) => person.relation === "self")
    .map((person) => person.id);
}

/** The health-data consent's current version while this client has not accepted it, else null. */
export function healthConsentRequired(
  db: Db,
  clientId: string,
): Promise<LegalDocumentSummary | null> {
  return pendingConsent(db, clientId, HEALTH_DATA_DOCUMENT);
}

/** Refuses (403, in Russian) every card read or write of a client without the health-data consent. */
export async function requireHealthConsent(db: Db, clientId: string): Promise<void> {
  if (await healthConsentRequired(db, clientId)) {
    throw new ForbiddenError(HEALTH_CONSENT_REQUIRED);
  }
}
