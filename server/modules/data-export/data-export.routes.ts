import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  dataExportListSchema,
  dataExportParamsSchema,
  dataExportSchema,
} from "../../../common/data-export/data-export.schema.ts";
import { problemSchema } from "../../../common/problem.schema.ts";
import { requireClient } from "../../plugins/sessions.ts";
import { sendDownload } from "../contact/index.ts";
import {
  type DataExportContext,
  type ExportFileKind,
  listExports,
  openExportFile,
  requestExport,
} from "./data-export.service.ts";

const tags = ["identity"];
const errors = { 401: problemSchema, 404: problemSchema };

/** «Выгрузить мои данные»: ask for an export, follow it, download its files for 24 hours. */
export const dataExportRoutes: FastifyPluginAsyncZod<{ ctx: DataExportContext }> = async (
  app,
  { ctx },
) => {
  app.get(
    "/profile/data-exports",
    {
      schema: {
        tags,
        summary: "Выгрузки данных учётной записи, новые первыми",
        response: { 200: dataExportListSchema, 401: problemSchema },
      },
    },
    async (request) => ({ exports: await listExports(ctx.db, requireClient(request).clientId) }),
  );

  app.post(
    "/profile/data-exports",
    {
      schema: {
        tags,
        summary:
          "«Подготовить выгрузку»: 202 — новая выгрузка поставлена в очередь, 200 — уже готовится прежняя",
        response: {
          200: z.object({ export: dataExportSchema }),
          202: z.object({ export: dataExportSchema }),
          401: problemSchema,
          429: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const result = await requestExport(ctx, requireClient(request).clientId);
      return reply.code(result.created ? 202 : 200).send({ export: result.export });
    },
  );

  for (const kind of ["json", "pdf"] as const satisfies readonly ExportFileKind[]) {
    app.get(
      `/profile/data-exports/:exportId/${kind}`,
      {
        schema: {
          tags,
          summary:
            kind === "json"
              ? "Файл выгрузки в формате JSON (rms-account-data, версия 1); 410 — срок истёк"
              : "Файл выгрузки в формате PDF; 410 — срок истёк",
          params: dataExportParamsSchema,
          produces: [
            kind === "json" ? "application/json" : "application/pdf",
            "application/problem+json",
          ],
          response: {
            200: z.unknown().meta({ description: `Файл (${kind.toUpperCase()})` }),
            400: problemSchema,
            ...errors,
            409: problemSchema,
            410: problemSchema,
          },
        },
      },
      async (request, reply) => {
        const file = await openExportFile(
          ctx,
          requireClient(request).clientId,
          request.params.exportId,
          kind,
          { ip: request.ip, userAgent: request.headers["user-agent"] },
        );
        return sendDownload(reply, file);
      },
    );
  }
};
