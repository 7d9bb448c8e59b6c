import { z } from "zod";
import type { PushPayload } from "../../../common/notifications/notifications.schema.ts";
import type { Db } from "../../db/client.ts";
import type { JobQueue } from "../../integrations/jobs/job-queue.ts";
import {
  createQueuedDelivery,
  type DeliveryLog,
  type QueuedDelivery,
} from "../../integrations/jobs/queued-delivery.ts";
import type { PushSender } from "../../integrations/push/web-push-sender.ts";
import { PushSendError } from "../../integrations/push/web-push-sender.ts";
import { findInboxRow } from "./inbox.repository.ts";
import { deletePushSubscription, findPushSubscription } from "./push-subscriptions.repository.ts";

/** The pg-boss queue of pushes, one job per (notification, subscription). */
export const PUSH_QUEUE = "push-send";

const pushJobSchema = z.object({
  notificationId: z.uuid(),
  subscriptionId: z.uuid(),
  clientId: z.uuid(),
});
export type PushJob = z.infer<typeof pushJobSchema>;
export type PushDelivery = QueuedDelivery<PushJob>;

/**
 * Sends each push when it is due. The job carries ids only: the text is read from the inbox row,
 * and the subscription afresh (one removed or moved to another account meanwhile gets nothing).
 * A push service's 404 or 410 removes the subscription; any other failure is tried again.
 */
export function createPushDelivery(deps: {
  jobs: JobQueue;
  db: Db;
  sender: PushSender | null;
  log: DeliveryLog;
  pollingIntervalMs?: number;
}): PushDelivery {
  const { db, sender, log } = deps;
  return createQueuedDelivery({
    jobs: deps.jobs,
    log,
    pollingIntervalMs: deps.pollingIntervalMs,
    queue: PUSH_QUEUE,
    kind: "push",
    schema: pushJobSchema,
    retry: { limit: 5, delaySeconds: 10, backoff: true, expireInHours: 24 },
    isPermanent: () => false,
    describe: (job) => ({ notificationId: job.notificationId, subscriptionId: job.subscriptionId }),
    async send(job) {
      if (!sender) return;
      const [row, subscription] = await Promise.all([
        findInboxRow(db, job.notificationId),
        findPushSubscription(db, job.subscriptionId, job.clientId),
      ]);
      // Read meanwhile (on another device, or a push postponed by the quiet hours): no need.
      if (!row || row.clientId !== job.clientId || row.readAt || !subscription) return;
      const payload: PushPayload = {
        notificationId: row.id,
        title: row.title,
        body: row.body,
        url: row.link ?? "/cabinet",
      };
      try {
        await sender.send(subscription, JSON.stringify(payload));
      } catch (error) {
        if (error instanceof PushSendError && error.gone) {
          await deletePushSubscription(db, subscription.id);
          log.info(
            { subscriptionId: subscription.id, status: error.statusCode },
            "push subscription gone: removed",
          );
          return;
        }
        throw error;
      }
    },
  });
}
