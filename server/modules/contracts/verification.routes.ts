import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  verificationRequestSchema,
  verificationResultSchema,
} from "../../../common/contracts/contracts.schema.ts";
import { problemSchema } from "../../../common/problem.schema.ts";
import { verifyCertificate } from "./verification.service.ts";

/** The public certificate check (no session): the page at /verify calls it. */
export const verificationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    "/verification",
    {
      schema: {
        tags: ["contracts"],
        summary: "Проверка сертификата по номеру и дате рождения пациента (без входа)",
        body: verificationRequestSchema,
        response: { 200: verificationResultSchema, 400: problemSchema, 429: problemSchema },
      },
    },
    async (request) =>
      verifyCertificate(app.database.db, request.body, {
        ip: request.ip,
        userAgent: request.headers["user-agent"],
      }),
  );
};
