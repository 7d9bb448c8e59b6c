import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { acceptDocumentsRequestSchema } from "../../../common/identity/legal.schema.ts";
import {
  recoveryCompleteRequestSchema,
  registrationRequestSchema,
} from "../../../common/identity/registration.schema.ts";
import {
  activeSessionListSchema,
  changePasswordRequestSchema,
  revokedSessionsSchema,
} from "../../../common/identity/security.schema.ts";
import {
  clientSessionSchema,
  currentClientSessionSchema,
} from "../../../common/identity/session.schema.ts";
import { signInRequestSchema } from "../../../common/identity/sign-in.schema.ts";
import {
  smsCodeRequestSchema,
  smsCodeSentSchema,
  verifiedPhoneSchema,
  verifyCodeRequestSchema,
} from "../../../common/identity/sms-code.schema.ts";
import { problemSchema } from "../../../common/problem.schema.ts";
import { UnauthorizedError } from "../../errors.ts";
import { recordSecurityEvent } from "../../plugins/security-log.ts";
import {
  clearSessionCookie,
  requireClient,
  SESSION_COOKIE,
  setSessionCookie,
} from "../../plugins/sessions.ts";
import { acceptDocuments, pendingDocumentsFor } from "../legal/index.ts";
import {
  changePassword,
  findClientProfile,
  listClientSessions,
  recoverPassword,
  registerClient,
  signOutOtherDevices,
} from "./accounts.service.ts";
import { closeSession } from "./sessions.service.ts";
import { signInClient } from "./sign-in.service.ts";
import { sendCode, verifyCode } from "./sms-codes.service.ts";

// 503: the password queue is full (a quick refusal with Retry-After, docs/decisions/0016).
const errors = {
  400: problemSchema,
  401: problemSchema,
  409: problemSchema,
  429: problemSchema,
  503: problemSchema,
};

/** Client accounts: sign-in and out, registration and recovery by SMS code, security settings. */
export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  const secure = app.config.env === "production";
  const meta = (request: FastifyRequest) => ({
    ip: request.ip,
    userAgent: request.headers["user-agent"],
  });

  async function clientSessionOrNull(clientId: string) {
    const client = await findClientProfile(db, clientId);
    return client ? { client, pendingDocuments: await pendingDocumentsFor(db, clientId) } : null;
  }

  async function clientSession(clientId: string) {
    const session = await clientSessionOrNull(clientId);
    if (!session) throw new UnauthorizedError();
    return session;
  }

  async function signedIn(reply: FastifyReply, token: string, clientId: string, remember: boolean) {
    setSessionCookie(reply, token, remember, secure);
    return clientSession(clientId);
  }

  app.post(
    "/auth/sign-in",
    {
      schema: {
        tags: ["identity"],
        summary: "Вход клиента по телефону и паролю",
        body: signInRequestSchema,
        response: { 200: clientSessionSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { token, clientId, remember } = await signInClient(db, request.body, meta(request));
      return signedIn(reply, token, clientId, remember);
    },
  );

  app.get(
    "/auth/session",
    {
      schema: {
        tags: ["identity"],
        summary: "Текущий вошедший клиент (или null) и документы, которые нужно принять",
        response: { 200: currentClientSessionSchema },
      },
    },
    async (request) => {
      const principal = request.principal;
      if (principal?.kind !== "client") return { session: null };
      return { session: await clientSessionOrNull(principal.clientId) };
    },
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
      // Under /api/auth only the client cookie is read; staff sign out at /api/staff/auth.
      const principal = request.principal;
      if (principal?.kind === "client") {
        await closeSession(db, principal.sessionId, "sign_out");
        await recordSecurityEvent(db, {
          kind: "sign_out",
          clientId: principal.clientId,
          ...meta(request),
        });
      }
      if (request.cookies[SESSION_COOKIE]) clearSessionCookie(reply, secure);
      return reply.code(204).send();
    },
  );

  app.post(
    "/auth/consents",
    {
      schema: {
        tags: ["identity"],
        summary: "Принять новые редакции документов",
        body: acceptDocumentsRequestSchema,
        response: { 200: clientSessionSchema, ...errors },
      },
    },
    async (request) => {
      const { clientId } = requireClient(request);
      await acceptDocuments(db, clientId, request.body.documents, meta(request));
      await recordSecurityEvent(db, {
        kind: "consents_accepted",
        clientId,
        ...meta(request),
        details: { documents: request.body.documents },
      });
      return clientSession(clientId);
    },
  );

  for (const purpose of ["registration", "recovery"] as const) {
    const what = purpose === "registration" ? "регистрации" : "восстановления пароля";
    app.post(
      `/auth/${purpose}/code`,
      {
        schema: {
          tags: ["identity"],
          summary: `«Выслать код» для ${what}`,
          body: smsCodeRequestSchema,
          response: { 202: smsCodeSentSchema, ...errors },
        },
      },
      async (request, reply) => {
        const sent = await sendCode(db, app.sms, request.body.phone, purpose, meta(request));
        return reply.code(202).send(sent);
      },
    );
    app.post(
      `/auth/${purpose}/verify`,
      {
        schema: {
          tags: ["identity"],
          summary: `Подтвердить код из SMS для ${what}`,
          body: verifyCodeRequestSchema,
          response: { 200: verifiedPhoneSchema, ...errors },
        },
      },
      async (request) =>
        verifyCode(db, request.body.phone, purpose, request.body.code, meta(request)),
    );
  }

  app.post(
    "/auth/registration",
    {
      schema: {
        tags: ["identity"],
        summary: "Регистрация: личные данные и пароль после подтверждения номера",
        body: registrationRequestSchema,
        response: { 201: clientSessionSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { token, clientId } = await registerClient(db, request.body, meta(request));
      return reply.code(201).send(await signedIn(reply, token, clientId, false));
    },
  );

  app.post(
    "/auth/recovery",
    {
      schema: {
        tags: ["identity"],
        summary: "Новый пароль после подтверждения номера; прочие сеансы завершаются",
        body: recoveryCompleteRequestSchema,
        response: { 200: clientSessionSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { token, clientId } = await recoverPassword(db, request.body, meta(request));
      return signedIn(reply, token, clientId, false);
    },
  );

  app.get(
    "/auth/sessions",
    {
      schema: {
        tags: ["identity"],
        summary: "Активные сеансы клиента",
        response: { 200: activeSessionListSchema, 401: problemSchema },
      },
    },
    async (request) => ({ sessions: await listClientSessions(db, requireClient(request)) }),
  );

  app.post(
    "/auth/sessions/revoke-others",
    {
      schema: {
        tags: ["identity"],
        summary: "«Выйти на других устройствах»",
        response: { 200: revokedSessionsSchema, 401: problemSchema },
      },
    },
    async (request) => signOutOtherDevices(db, requireClient(request), meta(request)),
  );

  app.post(
    "/auth/password",
    {
      schema: {
        tags: ["identity"],
        summary: "Сменить пароль (текущий пароль обязателен); другие сеансы завершаются",
        body: changePasswordRequestSchema,
        response: { 200: revokedSessionsSchema, ...errors },
      },
    },
    async (request) => {
      const principal = requireClient(request);
      const client = await findClientProfile(db, principal.clientId);
      if (!client) throw new UnauthorizedError();
      return changePassword(db, principal, request.body, client.phone, meta(request));
    },
  );
};
