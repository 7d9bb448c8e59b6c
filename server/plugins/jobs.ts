import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { createJobQueue, type JobQueue } from "../integrations/jobs/job-queue.ts";

declare module "fastify" {
  interface FastifyInstance {
    /**
     * The process's one pg-boss (scheduling on): deliveries, the file sweep, the event relay's
     * handlers and later reminders take their queues from it.
     */
    jobs: JobQueue;
  }
}

/** Something that runs on the job queue: started once the queue is, stopped before it stops. */
export interface JobWorker {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts `worker` now and stops it when the app closes. Register the plugin that calls this after
 * the jobs plugin: Fastify runs onClose hooks last-registered first, so the worker stops (finishing
 * its sends) before pg-boss does, and pg-boss before the database closes.
 */
export async function runOnJobQueue(app: FastifyInstance, worker: JobWorker): Promise<void> {
  app.addHook("onClose", () => worker.stop());
  await worker.start();
}

/**
 * Owns pg-boss for the whole process (decisions 0004, 0014). Register after the migrations and
 * before every plugin or module that queues jobs.
 */
export const jobsPlugin = fp(
  async (app) => {
    const jobs = createJobQueue(app.database, app.log);
    app.decorate("jobs", jobs);
    await runOnJobQueue(app, jobs);
  },
  { name: "jobs" },
);
