import type { ChatTemplate } from "../../../common/chat/chat.schema.ts";
import type { Db } from "../../db/client.ts";
import { NotFoundError } from "../../errors.ts";
import type { StaffActor } from "../../plugins/staff-access.ts";
import {
  deleteTemplate,
  insertTemplate,
  listTemplates,
  updateTemplate,
} from "./chat-templates.repository.ts";

/** Reply templates: one shared list the doctors keep together. */
function toTemplate(row: {
  id: string;
  title: string;
  body: string;
  updatedAt: Date;
}): ChatTemplate {
  return { ...row, updatedAt: row.updatedAt.toISOString() };
}

export async function chatTemplates(db: Db): Promise<{ templates: ChatTemplate[] }> {
  return { templates: (await listTemplates(db)).map(toTemplate) };
}

export async function createChatTemplate(
  db: Db,
  actor: StaffActor,
  input: { title: string; body: string },
): Promise<ChatTemplate> {
  return toTemplate(await insertTemplate(db, { ...input, updatedById: actor.staffId }));
}

export async function editChatTemplate(
  db: Db,
  actor: StaffActor,
  id: string,
  input: { title: string; body: string },
  now = new Date(),
): Promise<ChatTemplate> {
  const row = await updateTemplate(db, id, {
    ...input,
    updatedById: actor.staffId,
    updatedAt: now,
  });
  if (!row) throw new NotFoundError("Шаблон не найден.");
  return toTemplate(row);
}

export async function removeChatTemplate(db: Db, id: string): Promise<void> {
  if (!(await deleteTemplate(db, id))) throw new NotFoundError("Шаблон не найден.");
}
