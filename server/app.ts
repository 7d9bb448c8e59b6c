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
import { seedDemo } from "./db/seed.ts";
import { createEmailDelivery, type EmailDelivery } from "./integrations/email/email-delivery.ts";
import { createEmailProvider } from "./integrations/email/email-provider.ts";
import { createJobQueue } from "./integrations/jobs/job-queue.ts";
import { createSmsDelivery, type SmsDelivery } from "./integrations/sms/sms-delivery.ts";
import { createSmsProvider } from "./integrations/sms/sms-provider.ts";
import { createFileStorage, type FileStorage } from "./integrations/storage/file-storage.ts";
import { loggerOptions } from "./logging.ts";
import { staffAppealsRoutes } from "./modules/appeals/appeals.routes.ts";
import { calendarRoutes } from "./modules/calendar/calendar.routes.ts";
import { publishBundledCalendars } from "./modules/calendar/production-calendar.ts";
import { contactRoutes } from "./modules/contact/contact.routes.ts";
import { contactQueueRoutes } from "./modules/contact/contact-queue.routes.ts";
import { createFileSweep } from "./modules/contact/file-sweep.ts";
import { contractsRoutes } from "./modules/contracts/contracts.routes.ts";
import { registryRoutes } from "./modules/contracts/import/registry.routes.ts";
import { staffContractsRoutes } from "./modules/contracts/staff-contracts.routes.ts";
import { staffProgramsRoutes } from "./modules/contracts/staff-programs.routes.ts";
import { staffReplacementsRoutes } from "./modules/contracts/staff-replacements.routes.ts";
import { devOutboxPageRoutes, devOutboxRoutes } from "./modules/dev/dev-outbox.routes.ts";
import { healthRoutes } from "./modules/health/health.routes.ts";
import { authRoutes } from "./modules/identity/auth.routes.ts";
import { sessionPlugin } from "./modules/identity/session.plugin.ts";
import { integrationRoutes } from "./modules/integration/integration.routes.ts";
import { legalApiRoutes, legalPageRoutes } from "./modules/legal/legal.routes.ts";
import { publishBundledDocuments } from "./modules/legal/legal.service.ts";
import { staffAuditRoutes } from "./modules/staff/audit.routes.ts";
import { staffAuthRoutes } from "./modules/staff/staff-auth.routes.ts";
import { answerFrameworkError, errorsPlugin } from "./plugins/errors.ts";
import { openapiPlugin } from "./plugins/openapi.ts";
import { originCheckPlugin } from "./plugins/origin-check.ts";
import { securityPlugin } from "./plugins/security.ts";
import { webPlugin } from "./plugins/web.ts";

// Generic validation messages in Russian; schemas still give their own where a field needs one.
z.config(z.locales.ru());

declare module "fastify" {
  interface FastifyInstance {
    config: Config;
    database: DatabaseHandle;
    /** Queues SMS for delivery by a pg-boss job with retries. */
    sms: SmsDelivery;
    /** Queues e-mail for delivery the same way. */
    email: EmailDelivery;
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
  const jobs = createJobQueue(database, app.log);
  const sms = createSmsDelivery({
    jobs,
    provider: createSmsProvider(config.sms, database.db),
    log: app.log,
  });
  app.decorate("sms", sms);
  const email = createEmailDelivery({
    jobs,
    provider: createEmailProvider(config.email, database.db),
    log: app.log,
  });
  app.decorate("email", email);
  app.decorate("files", createFileStorage(config.storage));
  // Removes stored files that no message refers to once they are an hour old.
  const fileSweep = createFileSweep({ jobs, db: database.db, storage: app.files, log: app.log });
  // The workers finish the sends in progress before the database closes.
  app.addHook("onClose", async () => {
    await Promise.all([sms.stop(), email.stop(), fileSweep.stop()]);
    await jobs.stop();
    await database.close();
  });
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
    await seedDemo(database.db);
    app.log.info("demo data seeded");
  }
  await jobs.start();
  await sms.start();
  await email.start();
  await fileSweep.start();
  // The outbox pages show every SMS and e-mail, codes included: only while no real provider is
  // configured.
  const outboxEnabled = config.sms.provider === "outbox" && config.email.provider === "outbox";

  await app.register(securityPlugin, { config });
  await app.register(cookie);
  await app.register(errorsPlugin);
  await app.register(originCheckPlugin, { config });
  await app.register(sessionPlugin);
  await app.register(openapiPlugin);

  await app.register(
    async (api) => {
      await api.register(healthRoutes);
      await api.register(authRoutes);
      await api.register(legalApiRoutes);
      await api.register(contractsRoutes);
      await api.register(contactRoutes);
      await api.register(contactQueueRoutes);
      await api.register(staffAuthRoutes);
      await api.register(staffContractsRoutes);
      await api.register(staffAppealsRoutes);
      await api.register(staffReplacementsRoutes);
      await api.register(staffProgramsRoutes);
      await api.register(staffAuditRoutes);
      await api.register(integrationRoutes);
      await api.register(registryRoutes);
      await api.register(calendarRoutes);
      await api.register(devOutboxRoutes, { enabled: outboxEnabled });
    },
    { prefix: "/api" },
  );

  await app.register(legalPageRoutes);
  await app.register(devOutboxPageRoutes, { enabled: outboxEnabled });
  await app.register(webPlugin, { root: options.webRoot });
  return app;
}
