import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  medcardShareCreatedSchema,
  medcardShareInputSchema,
  medcardShareSchema,
} from "../../../common/medcard/medcard.schema.ts";
import { problemSchema } from "../../../common/problem.schema.ts";
import { siteOrigin } from "../../plugins/origin-check.ts";
import { requireClient } from "../../plugins/sessions.ts";
import { createShare, listShares, revokeClientShare } from "./medcard-shares.service.ts";

const tags = ["medcard"];
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };
const cardParams = z.object({ cardId: z.uuid("Неверный идентификатор медкарты") });
const shareParams = cardParams.extend({ shareId: z.uuid("Неверный идентификатор ссылки") });

/** «Показать врачу» in the cabinet: the client's links to a card, their openings, «Отозвать». */
export const medcardSharesRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;

  app.post(
    "/medcard/cards/:cardId/shares",
    {
      schema: {
        tags,
        summary:
          "Показать врачу: ссылка и 6-значный код на срок от часа до 30 дней (показываются один раз)",
        params: cardParams,
        body: medcardShareInputSchema,
        response: { 201: medcardShareCreatedSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { clientId } = requireClient(request);
      const origin = siteOrigin(app.config, request);
      const created = await createShare(db, clientId, request.params.cardId, request.body, origin);
      return reply.code(201).header("cache-control", "no-store").send(created);
    },
  );

  app.get(
    "/medcard/cards/:cardId/shares",
    {
      schema: {
        tags,
        summary: "Ссылки «Показать врачу» на медкарту, новые первыми, с каждым открытием",
        params: cardParams,
        response: { 200: z.object({ shares: z.array(medcardShareSchema) }), ...errors },
      },
    },
    async (request) => ({
      shares: await listShares(db, requireClient(request).clientId, request.params.cardId),
    }),
  );

  app.post(
    "/medcard/cards/:cardId/shares/:shareId/revoke",
    {
      schema: {
        tags,
        summary: "Отозвать ссылку: она и все открытия по ней сразу перестают действовать",
        params: shareParams,
        response: { 200: medcardShareSchema, ...errors },
      },
    },
    async (request) =>
      revokeClientShare(
        db,
        requireClient(request).clientId,
        request.params.cardId,
        request.params.shareId,
      ),
  );
};
