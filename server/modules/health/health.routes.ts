import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { healthSchema } from "../../../common/health/health.schema.ts";
import { problemSchema } from "../../../common/problem.schema.ts";
import { ServiceUnavailableError } from "../../errors.ts";

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/health",
    {
      schema: {
        tags: ["service"],
        summary: "Состояние сервиса и его базы данных",
        response: { 200: healthSchema, 503: problemSchema },
      },
      // Probes hit this often; their lines would drown the log.
      logLevel: "warn",
    },
    async (request) => {
      try {
        await app.database.ping();
      } catch (error) {
        request.log.error({ err: error }, "health check: the database does not answer");
        throw new ServiceUnavailableError("База данных не отвечает. Попробуйте позже.");
      }
      return { status: "ok" as const };
    },
  );
};
