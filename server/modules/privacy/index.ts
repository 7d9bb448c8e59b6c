import type { FastifyPluginAsync } from "fastify";
import { runOnJobQueue } from "../../plugins/jobs.ts";
import { createAccountErasureJob } from "./account-erasure.job.ts";
import { privacyRoutes } from "./privacy.routes.ts";
import { staffPrivacyRoutes } from "./staff-privacy.routes.ts";

export { eraseLapsedHealthData, runDueErasures } from "./account-erasure.job.ts";

/**
 * The client's rights over its data (152-FZ, decision 0029): deleting the account (at once, and
 * the rest by an hourly job), and the requests a person answers in the console.
 */
export const privacyModule: FastifyPluginAsync = async (app) => {
  await app.register(privacyRoutes, { prefix: "/api" });
  await app.register(staffPrivacyRoutes, { prefix: "/api" });
  const { jobs, database, log } = app;
  await runOnJobQueue(app, createAccountErasureJob({ jobs, db: database.db, log }));
};
