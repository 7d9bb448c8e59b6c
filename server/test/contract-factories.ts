import { randomInt } from "node:crypto";
import { personNameKey } from "../../common/contracts/person-match.ts";
import type { Db } from "../db/client.ts";
import { contracts, coveredPersons, programs } from "../db/schema/index.ts";

export interface TestPerson {
  slot: 1 | 2;
  lastName: string;
  firstName: string;
  patronymic?: string | null;
  birthDate: string;
  phone?: string | null;
  email?: string | null;
}

/** A program with a unique code and name. */
export async function createTestProgram(
  db: Db,
  overrides: Partial<typeof programs.$inferInsert> = {},
): Promise<typeof programs.$inferSelect> {
  const n = randomInt(1e9);
  const [row] = await db
    .insert(programs)
    .values({
      code: `test-program-${n}`,
      name: `Тестовая программа ${n}`,
      description: "Консультации врача по телефону круглосуточно.",
      coverage: "- Консультации терапевта\n- Консультации педиатра",
      maxPersons: 2,
      careProcedure: "Позвоните в медицинский контакт-центр по номеру **8 (800) 770-70-94**.",
      ...overrides,
    })
    .returning();
  if (!row) throw new Error("the test program was not stored");
  return row;
}

/** A certificate number no other test uses: «11/» and eight digits. */
export function uniqueCertificateNumber(): string {
  return `11/${String(randomInt(10_000_000, 99_999_999))}`;
}

/** A contract with its covered persons; a certificate unless kind says otherwise. */
export async function createTestContract(
  db: Db,
  options: {
    programId: string;
    startsOn: string;
    endsOn: string;
    persons: TestPerson[];
    kind?: "certificate" | "dms_policy";
    number?: string;
    insurerName?: string | null;
  },
): Promise<{ id: string; number: string; personIds: string[] }> {
  const kind = options.kind ?? "certificate";
  const number = options.number ?? uniqueCertificateNumber();
  const [contract] = await db
    .insert(contracts)
    .values({
      kind,
      number,
      insurerName: kind === "dms_policy" ? (options.insurerName ?? "АО «Тест-Страхование»") : null,
      programId: options.programId,
      startsOn: options.startsOn,
      endsOn: options.endsOn,
    })
    .returning({ id: contracts.id });
  if (!contract) throw new Error("the test contract was not stored");
  const persons =
    options.persons.length === 0
      ? []
      : await db
          .insert(coveredPersons)
          .values(
            options.persons.map((person) => ({
              contractId: contract.id,
              slot: person.slot,
              lastName: person.lastName,
              firstName: person.firstName,
              patronymic: person.patronymic ?? null,
              birthDate: person.birthDate,
              phone: person.phone ?? null,
              email: person.email ?? null,
              nameKey: personNameKey(person.lastName, person.firstName, person.patronymic),
            })),
          )
          .returning({ id: coveredPersons.id });
  return { id: contract.id, number, personIds: persons.map((person) => person.id) };
}
