import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { clientSessionSchema } from "../../../common/identity/session.schema.ts";
import { signInRequestSchema } from "../../../common/identity/sign-in.schema.ts";
import { problemSchema } from "../../../common/problem.schema.ts";
import { UnauthorizedError } from "../../errors.ts";
import { findClientProfile } from "./clients.repository.ts";
import { recordSecurityEvent } from "./security-log.repository.ts";
import {
  clearSessionCookie,
  requireClient,
  SESSION_COOKIE,
  setSessionCookie,
} from "./session.plugin.ts";
import { closeSession } from "./sessions.service.ts";
import { signInClient } from "./sign-in.service.ts";

/** Client sign-in, the current session and sign-out. */
export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  const secure = app.config.env === "production";

  async function currentClient(clientId: string) {
    const client = await findClientProfile(db, clientId);
    if (!client) throw new UnauthorizedError();
    return { client };
  }

  app.post(
    "/auth/sign-in",
    {
      schema: {
        tags: ["identity"],
        summary: "Вход клиента по телефону и паролю",
        body: signInRequestSchema,
        response: { 200: clientSessionSchema, 401: problemSchema, 429: problemSchema },
      },
    },
    async (request, reply) => {
      const meta = { ip: request.ip, userAgent: request.headers["user-agent"] };
      const { token, clientId, remember } = await signInClient(db, request.body, meta);
      setSessionCookie(reply, token, remember, secure);
      return currentClient(clientId);
    },
  );

  app.get(
    "/auth/session",
    {
      schema: {
        tags: ["identity"],
        summary: "Текущий вошедший клиент",
        response: { 200: clientSessionSchema, 401: problemSchema },
      },
    },
    async (request) => currentClient(requireClient(request).clientId),
  );

  app.post(
    "/auth/sign-out",
    {
      schema: {
        tags: ["identity"],
        summary: "Выход: сессия закрывается на сервере",
        response: { 204: z.undefined() },
      },
    },
    async (request, reply) => {
      const principal = request.principal;
      if (principal) {
        await closeSession(db, principal.sessionId, "sign_out");
        await recordSecurityEvent(db, {
          kind: "sign_out",
          clientId: principal.kind === "client" ? principal.clientId : null,
          staffId: principal.kind === "staff" ? principal.staffId : null,
          ip: request.ip,
          userAgent: request.headers["user-agent"],
        });
      }
      if (request.cookies[SESSION_COOKIE]) clearSessionCookie(reply, secure);
      return reply.code(204).send();
    },
  );
};
