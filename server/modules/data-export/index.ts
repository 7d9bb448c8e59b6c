import fp from "fastify-plugin";
import { runOnJobQueue } from "../../plugins/jobs.ts";
import { dataExportRoutes } from "./data-export.routes.ts";
import type { DataExportContext } from "./data-export.service.ts";
import { prepareExport } from "./data-export.service.ts";
import { createExportQueue, createExportSweep } from "./data-export-jobs.ts";

export { discardAccountExports, prepareExport } from "./data-export.service.ts";
export { sweepExports } from "./data-export-jobs.ts";

declare module "fastify" {
  interface FastifyInstance {
    /** «Выгрузить мои данные»: tests wait on its queue and run its sweep. */
    dataExports: DataExportContext & {
      /** Resolves once no export's job is due or running. */
      whenSettled(timeoutMs?: number): Promise<void>;
    };
  }
}

/**
 * «Выгрузить мои данные» (issue 17, decision 0030): everything the company holds about the
 * account, gathered by a pg-boss job through the other modules' doors into a JSON and a PDF
 * file, downloadable by the account for 24 hours, then removed by a sweep.
 */
export const dataExportModule = fp(
  async (app) => {
    // The queue is made before the context that enqueues on it, and runs the context's work.
    let ctx: DataExportContext | undefined;
    const queue = createExportQueue(
      app.jobs,
      async (exportId) => {
        if (ctx) await prepareExport(ctx, exportId);
      },
      app.log,
    );
    ctx = {
      db: app.database.db,
      files: app.files,
      log: app.log,
      async enqueue(exportId) {
        await queue.enqueue({ exportId }, { id: exportId });
      },
    };
    app.decorate("dataExports", { ...ctx, whenSettled: (ms?: number) => queue.whenSettled(ms) });
    await runOnJobQueue(app, queue);
    await runOnJobQueue(app, createExportSweep(app.jobs, ctx));
    await app.register(dataExportRoutes, { prefix: "/api", ctx });
  },
  { name: "data-export" },
);
