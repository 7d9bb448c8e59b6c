import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { UnauthorizedError } from "../../errors.ts";
import { type Principal, REMEMBER_MS, resolveSession } from "./sessions.service.ts";

export const SESSION_COOKIE = "rms_session";

declare module "fastify" {
  interface FastifyRequest {
    /** The signed-in client or staff member, resolved from the session cookie. */
    principal: Principal | null;
  }
}

/** Sets the session cookie: a browser-session cookie, or a 30-day one with «Запомнить пароль». */
export function setSessionCookie(
  reply: FastifyReply,
  token: string,
  remember: boolean,
  secure: boolean,
): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure,
    ...(remember ? { maxAge: REMEMBER_MS / 1000 } : {}),
  });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { path: "/", httpOnly: true, sameSite: "lax", secure });
}

/** The signed-in client, or a 401 problem. */
export function requireClient(request: FastifyRequest): Extract<Principal, { kind: "client" }> {
  const principal = request.principal;
  if (principal?.kind !== "client") throw new UnauthorizedError();
  return principal;
}

/** Resolves the session cookie on every API request; a dead cookie is cleared. */
export const sessionPlugin = fp(async (app: FastifyInstance) => {
  const secure = app.config.env === "production";
  app.decorateRequest("principal", null);
  app.addHook("onRequest", async (request, reply) => {
    if (!request.url.startsWith("/api/")) return;
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const resolved = await resolveSession(app.database.db, token);
    if (!resolved) {
      clearSessionCookie(reply, secure);
      return;
    }
    request.principal = resolved.principal;
    if (resolved.renewedUntil) setSessionCookie(reply, token, true, secure);
  });
});
