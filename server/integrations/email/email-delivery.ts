import { z } from "zod";
import type { JobQueue } from "../jobs/job-queue.ts";
import {
  createQueuedDelivery,
  type DeliveryLog,
  type QueuedDelivery,
  type RetryPolicy,
} from "../jobs/queued-delivery.ts";
import { type EmailMessage, type EmailProvider, EmailSendError } from "./email-provider.ts";

/** The pg-boss queue of e-mails waiting to be handed to the provider. */
export const EMAIL_QUEUE = "email-send";

export type EmailDelivery = QueuedDelivery<EmailMessage>;

const emailMessageSchema = z.object({
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  attachments: z
    .array(
      z.object({
        fileName: z.string(),
        contentType: z.literal("application/pdf"),
        contentBase64: z.string(),
      }),
    )
    .optional(),
});

/** E-mail through the same durable queue as SMS (decision 0004): a failed send is retried. */
export function createEmailDelivery(options: {
  jobs: JobQueue;
  provider: EmailProvider;
  log: DeliveryLog;
  retry?: Partial<RetryPolicy>;
  pollingIntervalMs?: number;
}): EmailDelivery {
  const { provider } = options;
  return createQueuedDelivery({
    ...options,
    queue: EMAIL_QUEUE,
    kind: "email",
    schema: emailMessageSchema,
    send: (message) => provider.send(message),
    isPermanent: (error) => error instanceof EmailSendError && error.permanent,
    describe: (message) => ({ to: maskEmail(message.to), provider: provider.name }),
  });
}

/** `ivanov@example.ru` → `i***@example.ru`. */
function maskEmail(address: string): string {
  const at = address.lastIndexOf("@");
  return at > 0 ? `${address[0]}***${address.slice(at)}` : "***";
}
