import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { Config } from "../config.ts";
import { ForbiddenError } from "../errors.ts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
// Vite's dev server proxies /api from its own origin.
const DEV_ORIGINS = ["http://localhost:5173", "http://127.0.0.1:5173"];

/**
 * Refuses state-changing requests sent from another site (CSRF): a browser's `Origin`, or when it
 * sends none, its `Sec-Fetch-Site`, must name this site. Non-browser callers send neither.
 */
export const originCheckPlugin = fp(
  async (app: FastifyInstance, { config }: { config: Config }) => {
    const allowed = new Set([
      new URL(config.publicOrigin).origin,
      ...(config.env === "development" ? DEV_ORIGINS : []),
    ]);
    app.addHook("onRequest", async (request) => {
      if (SAFE_METHODS.has(request.method)) return;
      const origin = request.headers.origin;
      const fetchSite = request.headers["sec-fetch-site"];
      const foreign =
        origin !== undefined
          ? !allowed.has(origin)
          : fetchSite !== undefined && fetchSite !== "same-origin" && fetchSite !== "none";
      if (foreign) {
        throw new ForbiddenError(
          "Запрос отправлен с другого сайта и отклонён. Откройте личный кабинет по его адресу и повторите.",
        );
      }
    });
  },
);
