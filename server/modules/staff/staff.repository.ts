import { and, asc, eq, gte, isNull, lt, or, sql } from "drizzle-orm";
import type { StaffMember, StaffProfile } from "../../../common/staff/staff-auth.schema.ts";
import type { Db } from "../../db/client.ts";
import { staffMembers, staffSignInChallenges } from "../../db/schema/index.ts";

export type StaffRow = typeof staffMembers.$inferSelect;
export type ChallengeRow = typeof staffSignInChallenges.$inferSelect;

export function toStaffProfile(row: StaffRow): StaffProfile {
  return {
    id: row.id,
    email: row.email,
    fullName: row.fullName,
    role: row.role,
    totpEnabled: row.totpEnabledAt !== null,
  };
}

export function toStaffMember(row: StaffRow): StaffMember {
  return {
    ...toStaffProfile(row),
    specialty: row.specialty,
    mustChangePassword: row.mustChangePassword,
    disabled: row.disabledAt !== null,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function findStaffByEmail(db: Db, email: string): Promise<StaffRow | null> {
  const [row] = await db
    .select()
    .from(staffMembers)
    .where(sql`lower(${staffMembers.email}) = ${email.toLowerCase()}`);
  return row ?? null;
}

export async function findStaffById(db: Db, id: string): Promise<StaffRow | null> {
  const [row] = await db.select().from(staffMembers).where(eq(staffMembers.id, id));
  return row ?? null;
}

export async function listStaff(db: Db): Promise<StaffRow[]> {
  return db.select().from(staffMembers).orderBy(asc(staffMembers.fullName));
}

/** Inserts an account; null when the e-mail is taken. */
export async function insertStaff(
  db: Db,
  values: typeof staffMembers.$inferInsert,
): Promise<StaffRow | null> {
  const [row] = await db.insert(staffMembers).values(values).onConflictDoNothing().returning();
  return row ?? null;
}

export async function updateStaff(
  db: Db,
  id: string,
  values: Partial<typeof staffMembers.$inferInsert>,
): Promise<StaffRow | null> {
  const [row] = await db
    .update(staffMembers)
    .set(values)
    .where(eq(staffMembers.id, id))
    .returning();
  return row ?? null;
}

export async function insertChallenge(
  db: Db,
  values: typeof staffSignInChallenges.$inferInsert,
): Promise<void> {
  await db.insert(staffSignInChallenges).values(values);
}

export async function findLiveChallenge(
  db: Db,
  tokenHash: string,
  now: Date,
): Promise<ChallengeRow | null> {
  const [row] = await db
    .select()
    .from(staffSignInChallenges)
    .where(
      and(
        eq(staffSignInChallenges.tokenHash, tokenHash),
        isNull(staffSignInChallenges.usedAt),
        gte(staffSignInChallenges.expiresAt, now),
      ),
    );
  return row ?? null;
}

export async function updateChallenge(
  db: Db,
  id: string,
  values: Partial<typeof staffSignInChallenges.$inferInsert>,
): Promise<void> {
  await db.update(staffSignInChallenges).set(values).where(eq(staffSignInChallenges.id, id));
}

/**
 * Takes one of a challenge's code tries before the code is checked, in one UPDATE, so concurrent
 * tries cannot pass the limit: how many are used with this one, or null when none was left.
 */
export async function claimChallengeTry(db: Db, id: string, limit: number): Promise<number | null> {
  const [row] = await db
    .update(staffSignInChallenges)
    .set({ attempts: sql`${staffSignInChallenges.attempts} + 1` })
    .where(and(eq(staffSignInChallenges.id, id), lt(staffSignInChallenges.attempts, limit)))
    .returning({ attempts: staffSignInChallenges.attempts });
  return row?.attempts ?? null;
}

/** Gives back the try of a right code, so that it does not use up the challenge's later steps. */
export async function returnChallengeTry(db: Db, id: string): Promise<void> {
  await db
    .update(staffSignInChallenges)
    .set({ attempts: sql`greatest(${staffSignInChallenges.attempts} - 1, 0)` })
    .where(eq(staffSignInChallenges.id, id));
}

/**
 * Records a TOTP step as used, only if it is later than the last one: false for a replayed code,
 * also when two requests race with the same code.
 */
export async function claimTotpStep(db: Db, id: string, step: number): Promise<boolean> {
  const rows = await db
    .update(staffMembers)
    .set({ totpLastStep: step })
    .where(
      and(
        eq(staffMembers.id, id),
        or(isNull(staffMembers.totpLastStep), lt(staffMembers.totpLastStep, step)),
      ),
    )
    .returning({ id: staffMembers.id });
  return rows.length === 1;
}
