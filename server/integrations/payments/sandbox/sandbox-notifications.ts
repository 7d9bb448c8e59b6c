import { z } from "zod";
import type { JobQueue } from "../../jobs/job-queue.ts";
import {
  createQueuedDelivery,
  type DeliveryLog,
  type QueuedDelivery,
} from "../../jobs/queued-delivery.ts";
import type { SandboxNotification } from "./sandbox-payment-provider.ts";

export const SANDBOX_NOTIFY_QUEUE = "payments-sandbox-notify";

/** A real provider repeats its notifications; the sandbox sends each one again this much later. */
export const SANDBOX_REPEAT_SECONDS = 30;

const notificationSchema = z.object({
  type: z.literal("notification"),
  event: z.enum(["payment.succeeded", "payment.canceled", "refund.succeeded"]),
  object: z.object({ id: z.string(), status: z.string() }),
});

/** Answers the HTTP status the shop gave the notification. */
export type DeliverNotification = (notification: SandboxNotification) => Promise<number>;

export interface SandboxNotifications extends QueuedDelivery<SandboxNotification> {
  /** Queues the notification (late by `notifyDelaySeconds`, after `afterSeconds`) and its repeat. */
  notify(notification: SandboxNotification, afterSeconds?: number): Promise<void>;
}

/**
 * The sandbox's webhooks, on the durable job queue like e-mail: a notification the shop does not
 * answer with 2xx is retried with backoff, and every one is sent twice — so the shop meets
 * repeated and late notifications in the demo as it will from a real provider.
 */
export function createSandboxNotifications(options: {
  jobs: JobQueue;
  deliver: DeliverNotification;
  notifyDelaySeconds: number;
  log: DeliveryLog;
}): SandboxNotifications {
  const delivery = createQueuedDelivery<SandboxNotification>({
    jobs: options.jobs,
    queue: SANDBOX_NOTIFY_QUEUE,
    kind: "sandbox notification",
    schema: notificationSchema,
    async send(notification) {
      const status = await options.deliver(notification);
      if (status < 200 || status > 299) throw new Error(`the shop answered ${status}`);
    },
    isPermanent: () => false,
    describe: (notification) => ({ event: notification.event, objectId: notification.object.id }),
    log: options.log,
    retry: { limit: 5, delaySeconds: 2, backoff: true, expireInHours: 1 },
    pollingIntervalMs: 1_000,
  });
  return {
    ...delivery,
    async notify(notification, afterSeconds = 0) {
      const first = afterSeconds + options.notifyDelaySeconds;
      await delivery.enqueue(notification, first > 0 ? { startAfterSeconds: first } : {});
      await delivery.enqueue(notification, { startAfterSeconds: first + SANDBOX_REPEAT_SECONDS });
    },
  };
}
