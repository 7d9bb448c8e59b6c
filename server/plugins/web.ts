import { existsSync } from "node:fs";
import { join } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { webDistDir } from "../paths.ts";
import { sendProblem } from "./errors.ts";

const HASHED_ASSET = /\/assets\//;

function isUnder(url: string, prefix: string): boolean {
  const path = url.split("?")[0] ?? "";
  return path === prefix || path.startsWith(`${prefix}/`);
}

/**
 * Serves the built web app: hashed assets cached for a year, HTML never cached, and the single-page
 * fallback (`/`, `/cabinet/*`, `/verify` → the cabinet; `/staff/*` → the console). Unknown `/api` routes get a
 * problem+json 404; other unknown paths get the cabinet with status 404 so it shows its own page.
 */
export const webPlugin = fp(
  async (app: FastifyInstance, { root = webDistDir }: { root?: string }) => {
    const built = existsSync(join(root, "cabinet/index.html"));
    if (built) {
      await app.register(fastifyStatic, {
        root,
        index: false,
        wildcard: true,
        cacheControl: false,
        // scripts/precompress.mjs writes .br and .gz beside each asset at build time.
        preCompressed: true,
        setHeaders(res, path) {
          res.setHeader(
            "cache-control",
            HASHED_ASSET.test(path) ? "public, max-age=31536000, immutable" : "no-cache",
          );
        },
      });
    } else {
      app.log.warn({ root }, "the web app is not built: run `npm run build`");
    }

    function sendPage(reply: FastifyReply, page: "cabinet" | "staff", status = 200) {
      if (!built) {
        return sendProblem(reply, {
          code: "web-not-built",
          status: 503,
          title: "Веб-приложение не собрано",
          detail: "Выполните `npm run build` или запустите `npm start`.",
        });
      }
      return reply
        .code(status)
        .header("cache-control", "no-cache")
        .sendFile(`${page}/index.html`, { cacheControl: false });
    }

    app.get("/", { schema: { hide: true } }, (_request, reply) => sendPage(reply, "cabinet"));

    app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
      if (isUnder(request.url, "/api")) {
        return sendProblem(reply, {
          code: "not-found",
          status: 404,
          title: "Не найдено",
          detail: `Адреса ${request.method} ${request.url.split("?")[0]} в API нет.`,
        });
      }
      if (request.method !== "GET" && request.method !== "HEAD") {
        return sendProblem(reply, {
          code: "not-found",
          status: 404,
          title: "Не найдено",
          detail: "Такого адреса нет.",
        });
      }
      if (isUnder(request.url, "/staff")) return sendPage(reply, "staff");
      // /verify: the public certificate check that the QR code on a printed certificate opens.
      if (isUnder(request.url, "/cabinet") || isUnder(request.url, "/verify")) {
        return sendPage(reply, "cabinet");
      }
      return sendPage(reply, "cabinet", 404);
    });
  },
);
