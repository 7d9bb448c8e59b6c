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
