import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { Db } from "../db/client.ts";
import { UnauthorizedError } from "../errors.ts";

/** Who a session belongs to: a client of the cabinet or a staff member of the console. */
export type Principal =
  | { kind: "client"; clientId: string; sessionId: string; signedInAt: Date }
  | { kind: "staff"; staffId: string; sessionId: string; signedInAt: Date };

export interface ResolvedSession {
  principal: Principal;
  /** Set when a remembered session was renewed: the cookie should be sent again. */
  renewedUntil?: Date;
}

/** With «Запомнить пароль» a session lasts 30 days without activity (renewed by use). */
export const REMEMBER_MS = 30 * 24 * 60 * 60_000;

export interface SessionOptions {
  /** The live session behind a cookie's token, or null (identity's sessions service). */
  resolve: (db: Db, token: string) => Promise<ResolvedSession | null>;
}

export const SESSION_COOKIE = "rms_session";
/** The staff console's own cookie, sent only to /api/staff: a staff session is never a client's. */
export const STAFF_SESSION_COOKIE = "rms_staff_session";
const STAFF_API = "/api/staff";

type SessionKind = Principal["kind"];

function cookieFor(kind: SessionKind) {
  return kind === "staff"
    ? { name: STAFF_SESSION_COOKIE, path: STAFF_API }
    : { name: SESSION_COOKIE, path: "/" };
}

declare module "fastify" {
  interface FastifyRequest {
    /** The signed-in client or staff member, resolved from the session cookie. */
    principal: Principal | null;
  }
}

/**
 * Sets the session cookie: a browser-session cookie, or with «Запомнить пароль» one that lasts
 * 30 days, or until a renewed session's end when that comes sooner.
 */
export function setSessionCookie(
  reply: FastifyReply,
  token: string,
  remember: boolean,
  secure: boolean,
  kind: SessionKind = "client",
  until?: Date,
): void {
  const { name, path } = cookieFor(kind);
  const maxAgeMs = until ? Math.max(0, until.getTime() - Date.now()) : REMEMBER_MS;
  reply.setCookie(name, token, {
    path,
    httpOnly: true,
    sameSite: "lax",
    secure,
    ...(remember ? { maxAge: Math.floor(maxAgeMs / 1000) } : {}),
  });
}

export function clearSessionCookie(
  reply: FastifyReply,
  secure: boolean,
  kind: SessionKind = "client",
): void {
  const { name, path } = cookieFor(kind);
  reply.clearCookie(name, { path, httpOnly: true, sameSite: "lax", secure });
}

/** The signed-in client, or a 401 problem. */
export function requireClient(request: FastifyRequest): Extract<Principal, { kind: "client" }> {
  const principal = request.principal;
  if (principal?.kind !== "client") throw new UnauthorizedError();
  return principal;
}

/** The signed-in staff member, or a 401 problem (a client's session does not count). */
export function requireStaff(request: FastifyRequest): Extract<Principal, { kind: "staff" }> {
  const principal = request.principal;
  if (principal?.kind !== "staff") {
    throw new UnauthorizedError("Войдите в консоль сотрудника, чтобы продолжить.");
  }
  return principal;
}

/**
 * Resolves the session cookie on every API request: the staff cookie under /api/staff, the
 * client's elsewhere. A dead cookie is cleared; one of the wrong kind is ignored.
 */
export const sessionPlugin = fp(async (app: FastifyInstance, options: SessionOptions) => {
  const secure = app.config.env === "production";
  app.decorateRequest("principal", null);
  app.addHook("onRequest", async (request, reply) => {
    if (!request.url.startsWith("/api/")) return;
    const kind: SessionKind = request.url.startsWith(`${STAFF_API}/`) ? "staff" : "client";
    const token = request.cookies[cookieFor(kind).name];
    if (!token) return;
    const resolved = await options.resolve(app.database.db, token);
    if (!resolved || resolved.principal.kind !== kind) {
      clearSessionCookie(reply, secure, kind);
      return;
    }
    request.principal = resolved.principal;
    if (resolved.renewedUntil) {
      setSessionCookie(reply, token, true, secure, kind, resolved.renewedUntil);
    }
  });
});
