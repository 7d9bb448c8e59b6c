import type { Db } from "../../db/client.ts";
import type { JobQueue } from "../jobs/job-queue.ts";
import type { DeliveryLog } from "../jobs/queued-delivery.ts";
import type { PaymentProvider, PaymentsConfig } from "./payment-provider.ts";
import {
  createSandboxNotifications,
  type DeliverNotification,
  type SandboxNotifications,
} from "./sandbox/sandbox-notifications.ts";
import {
  createSandboxPaymentProvider,
  type SandboxPaymentProvider,
} from "./sandbox/sandbox-payment-provider.ts";
import { createYookassaPaymentProvider } from "./yookassa/yookassa-payment-provider.ts";

export type ConfiguredPayments =
  | { provider: PaymentProvider; sandbox: null }
  | {
      provider: SandboxPaymentProvider;
      /** The sandbox's webhooks, a job-queue worker to start with the app. */
      sandbox: { provider: SandboxPaymentProvider; notifications: SandboxNotifications };
    };

/**
 * The provider the configuration names. The sandbox also needs the way its notifications reach
 * the shop (`deliver`: the app's own route, through app.inject) and the job queue that retries them.
 */
export function createPaymentProvider(
  config: PaymentsConfig,
  options: { db: Db; jobs: JobQueue; deliver: DeliverNotification; log: DeliveryLog },
): ConfiguredPayments {
  if (config.provider === "yookassa") {
    return { provider: createYookassaPaymentProvider(config, { log: options.log }), sandbox: null };
  }
  const notifications = createSandboxNotifications({
    jobs: options.jobs,
    deliver: options.deliver,
    notifyDelaySeconds: config.sandbox.notifyDelaySeconds,
    log: options.log,
  });
  const provider = createSandboxPaymentProvider(options.db, {
    ...config.sandbox,
    notifyCidrs: config.notifyCidrs,
    notify: (notification, afterSeconds) => notifications.notify(notification, afterSeconds),
  });
  return { provider, sandbox: { provider, notifications } };
}
