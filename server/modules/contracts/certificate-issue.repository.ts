import { eq, sql } from "drizzle-orm";
import { personNameKey } from "../../../common/contracts/person-match.ts";
import { shiftDate, termEnd } from "../../../common/shop/certificate-terms.ts";
import type { Db } from "../../db/client.ts";
import {
  clients,
  contractHolders,
  contracts,
  coveredPersons,
  programs,
} from "../../db/schema/index.ts";
import { isUniqueViolation } from "../../db/unique-violation.ts";

export interface CertificatePerson {
  lastName: string;
  firstName: string;
  patronymic: string | null;
  birthDate: string;
}

export interface CertificateToIssue {
  programId: string;
  /** The account that paid: it becomes the certificate's holder. */
  buyerId: string;
  persons: CertificatePerson[];
  /** The start date chosen at checkout. */
  startsOn: string;
  /** The payment's Moscow date: a certificate never starts before the day after it. */
  paidOn: string;
}

export interface IssuedCertificate {
  contractId: string;
  number: string;
  startsOn: string;
  endsOn: string;
}

// A number the registry already holds (an imported «11/9…») is skipped: nextval again.
const NUMBER_TRIES = 5;

/**
 * Issues a paid online certificate in `tx` (the order's fulfilment, decision 0023 §6): a number
 * in the company's series «11/» + 8 digits from certificate_number_seq — atomic across instances,
 * never handed out twice —, the term from the start date, the persons in their slots, and the
 * buyer as holder. It is in «Мои договоры» as soon as `tx` commits.
 */
export async function issueCertificate(
  tx: Db,
  certificate: CertificateToIssue,
): Promise<IssuedCertificate> {
  const [program] = await tx
    .select({ termMonths: programs.termMonths })
    .from(programs)
    .where(eq(programs.id, certificate.programId));
  if (!program?.termMonths) throw new Error(`program ${certificate.programId} has no term`);
  const earliest = shiftDate(certificate.paidOn, 1);
  // ISO dates compare as strings; the later of the chosen date and the day after the payment.
  const startsOn = [certificate.startsOn, earliest].sort().at(-1) ?? earliest;
  const endsOn = termEnd(startsOn, program.termMonths);

  let contract: { id: string; number: string } | undefined;
  for (let attempt = 1; !contract; attempt++) {
    try {
      // A savepoint: a clash with an imported number rolls back only this insert.
      contract = await tx.transaction(async (savepoint) => {
        const [row] = await savepoint
          .insert(contracts)
          .values({
            kind: "certificate",
            number: sql`'11/' || nextval('certificate_number_seq')::text`,
            programId: certificate.programId,
            startsOn,
            endsOn,
          })
          .returning({ id: contracts.id, number: contracts.number });
        if (!row) throw new Error("certificate not inserted");
        return row;
      });
    } catch (error) {
      if (isUniqueViolation(error) !== "contracts_kind_number_key" || attempt >= NUMBER_TRIES) {
        throw error;
      }
    }
  }

  await tx
    .insert(contractHolders)
    .values({ clientId: certificate.buyerId, contractId: contract.id, source: "purchase" })
    .onConflictDoNothing();

  const [buyer] = await tx
    .select({
      phone: clients.phone,
      email: clients.email,
      lastName: clients.lastName,
      firstName: clients.firstName,
      patronymic: clients.patronymic,
      birthDate: clients.birthDate,
    })
    .from(clients)
    .where(eq(clients.id, certificate.buyerId));
  const buyerKey = buyer ? personNameKey(buyer.lastName, buyer.firstName, buyer.patronymic) : null;

  await tx.insert(coveredPersons).values(
    certificate.persons.map((person, index) => {
      const nameKey = personNameKey(person.lastName, person.firstName, person.patronymic);
      // The buyer covering themselves gets their own phone and e-mail on the certificate (SMS
      // about their visits reach them); anyone else's are not known.
      const isBuyer = buyer && nameKey === buyerKey && person.birthDate === buyer.birthDate;
      return {
        contractId: contract.id,
        slot: index + 1,
        lastName: person.lastName,
        firstName: person.firstName,
        patronymic: person.patronymic,
        birthDate: person.birthDate,
        phone: isBuyer ? buyer.phone : null,
        email: isBuyer ? buyer.email : null,
        nameKey,
      };
    }),
  );
  return { contractId: contract.id, number: contract.number, startsOn, endsOn };
}

/**
 * An online certificate refunded before its start: kept for the record (its order, its number),
 * covering nothing from now on. Answers its start date, or null for an unknown contract.
 */
export async function annulCertificate(tx: Db, contractId: string): Promise<string | null> {
  const [row] = await tx
    .update(contracts)
    .set({ annulledAt: sql`coalesce(${contracts.annulledAt}, now())`, updatedAt: sql`now()` })
    .where(eq(contracts.id, contractId))
    .returning({ startsOn: contracts.startsOn });
  return row?.startsOn ?? null;
}
