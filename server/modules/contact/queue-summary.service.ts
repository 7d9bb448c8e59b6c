import { subHours } from "date-fns";
import {
  MESSAGE_REPLY_HOURS,
  type QueueSummary,
} from "../../../common/contact/queue-summary.schema.ts";
import type { Db } from "../../db/client.ts";
import { DECIDERS, type StaffActor } from "../../plugins/staff-access.ts";
import {
  countCallbacks,
  countMessages,
  countPendingReplacements,
} from "./queue-summary.repository.ts";

/**
 * What waits in the queues the actor's role works: call-backs and messages for every role (as
 * their queue routes allow), «Заявки на замену» for those who may decide them (a doctor may look
 * at that queue but not approve or reject, so nothing there waits for a doctor).
 *
 * Not written to the audit log: the log records reads of clients' personal or medical data
 * (DESIGN.md, «Data»), and counts name no client, contract or request.
 */
export async function queueSummary(
  db: Db,
  actor: StaffActor,
  now = new Date(),
): Promise<QueueSummary> {
  const decides = DECIDERS.some((role) => role === actor.role);
  const [callbacks, messages, pending] = await Promise.all([
    countCallbacks(db, actor.staffId, now),
    countMessages(db, actor.staffId, subHours(now, MESSAGE_REPLY_HOURS)),
    decides ? countPendingReplacements(db) : null,
  ]);
  return {
    callbacks,
    messages,
    replacements: pending === null ? null : { pending },
  };
}
