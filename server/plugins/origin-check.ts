import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { Config } from "../config.ts";
import { ForbiddenError } from "../errors.ts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
// Vite's dev server proxies /api from its own origin.
const DEV_ORIGINS = ["http://localhost:5173", "http://127.0.0.1:5173"];

/** The scheme and host this request was sent to (behind a proxy, with TRUST_PROXY, the proxy's). */
export function requestOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`.toLowerCase();
}

/**
 * The site's address as the person sees it, for links made while answering a request (the QR code
 * of a printed certificate): the configured origin the request came by, or the first configured
 * one, or, with PUBLIC_ORIGIN unset, the address the request was sent to.
 */
export function siteOrigin(config: Config, request: FastifyRequest): string {
  const own = requestOrigin(request);
  if (config.publicOrigins.length === 0) return own;
  return config.publicOrigins.includes(own) ? own : config.publicOrigin;
}

/**
 * Refuses state-changing requests sent from another site (CSRF). A browser's `Origin` must be one
 * of PUBLIC_ORIGIN's origins, or, when that is unset, the very address the request was sent to —
 * Django's same-origin rule, so the cabinet works from localhost, 127.0.0.1 and the machine's
 * network address alike. A browser that sends no Origin must say `Sec-Fetch-Site: same-origin`
 * (or none); non-browser callers send neither.
 */
export const originCheckPlugin = fp(
  async (app: FastifyInstance, { config }: { config: Config }) => {
    const configured = new Set([
      ...config.publicOrigins,
      ...(config.env === "development" ? DEV_ORIGINS : []),
    ]);
    const isOwnOrigin = (origin: string, request: FastifyRequest) =>
      configured.has(origin) ||
      (config.publicOrigins.length === 0 && origin.toLowerCase() === requestOrigin(request));

    app.addHook("onRequest", async (request) => {
      if (SAFE_METHODS.has(request.method)) return;
      const origin = request.headers.origin;
      const fetchSite = request.headers["sec-fetch-site"];
      const foreign =
        origin !== undefined
          ? !isOwnOrigin(origin, request)
          : fetchSite !== undefined && fetchSite !== "same-origin" && fetchSite !== "none";
      if (foreign) {
        throw new ForbiddenError(
          "Запрос отправлен с другого сайта и отклонён. Откройте личный кабинет по его адресу и повторите.",
        );
      }
    });
  },
);
