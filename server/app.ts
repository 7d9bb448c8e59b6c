import { randomUUID } from "node:crypto";
import cookie from "@fastify/cookie";
import Fastify, { type FastifyInstance } from "fastify";
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import { z } from "zod";
import type { Config } from "./config.ts";
import { createDatabase, type DatabaseHandle } from "./db/client.ts";
import { createFileStorage, type FileStorage } from "./integrations/storage/file-storage.ts";
import { loggerOptions } from "./logging.ts";
import { appealsModule } from "./modules/appeals/index.ts";
import { bookingModule } from "./modules/booking/index.ts";
import { calendarModule, publishBundledCalendars } from "./modules/calendar/index.ts";
import { chatModule } from "./modules/chat/index.ts";
import { contactModule } from "./modules/contact/index.ts";
import { contractsModule } from "./modules/contracts/index.ts";
import { dataExportModule } from "./modules/data-export/index.ts";
import { devModule } from "./modules/dev/index.ts";
import { healthModule } from "./modules/health/index.ts";
import {
  identityModule,
  phoneOfTicket,
  redeemTicket,
  resolveSession,
  sendCode,
  verifyCode,
} from "./modules/identity/index.ts";
import { integrationModule } from "./modules/integration/index.ts";
import { legalModule, publishBundledDocuments } from "./modules/legal/index.ts";
import { medcardModule } from "./modules/medcard/index.ts";
import { notificationCentreModule, notificationsModule } from "./modules/notifications/index.ts";
import { privacyModule } from "./modules/privacy/index.ts";
import { shopModule } from "./modules/shop/index.ts";
import { findStaffMember, staffModule } from "./modules/staff/index.ts";
import { answerFrameworkError, errorsPlugin } from "./plugins/errors.ts";
import { eventsPlugin } from "./plugins/events.ts";
import { jobsPlugin } from "./plugins/jobs.ts";
import { openapiPlugin } from "./plugins/openapi.ts";
import { originCheckPlugin } from "./plugins/origin-check.ts";
import { phoneCodesPlugin } from "./plugins/phone-codes.ts";
import { realtimePlugin } from "./plugins/realtime.ts";
import { securityPlugin } from "./plugins/security.ts";
import { requireStaff, sessionPlugin } from "./plugins/sessions.ts";
import { staffAccessPlugin } from "./plugins/staff-access.ts";
import { webPlugin } from "./plugins/web.ts";

// Generic validation messages in Russian; schemas still give their own where a field needs one.
z.config(z.locales.ru());

declare module "fastify" {
  interface FastifyInstance {
    config: Config;
    database: DatabaseHandle;
    /** Uploaded files: local disk or S3, by the configuration. */
    files: FileStorage;
  }
}

const REQUEST_ID = /^[\w-]{8,64}$/;

export interface BuildOptions {
  /** A database opened by the caller (tests); otherwise one is opened from the config. */
  database?: DatabaseHandle;
  /** Where the built web app is; defaults to dist/web. */
  webRoot?: string;
  /** Replaces the logger options (tests silence it). */
  logger?: boolean;
}

/** Builds the whole application: external plugins, then ours, then the domain modules. */
export async function buildApp(
  config: Config,
  options: BuildOptions = {},
): Promise<FastifyInstance> {
  const database =
    options.database ??
    (await createDatabase(
      config.databaseUrl
        ? { kind: "server", url: config.databaseUrl, poolMax: config.databasePoolMax }
        : { kind: "embedded", dataDir: config.dataDir },
    ));

  const app = Fastify({
    logger: options.logger === false ? false : loggerOptions(config.logLevel),
    trustProxy: config.trustProxy,
    requestIdHeader: "x-request-id",
    genReqId: (request) => {
      const incoming = request.headers["x-request-id"];
      return typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
    // An undecodable URL or an over-long path id: answered before any route, in Russian too.
    frameworkErrors: answerFrameworkError,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate("config", config);
  app.decorate("database", database);
  app.decorate("files", createFileStorage(config.storage));
  // Fastify runs onClose hooks last-registered first: the database, registered first, closes last,
  // after the job queue and every worker on it have finished.
  app.addHook("onClose", () => database.close());
  app.addHook("onSend", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });

  const { wasEmpty } = await database.migrate();
  await publishBundledDocuments(database.db);
  await publishBundledCalendars(database.db);
  // Demo accounts have a published password: never in production, not even a new embedded database.
  const seed =
    config.env !== "production" && (config.seedDemo ?? (database.kind === "embedded" && wasEmpty));
  if (seed) {
    // The demo seed (and its data) loads only when it runs: not on every start of a seeded database.
    const { seedDemo } = await import("./db/seed.ts");
    await seedDemo(database.db, app.files);
    app.log.info("demo data seeded");
  }
  // One pg-boss for the process, the outbox's relay, then SMS and e-mail with the handlers that send
  // them for events: before the modules, which queue jobs, emit events and send messages.
  await app.register(jobsPlugin);
  await app.register(eventsPlugin);
  await app.register(notificationsModule);

  await app.register(securityPlugin, { config });
  await app.register(cookie);
  await app.register(errorsPlugin);
  await app.register(originCheckPlugin, { config });
  await app.register(sessionPlugin, { resolve: resolveSession });
  await app.register(phoneCodesPlugin, { sendCode, verifyCode, phoneOfTicket, redeemTicket });
  await app.register(staffAccessPlugin, {
    signedInStaffId: (request) => requireStaff(request).staffId,
    findStaff: findStaffMember,
  });
  await app.register(openapiPlugin);
  await app.register(realtimePlugin);

  // Each module registers its own routes: the API under /api, its pages (if any) at the root.
  const modules = [
    healthModule,
    identityModule,
    legalModule,
    contractsModule,
    contactModule,
    chatModule,
    bookingModule,
    shopModule,
    medcardModule,
    notificationCentreModule,
    dataExportModule,
    privacyModule,
    staffModule,
    appealsModule,
    integrationModule,
    calendarModule,
    devModule,
  ];
  for (const area of modules) await app.register(area);
  await app.register(webPlugin, { root: options.webRoot });
  return app;
}
