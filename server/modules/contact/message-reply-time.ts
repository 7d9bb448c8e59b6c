import { MESSAGE_REPLY_HOURS } from "../../../common/contact/queue-summary.schema.ts";

const REPLY_MS = MESSAGE_REPLY_HOURS * 60 * 60 * 1000;

/**
 * A message is overdue while it is open, has no reply yet and was sent more than
 * MESSAGE_REPLY_HOURS ago. The queue summary counts the same rule in SQL (queue-summary.repository.ts).
 */
export function isMessageOverdue(
  message: { status: string; createdAt: Date; replies: number },
  now: Date,
): boolean {
  return (
    message.status !== "closed" &&
    message.replies === 0 &&
    now.getTime() - message.createdAt.getTime() > REPLY_MS
  );
}
