import { asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { chatReplyTemplates } from "../../db/schema/index.ts";

const columns = {
  id: chatReplyTemplates.id,
  title: chatReplyTemplates.title,
  body: chatReplyTemplates.body,
  updatedAt: chatReplyTemplates.updatedAt,
};

export async function listTemplates(db: Db) {
  return db.select(columns).from(chatReplyTemplates).orderBy(asc(chatReplyTemplates.title));
}

export async function insertTemplate(
  db: Db,
  values: { title: string; body: string; updatedById: string },
) {
  const [row] = await db.insert(chatReplyTemplates).values(values).returning(columns);
  if (!row) throw new Error("the template was not stored");
  return row;
}

export async function updateTemplate(
  db: Db,
  id: string,
  values: { title: string; body: string; updatedById: string; updatedAt: Date },
) {
  const [row] = await db
    .update(chatReplyTemplates)
    .set(values)
    .where(eq(chatReplyTemplates.id, id))
    .returning(columns);
  return row ?? null;
}

export async function deleteTemplate(db: Db, id: string): Promise<boolean> {
  const rows = await db
    .delete(chatReplyTemplates)
    .where(eq(chatReplyTemplates.id, id))
    .returning({ id: chatReplyTemplates.id });
  return rows.length > 0;
}
