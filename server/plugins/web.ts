import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { webDistDir } from "../paths.ts";
import { sendProblem } from "./errors.ts";

const HASHED_ASSET = /\/assets\//;

const BUILT_SCRIPT = /^\/assets\/[\w.-]+\.js$/;

/**
 * The cabinet's page for each first screen with that screen's lazy scripts named as modulepreload
 * links (cabinet/first-screens.json, written by the build: vite.config.ts), so the browser fetches
 * them beside the entry rather than after running it. Other addresses get the page as built.
 */
function firstScreenPages(root: string): Map<string, string> {
  const listFile = join(root, "cabinet/first-screens.json");
  const pages = new Map<string, string>();
  if (!existsSync(listFile)) return pages;
  const html = readFileSync(join(root, "cabinet/index.html"), "utf8");
  const screens: unknown = JSON.parse(readFileSync(listFile, "utf8"));
  if (typeof screens !== "object" || screens === null) return pages;
  for (const [path, scripts] of Object.entries(screens)) {
    if (!Array.isArray(scripts) || !html.includes("</head>")) continue;
    const links = scripts
      .filter((script): script is string => typeof script === "string" && BUILT_SCRIPT.test(script))
      .map((script) => `    <link rel="modulepreload" crossorigin href="${script}">\n`)
      .join("");
    pages.set(path, html.replace("</head>", `${links}  </head>`));
  }
  return pages;
}

function isUnder(url: string, prefix: string): boolean {
  const path = url.split("?")[0] ?? "";
  return path === prefix || path.startsWith(`${prefix}/`);
}

/**
 * Serves the built web app: hashed assets cached for a year, HTML never cached, and the single-page
 * fallback (`/`, `/cabinet/*`, `/verify`, `/shop`, `/dms`, `/companies` → the cabinet; `/staff/*` →
 * the console). Unknown `/api` routes get a problem+json 404; other unknown paths get the cabinet
 * with status 404 so it shows its own page.
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
    const preloadedPages = built ? firstScreenPages(root) : new Map<string, string>();

    function sendPage(reply: FastifyReply, page: "cabinet" | "staff", status = 200, path = "") {
      if (!built) {
        return sendProblem(reply, {
          code: "web-not-built",
          status: 503,
          title: "Веб-приложение не собрано",
          detail: "Выполните `npm run build` или запустите `npm start`.",
        });
      }
      reply.code(status).header("cache-control", "no-cache");
      const preloaded = page === "cabinet" ? preloadedPages.get(path) : undefined;
      if (preloaded) return reply.type("text/html; charset=utf-8").send(preloaded);
      return reply.sendFile(`${page}/index.html`, { cacheControl: false });
    }

    app.get("/", { schema: { hide: true } }, (_request, reply) => sendPage(reply, "cabinet"));
    const pathOf = (url: string) => url.split("?")[0] ?? "";

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
      // /verify: the public certificate check that the QR code on a printed certificate opens;
      // /shop: «Купить сертификат», the public catalogue; /dms and /companies: the landing's
      // «Обслуживание по ДМС» and the corporate cards' request for the sales team.
      const pages = ["/cabinet", "/verify", "/shop", "/dms", "/companies"];
      // /medcard-share/<token>: a shared medical card («Показать врачу»), never for search engines.
      if (isUnder(request.url, "/medcard-share")) {
        reply.header("x-robots-tag", "noindex, nofollow");
        return sendPage(reply, "cabinet", 200, pathOf(request.url));
      }
      if (pages.some((prefix) => isUnder(request.url, prefix))) {
        return sendPage(reply, "cabinet", 200, pathOf(request.url));
      }
      return sendPage(reply, "cabinet", 404);
    });
  },
);
