import { z } from "zod";
import type { JobQueue } from "../jobs/job-queue.ts";
import {
  createQueuedDelivery,
  type DeliveryLog,
  type QueuedDelivery,
  type RetryPolicy,
} from "../jobs/queued-delivery.ts";
import type { SmsMessage, SmsProvider } from "./sms-provider.ts";
import { SmsSendError } from "./sms-send-error.ts";

/** The pg-boss queue of SMS waiting to be handed to the provider. */
export const SMS_QUEUE = "sms-send";

export interface SmsDeliveryOptions {
  jobs: JobQueue;
  provider: SmsProvider;
  log: DeliveryLog;
  retry?: Partial<RetryPolicy>;
  pollingIntervalMs?: number;
}

/** Hands SMS to the provider through a durable queue, so that a failed send is retried. */
export type SmsDelivery = QueuedDelivery<SmsMessage>;

const smsMessageSchema = z.object({ to: z.string(), text: z.string() });

/** Creates the SMS delivery (decision 0004); nothing touches the database before start(). */
export function createSmsDelivery(options: SmsDeliveryOptions): SmsDelivery {
  const { provider } = options;
  return createQueuedDelivery({
    ...options,
    queue: SMS_QUEUE,
    kind: "sms",
    schema: smsMessageSchema,
    send: (message) => provider.send(message),
    isPermanent: (error) => error instanceof SmsSendError && error.permanent,
    describe: (message) => ({ to: maskPhone(message.to), provider: provider.name }),
  });
}

/** `+79261111111` → `+7926***1111`: enough to match a complaint, not enough to leak a number. */
function maskPhone(e164: string): string {
  return e164.length > 8 ? `${e164.slice(0, 5)}***${e164.slice(-4)}` : "***";
}
