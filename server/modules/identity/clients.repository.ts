import { eq } from "drizzle-orm";
import type { ClientProfile } from "../../../common/identity/session.schema.ts";
import type { Db } from "../../db/client.ts";
import { clients } from "../../db/schema/index.ts";

const profileColumns = {
  id: clients.id,
  phone: clients.phone,
  lastName: clients.lastName,
  firstName: clients.firstName,
  patronymic: clients.patronymic,
  birthDate: clients.birthDate,
  email: clients.email,
};

export async function findClientCredentialsByPhone(
  db: Db,
  phone: string,
): Promise<{ id: string; passwordHash: string } | null> {
  const [row] = await db
    .select({ id: clients.id, passwordHash: clients.passwordHash })
    .from(clients)
    .where(eq(clients.phone, phone));
  return row ?? null;
}

export async function findClientProfile(db: Db, id: string): Promise<ClientProfile | null> {
  const [row] = await db.select(profileColumns).from(clients).where(eq(clients.id, id));
  return row ?? null;
}

export async function findClientPasswordHash(db: Db, id: string): Promise<string | null> {
  const [row] = await db
    .select({ passwordHash: clients.passwordHash })
    .from(clients)
    .where(eq(clients.id, id));
  return row?.passwordHash ?? null;
}

/** Inserts a client; null when the phone is already taken. */
export async function insertClient(
  db: Db,
  client: typeof clients.$inferInsert,
): Promise<string | null> {
  const [row] = await db
    .insert(clients)
    .values(client)
    .onConflictDoNothing({ target: clients.phone })
    .returning({ id: clients.id });
  return row?.id ?? null;
}

export async function updateClientPassword(
  db: Db,
  id: string,
  passwordHash: string,
): Promise<void> {
  await db.update(clients).set({ passwordHash, updatedAt: new Date() }).where(eq(clients.id, id));
}
