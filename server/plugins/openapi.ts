import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import {
  createJsonSchemaTransform,
  createJsonSchemaTransformObject,
} from "fastify-type-provider-zod";
import { z } from "zod";

const undocumented = [
  "/api/docs",
  "/api/docs/*",
  "/api/openapi.json",
  "/*",
  "/cabinet/*",
  "/staff/*",
];

/** OpenAPI 3.1 from the routes' zod schemas: JSON at /api/openapi.json, rendered at /api/docs. */
export const openapiPlugin = fp(async (app: FastifyInstance) => {
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "РМС — Личный кабинет API",
        description:
          "API личного кабинета клиентов РМС (Регион Мед-Сервис) и консоли сотрудников. " +
          "Ошибки возвращаются как application/problem+json (RFC 9457) с текстом на русском.",
        version: "0.1.0",
      },
      servers: [],
      components: {
        securitySchemes: {
          // The company's information system (POST /api/integration/contracts); an admin issues it.
          integrationToken: { type: "http", scheme: "bearer" },
        },
      },
    },
    transform: createJsonSchemaTransform({ skipList: undocumented }),
    transformObject: createJsonSchemaTransformObject({ schemaRegistry: z.globalRegistry }),
  });

  // Routes are fixed once the app is ready, so the document is serialised once, not per request.
  let document: string | undefined;
  app.get("/api/openapi.json", { schema: { hide: true } }, async (_request, reply) => {
    document ??= JSON.stringify(app.swagger());
    return reply.type("application/json; charset=utf-8").send(document);
  });

  await app.register(swaggerUi, {
    routePrefix: "/api/docs",
    uiConfig: { docExpansion: "list", deepLinking: true },
    // The rendered page must meet the same Content-Security-Policy as the rest of the site.
    staticCSP: true,
  });
});
