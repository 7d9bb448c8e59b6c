import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  medcardShareCodeSchema,
  medcardSharedViewSchema,
  medcardShareStatusSchema,
} from "../../../common/medcard/medcard.schema.ts";
import { problemSchema } from "../../../common/problem.schema.ts";
import {
  openShare,
  sharedApiPath,
  sharedDocument,
  shareStatusOfToken,
} from "./medcard-shares.service.ts";
import { openCardDocumentFile, sendCardDocumentFile } from "./medcard-view.service.ts";

const tags = ["medcard"];
/** The opening's grant: sent back only to this link's own API routes. */
export const GRANT_COOKIE = "rms_medcard_grant";
export const NOINDEX = "noindex, nofollow";

const tokenParams = z.object({ token: z.string().min(1).max(256) });
const documentParams = tokenParams.extend({
  documentId: z.uuid("Неверный идентификатор документа"),
});

/**
 * The shared card a doctor opens with the link and its code, with no account. Nothing here is
 * for search engines: every answer, refusals included, says `X-Robots-Tag: noindex, nofollow`.
 */
export const sharedCardRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  const secure = app.config.env === "production";

  app.addHook("onSend", async (_request, reply, payload) => {
    reply.header("x-robots-tag", NOINDEX);
    return payload;
  });

  app.get(
    "/medcard-shares/:token",
    {
      schema: {
        tags,
        summary:
          "Открывается ли ссылка «Показать врачу» (без входа): действует, истекла или отозвана",
        params: tokenParams,
        response: { 200: medcardShareStatusSchema, 400: problemSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const status = await shareStatusOfToken(db, request.params.token);
      reply.header("cache-control", "no-store");
      return status;
    },
  );

  app.post(
    "/medcard-shares/:token/open",
    {
      schema: {
        tags,
        summary:
          "Открыть медкарту по ссылке и коду (без входа); неверные коды ограничены по ссылке и по IP",
        params: tokenParams,
        body: medcardShareCodeSchema,
        response: {
          200: medcardSharedViewSchema,
          400: problemSchema,
          403: problemSchema,
          404: problemSchema,
          429: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const { token } = request.params;
      const opened = await openShare(db, token, request.body.code, {
        ip: request.ip,
        userAgent: request.headers["user-agent"],
      });
      reply.setCookie(GRANT_COOKIE, opened.grant, {
        path: sharedApiPath(token),
        httpOnly: true,
        sameSite: "strict",
        secure,
        maxAge: Math.max(1, Math.floor((opened.expiresAt.getTime() - Date.now()) / 1000)),
      });
      return reply.header("cache-control", "no-store").send(opened.view);
    },
  );

  app.get(
    "/medcard-shares/:token/documents/:documentId/file",
    {
      schema: {
        tags,
        summary:
          "Файл документа по ссылке (без входа, с cookie открытия): в браузере, с ?download=1 — скачать",
        params: documentParams,
        querystring: z.object({ download: z.enum(["0", "1"]).optional() }),
        response: { 400: problemSchema, 403: problemSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const { token, documentId } = request.params;
      const document = await sharedDocument(db, token, request.cookies[GRANT_COOKIE], documentId);
      const file = await openCardDocumentFile(app.files, document);
      return sendCardDocumentFile(reply, file, { download: request.query.download === "1" });
    },
  );
};
