// Whom an account acts for (issue 17, decision 0031): itself, and children under 15 on the
// contracts it holds. Booking, «Чат с врачом» and «Медкарта» all ask this one rule.

/** 323-FZ art. 54: from 15 a patient decides alone, so a parent acts for a child until then. */
export const PARENT_ACCESS_UNTIL_AGE = 15;

/** Whether a person born on `birthDate` (yyyy-mm-dd) is under 15 on `today` (yyyy-mm-dd). */
export function isUnderParentAccessAge(birthDate: string, today: string): boolean {
  const [by = 0, bm = 0, bd = 0] = birthDate.split("-").map(Number);
  const [ty = 0, tm = 0, td = 0] = today.split("-").map(Number);
  const age = ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
  return age < PARENT_ACCESS_UNTIL_AGE;
}

/** The surname, name and patronymic key (common/contracts/person-match.ts) with the birth date. */
export interface PersonIdentity {
  nameKey: string;
  birthDate: string;
}

export type FamilyRelation = "self" | "child";

/** The account: its name key and birth date, and its verified phone. */
export interface AccountIdentity extends PersonIdentity {
  phone: string;
}

/** A covered-person row of a contract the account holds. */
export interface HeldPerson extends PersonIdentity {
  id: string;
  phone: string | null;
  /** Replaced by another person (its history still points at the row). */
  replaced: boolean;
}

const keyOf = (identity: PersonIdentity) => `${identity.nameKey}|${identity.birthDate}`;

/**
 * The row is the account's own person: the same name and birth date, or the account's verified
 * phone with its birth date (a registry that spells the name otherwise or leaves out the
 * patronymic). A phone alone never is: a parent's phone is often on a child's row, a spouse's on
 * an adult's.
 */
function isSelf(account: AccountIdentity, person: HeldPerson): boolean {
  if (person.birthDate !== account.birthDate) return false;
  return person.nameKey === account.nameKey || person.phone === account.phone;
}

/**
 * The rows of the account's contracts it acts for on `today` (a Moscow date), each with how: its
 * own rows (`isSelf`), and the rows of each child under 15 who is a current person of one of them
 * (known by name and birth date). Replaced rows come with their person, for the history. Everyone
 * else — an adult «Пациент 2» above all — is reached only from that person's own account.
 */
export function actedFor<P extends HeldPerson>(
  account: AccountIdentity,
  persons: readonly P[],
  today: string,
): (P & { relation: FamilyRelation })[] {
  const children = new Set(
    persons
      .filter(
        (person) =>
          !person.replaced &&
          !isSelf(account, person) &&
          isUnderParentAccessAge(person.birthDate, today),
      )
      .map(keyOf),
  );
  return persons.flatMap((person): (P & { relation: FamilyRelation })[] => {
    if (isSelf(account, person)) return [{ ...person, relation: "self" }];
    return children.has(keyOf(person)) ? [{ ...person, relation: "child" }] : [];
  });
}
