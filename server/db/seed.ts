import { sql } from "drizzle-orm";
import type { FileStorage } from "../integrations/storage/file-storage.ts";
import { hashPassword } from "../modules/identity/index.ts";
import { acceptDocuments, currentDocuments } from "../modules/legal/index.ts";
import type { Db } from "./client.ts";
import { clients, staffMembers } from "./schema/index.ts";
import { seedDemoBooking } from "./seed-booking.ts";
import { seedDemoChat } from "./seed-chat.ts";
import { seedDemoContracts } from "./seed-contracts.ts";
import { seedDemoMedcard } from "./seed-medcard.ts";

/** The password of every demo account (DESIGN.md, "Interfaces that others rely on"). */
export const DEMO_PASSWORD = "rms-demo-2026";

export const demoClient = {
  phone: "+79261111111",
  lastName: "Иванов",
  firstName: "Иван",
  patronymic: "Иванович",
  birthDate: "1985-04-12",
  email: "ivanov@example.ru",
};

export const demoStaff = [
  { email: "operator@rms.local", fullName: "Смирнова Ольга Петровна", role: "operator" },
  {
    email: "doctor@rms.local",
    fullName: "Кузнецов Андрей Викторович",
    role: "doctor",
    specialty: "терапевт",
  },
  { email: "admin@rms.local", fullName: "Орлова Мария Сергеевна", role: "admin" },
] as const;

/**
 * Adds the demo accounts and data. Idempotent: what exists is left as it is, so it may run at every
 * start with SEED_DEMO=1. Later issues extend it with their demo data. With the file storage, the
 * demo medcard gets its PDF documents too.
 */
export async function seedDemo(db: Db, storage?: FileStorage): Promise<void> {
  const existingClient = await db
    .select({ id: clients.id })
    .from(clients)
    .where(sql`${clients.phone} = ${demoClient.phone}`);
  if (existingClient.length === 0) {
    const [created] = await db
      .insert(clients)
      .values({ ...demoClient, passwordHash: await hashPassword(DEMO_PASSWORD) })
      .onConflictDoNothing()
      .returning({ id: clients.id });
    // The demo client registered before: the documents of today are accepted already.
    if (created) {
      await acceptDocuments(db, created.id, await currentDocuments(db), {
        ip: null,
        userAgent: "demo seed",
      });
    }
  }

  const existingStaff = await db
    .select({ email: staffMembers.email })
    .from(staffMembers)
    .where(sql`lower(${staffMembers.email}) in ${demoStaff.map((member) => member.email)}`);
  const missing = demoStaff.filter(
    (member) => !existingStaff.some((row) => row.email.toLowerCase() === member.email),
  );
  if (missing.length > 0) {
    const rows = await Promise.all(
      missing.map(async (member) => ({
        ...member,
        passwordHash: await hashPassword(DEMO_PASSWORD),
      })),
    );
    await db.insert(staffMembers).values(rows).onConflictDoNothing();
  }
  // A demo database seeded before the doctor had a specialty gets it now.
  await db
    .update(staffMembers)
    .set({ specialty: "терапевт" })
    .where(
      sql`lower(${staffMembers.email}) = 'doctor@rms.local' and ${staffMembers.specialty} is null`,
    );
  await seedDemoContracts(db, demoClient.phone);
  await seedDemoChat(db, demoClient.phone);
  await seedDemoBooking(db);
  await seedDemoMedcard(db, demoClient.phone, storage);
}
