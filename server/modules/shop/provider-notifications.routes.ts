import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { problemSchema } from "../../../common/problem.schema.ts";
import { NotFoundError, ServiceUnavailableError } from "../../errors.ts";
import { receiveNotification } from "./provider-notifications.service.ts";
import type { ShopContext } from "./shop-context.ts";

const outcomeSchema = z.object({ outcome: z.string() });

/**
 * POST /api/payments/notifications/:provider — the provider's webhook. No session and no Origin
 * (a server calls it); the source address and a re-fetch stand in for a signature ЮKassa does
 * not give. 200 for what was taken (applied or not), 400/403 for what was refused, 503 when the
 * provider could not be asked — the provider then sends the notification again.
 */
export const providerNotificationRoutes: FastifyPluginAsyncZod<{ shop: ShopContext }> = async (
  app,
  { shop },
) => {
  app.post(
    "/payments/notifications/:provider",
    {
      bodyLimit: 64 * 1024,
      schema: {
        tags: ["shop"],
        summary: "Уведомление платёжной системы (проверяется запросом платежа у неё же)",
        params: z.object({ provider: z.string().max(32) }),
        body: z.unknown(),
        response: {
          200: outcomeSchema,
          400: outcomeSchema,
          403: outcomeSchema,
          404: problemSchema,
          503: problemSchema,
        },
      },
    },
    async (request, reply) => {
      if (request.params.provider !== shop.provider.name) {
        throw new NotFoundError("Такой платёжной системы здесь нет.");
      }
      const outcome = await receiveNotification(shop, { body: request.body, sourceIp: request.ip });
      if (outcome === "fetch_failed") {
        throw new ServiceUnavailableError("Платёж не удалось проверить: повторите уведомление.");
      }
      const status = outcome === "refused_source" ? 403 : outcome === "unparseable" ? 400 : 200;
      return reply.code(status).send({ outcome });
    },
  );
};
