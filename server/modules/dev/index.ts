import type { FastifyPluginAsync } from "fastify";
import {
  type DevOutboxOptions,
  devOutboxPageRoutes,
  devOutboxRoutes,
} from "./dev-outbox.routes.ts";
import { devReminderRoutes } from "./dev-reminders.routes.ts";

/**
 * The outbox of stored SMS and e-mail, as JSON under /api and as a page at /dev/outbox, and a
 * way to send an appointment's reminder now (to see it without waiting a day). They show
 * every message, codes included, so they answer only while no real provider is configured
 * (`enabled` overrides that, for tests).
 */
export const devModule: FastifyPluginAsync<Partial<DevOutboxOptions>> = async (app, options) => {
  const { sms, email } = app.config;
  const enabled = options.enabled ?? (sms.provider === "outbox" && email.provider === "outbox");
  // What was queued before the request is sent first, or the wait gives up after a few seconds.
  const whenSent = () =>
    Promise.all([app.email.whenSettled(2_000), app.sms.whenSettled(2_000)]).then(
      () => {},
      () => {},
    );
  await app.register(devOutboxRoutes, { prefix: "/api", enabled, whenSent });
  await app.register(devOutboxPageRoutes, { enabled });
  await app.register(devReminderRoutes, { prefix: "/api", enabled });
};
