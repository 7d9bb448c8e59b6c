import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { createScheduledJob } from "../../integrations/jobs/scheduled-job.ts";
import { createPaymentProvider } from "../../integrations/payments/create-payment-provider.ts";
import { sandboxPageRoutes } from "../../integrations/payments/sandbox/sandbox-page.routes.ts";
import { runOnJobQueue } from "../../plugins/jobs.ts";
import { certificateEmailHandler } from "./certificate-email.ts";
import { createOrderJobs } from "./order-jobs.ts";
import { providerNotificationRoutes } from "./provider-notifications.routes.ts";
import { cancelledVisitRefundHandler } from "./refunds.service.ts";
import { shopRoutes } from "./shop.routes.ts";
import type { ShopContext } from "./shop-context.ts";
import { staffOrdersRoutes } from "./staff-orders.routes.ts";

// «Выгрузить мои данные» (data-export, decision 0030) reads the account's rows through these.
export {
  accountOrders,
  itemsOfOrders,
  paymentsOfOrders,
  refundsOfOrders,
} from "./account-export.repository.ts";

declare module "fastify" {
  interface FastifyInstance {
    /** The shop's services' context (tests and the bench drive its jobs through it). */
    shop: ShopContext & {
      /** Resolves once the sandbox's notifications due so far have reached the shop. */
      whenNotified(): Promise<void>;
    };
  }
}

const NOTIFICATION_PATH = "/api/payments/notifications";

/**
 * The shop (issue 15): the programs sold online, orders priced from the catalogue, payments
 * through the configured provider — the embedded sandbox or ЮKassa —, the provider's
 * notifications (re-fetched, never believed), and the minutely re-check and expiry.
 */
export const shopModule = fp(
  async (app: FastifyInstance) => {
    const db = app.database.db;
    const payments = createPaymentProvider(app.config.payments, {
      db,
      jobs: app.jobs,
      log: app.log,
      // The sandbox's webhook runs the very route ЮKassa's does, on whichever instance takes the job.
      deliver: async (notification) => {
        const response = await app.inject({
          method: "POST",
          url: `${NOTIFICATION_PATH}/sandbox`,
          remoteAddress: "127.0.0.1",
          payload: notification,
        });
        return response.statusCode;
      },
    });
    const shop: ShopContext = {
      db,
      provider: payments.provider,
      vatCode: app.config.payments.vatCode,
      log: app.log,
    };
    await app.register(shopRoutes, { prefix: "/api", shop });
    await app.register(providerNotificationRoutes, { prefix: "/api", shop });
    await app.register(staffOrdersRoutes, { prefix: "/api", shop });
    await runOnJobQueue(app, createOrderJobs(shop, app.jobs));
    // A certificate bought online goes to the receipt's e-mail as a PDF.
    app.events.on(certificateEmailHandler(db, app.email));
    // A paid visit cancelled (by the client before the cut-off, or for the clinic): refunded.
    app.events.on(cancelledVisitRefundHandler(shop));
    if (payments.sandbox) {
      const { provider, notifications } = payments.sandbox;
      await app.register(sandboxPageRoutes, { provider });
      await runOnJobQueue(app, notifications);
      await runOnJobQueue(
        app,
        createScheduledJob({
          jobs: app.jobs,
          queue: "payments-sandbox-upkeep",
          everySeconds: 60,
          log: app.log,
          run: () => provider.housekeeping(),
        }),
      );
    }
    const notifications = payments.sandbox?.notifications;
    app.decorate("shop", {
      ...shop,
      whenNotified: () => notifications?.whenSettled() ?? Promise.resolve(),
    });
  },
  { name: "shop", dependencies: ["jobs", "events"] },
);
