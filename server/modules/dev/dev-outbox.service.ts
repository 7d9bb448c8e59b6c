import type { OutboxMessage } from "../../../common/dev/outbox.schema.ts";
import type { Db } from "../../db/client.ts";
import { listOutboxMessages, type OutboxRow } from "./dev-outbox.repository.ts";

function toDto(row: OutboxRow): OutboxMessage {
  return {
    to: row.to,
    text: row.text,
    ...(row.subject === null ? {} : { subject: row.subject }),
    createdAt: row.createdAt.toISOString(),
  };
}

/** The stored messages of one phone or e-mail, newest first, as the API gives them. */
export async function outboxMessagesFor(
  db: Db,
  filter: Parameters<typeof listOutboxMessages>[1],
): Promise<OutboxMessage[]> {
  return (await listOutboxMessages(db, filter)).map(toDto);
}

/** The same messages as rows, for the page (which also shows the channel and the subject). */
export { listOutboxMessages };
