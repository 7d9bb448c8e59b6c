import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { ProgramInput, StaffProgram } from "../../../common/contracts/programs.schema.ts";
import type { Db } from "../../db/client.ts";
import { contracts, coveredPersons, programs } from "../../db/schema/index.ts";
import { isUniqueViolation } from "../../db/unique-violation.ts";

const columns = {
  id: programs.id,
  code: programs.code,
  name: programs.name,
  description: programs.description,
  coverage: programs.coverage,
  maxPersons: programs.maxPersons,
  careProcedure: programs.careProcedure,
  soldOnline: programs.soldOnline,
  includesChat: programs.includesChat,
  audience: programs.audience,
  priceKopecks: programs.priceKopecks,
  termMonths: programs.termMonths,
  archivedAt: programs.archivedAt,
  updatedAt: programs.updatedAt,
};

type Row = { archivedAt: Date | null; updatedAt: Date } & Omit<
  StaffProgram,
  "archived" | "updatedAt"
>;

function toProgram({ archivedAt, updatedAt, ...row }: Row): StaffProgram {
  return { ...row, archived: archivedAt !== null, updatedAt: updatedAt.toISOString() };
}

/** Every program: the offered ones first, by name. */
export async function listPrograms(db: Db): Promise<StaffProgram[]> {
  const rows = await db
    .select(columns)
    .from(programs)
    .orderBy(sql`${programs.archivedAt} is not null`, asc(programs.name));
  return rows.map(toProgram);
}

export async function findProgram(db: Db, id: string): Promise<StaffProgram | null> {
  const [row] = await db.select(columns).from(programs).where(eq(programs.id, id));
  return row ? toProgram(row) : null;
}

/** Which unique field a clash was on: "name", "code", or null for none. */
export type ProgramClash = "name" | "code";

function clashOf(error: unknown): ProgramClash | null {
  const constraint = isUniqueViolation(error);
  if (constraint === null) return null;
  return constraint === "programs_code_key" ? "code" : "name";
}

export async function insertProgram(
  db: Db,
  input: ProgramInput,
): Promise<StaffProgram | { clash: ProgramClash }> {
  try {
    const [row] = await db.insert(programs).values(input).returning(columns);
    if (!row) throw new Error("the program was not stored");
    return toProgram(row);
  } catch (error) {
    const clash = clashOf(error);
    if (clash) return { clash };
    throw error;
  }
}

export async function updateProgram(
  db: Db,
  id: string,
  change: Partial<ProgramInput> & { archived?: boolean },
): Promise<StaffProgram | { clash: ProgramClash } | null> {
  const { archived, ...fields } = change;
  try {
    const [row] = await db
      .update(programs)
      .set({
        ...fields,
        ...(archived !== undefined
          ? { archivedAt: archived ? sql`coalesce(${programs.archivedAt}, now())` : null }
          : {}),
        updatedAt: new Date(),
      })
      .where(eq(programs.id, id))
      .returning(columns);
    return row ? toProgram(row) : null;
  } catch (error) {
    const clash = clashOf(error);
    if (clash) return { clash };
    throw error;
  }
}

/** Whether a contract on this program has a current «Пациент 2». */
export async function programHasSecondPersons(db: Db, programId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: coveredPersons.id })
    .from(coveredPersons)
    .innerJoin(contracts, eq(contracts.id, coveredPersons.contractId))
    .where(
      and(
        eq(contracts.programId, programId),
        eq(coveredPersons.slot, 2),
        isNull(coveredPersons.replacedAt),
      ),
    )
    .limit(1);
  return row !== undefined;
}
