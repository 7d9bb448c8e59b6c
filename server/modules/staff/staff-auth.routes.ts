import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { problemSchema } from "../../../common/problem.schema.ts";
import {
  createStaffMemberSchema,
  currentStaffSessionSchema,
  staffChallengePasswordSchema,
  staffChallengeSchema,
  staffMemberIdParamsSchema,
  staffMemberListSchema,
  staffMemberSchema,
  staffMemberWithPasswordSchema,
  staffSessionSchema,
  staffSignInRequestSchema,
  staffSignInStepSchema,
  staffSpecialtySchema,
  staffTotpConfirmSchema,
  staffTotpRequestSchema,
  totpEnrolmentSchema,
} from "../../../common/staff/staff-auth.schema.ts";
import { UnauthorizedError, ValidationError } from "../../errors.ts";
import { recordSecurityEvent } from "../../plugins/security-log.ts";
import {
  clearSessionCookie,
  requireStaff,
  STAFF_SESSION_COOKIE,
  setSessionCookie,
} from "../../plugins/sessions.ts";
import { closeSession } from "../identity/index.ts";
import {
  assertAdmin,
  createStaffMember,
  findStaffMember,
  listStaffMembers,
  resetStaffPassword,
  setStaffDisabled,
  setStaffSpecialty,
  toStaffProfile,
} from "./staff-members.service.ts";
import {
  changeTemporaryPassword,
  confirmChallengeEnrolment,
  confirmStaffTotp,
  confirmTotpEnrolment,
  type StaffSignInOutcome,
  startChallengeEnrolment,
  startStaffSignIn,
  startTotpEnrolment,
} from "./staff-sign-in.service.ts";

const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  409: problemSchema,
  429: problemSchema,
  // The password queue is full: a quick refusal with Retry-After (docs/decisions/0016).
  503: problemSchema,
};

/** The staff console's sign-in (password, TOTP, enrolment), session, and the admin's staff list. */
export const staffAuthRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  const secure = app.config.env === "production";
  const policy = { requireTotp: app.config.env === "production" };
  const meta = (request: FastifyRequest) => ({
    ip: request.ip,
    userAgent: request.headers["user-agent"],
  });
  function answer(reply: FastifyReply, outcome: StaffSignInOutcome) {
    if (outcome.token) setSessionCookie(reply, outcome.token, false, secure, "staff");
    return outcome.step;
  }
  async function currentStaff(request: FastifyRequest) {
    const staff = await findStaffMember(db, requireStaff(request).staffId);
    if (!staff || staff.disabledAt) throw new UnauthorizedError();
    return staff;
  }
  const step = { 200: staffSignInStepSchema, ...errors };

  app.post(
    "/staff/auth/sign-in",
    {
      schema: {
        tags: ["staff"],
        summary: "Вход сотрудника: e-mail и пароль",
        body: staffSignInRequestSchema,
        response: step,
      },
    },
    async (request, reply) =>
      answer(reply, await startStaffSignIn(db, request.body, policy, meta(request))),
  );

  app.post(
    "/staff/auth/totp",
    {
      schema: {
        tags: ["staff"],
        summary: "Вход сотрудника: код из приложения-аутентификатора",
        body: staffTotpRequestSchema,
        response: step,
      },
    },
    async (request, reply) =>
      answer(reply, await confirmStaffTotp(db, request.body, policy, meta(request))),
  );

  app.post(
    "/staff/auth/password",
    {
      schema: {
        tags: ["staff"],
        summary: "Вход сотрудника: замена временного пароля",
        body: staffChallengePasswordSchema,
        response: step,
      },
    },
    async (request, reply) =>
      answer(reply, await changeTemporaryPassword(db, request.body, policy, meta(request))),
  );

  app.post(
    "/staff/auth/totp/enrolment",
    {
      schema: {
        tags: ["staff"],
        summary: "Вход сотрудника: подключение двухфакторной защиты (QR-код)",
        body: staffChallengeSchema,
        response: { 200: totpEnrolmentSchema, ...errors },
      },
    },
    async (request) => startChallengeEnrolment(db, request.body.challenge),
  );

  app.post(
    "/staff/auth/totp/enrolment/confirm",
    {
      schema: {
        tags: ["staff"],
        summary: "Вход сотрудника: подтверждение подключения кодом из приложения",
        body: staffTotpRequestSchema,
        response: step,
      },
    },
    async (request, reply) =>
      answer(reply, await confirmChallengeEnrolment(db, request.body, policy, meta(request))),
  );

  app.get(
    "/staff/auth/session",
    {
      schema: {
        tags: ["staff"],
        summary: "Текущий вошедший сотрудник (или null)",
        response: { 200: currentStaffSessionSchema },
      },
    },
    async (request) => {
      if (request.principal?.kind !== "staff") return { session: null };
      const staff = await findStaffMember(db, request.principal.staffId);
      return { session: staff && !staff.disabledAt ? { staff: toStaffProfile(staff) } : null };
    },
  );

  app.post(
    "/staff/auth/sign-out",
    { schema: { tags: ["staff"], summary: "Выход сотрудника", response: { 204: z.undefined() } } },
    async (request, reply) => {
      const principal = request.principal;
      if (principal?.kind === "staff") {
        await closeSession(db, principal.sessionId, "sign_out");
        await recordSecurityEvent(db, {
          kind: "sign_out",
          staffId: principal.staffId,
          ...meta(request),
        });
      }
      if (request.cookies[STAFF_SESSION_COOKIE]) clearSessionCookie(reply, secure, "staff");
      return reply.code(204).send();
    },
  );

  app.post(
    "/staff/me/totp/enrolment",
    {
      schema: {
        tags: ["staff"],
        summary: "Подключить двухфакторную защиту (для вошедшего сотрудника)",
        response: { 200: totpEnrolmentSchema, ...errors },
      },
    },
    async (request) => startTotpEnrolment(db, await currentStaff(request)),
  );

  app.post(
    "/staff/me/totp/enrolment/confirm",
    {
      schema: {
        tags: ["staff"],
        summary: "Подтвердить подключение кодом из приложения",
        body: staffTotpConfirmSchema,
        response: { 200: staffSessionSchema, ...errors },
      },
    },
    async (request) => {
      const enrolled = await confirmTotpEnrolment(
        db,
        await currentStaff(request),
        request.body.code,
      );
      if (!enrolled) {
        throw new ValidationError([{ field: "code", message: "Неверный код из приложения." }]);
      }
      return { staff: toStaffProfile(enrolled) };
    },
  );

  app.get(
    "/staff/members",
    {
      schema: {
        tags: ["staff"],
        summary: "Сотрудники (для администратора)",
        response: { 200: staffMemberListSchema, ...errors },
      },
    },
    async (request) => {
      await assertAdmin(db, requireStaff(request).staffId);
      return { members: await listStaffMembers(db) };
    },
  );

  app.post(
    "/staff/members",
    {
      schema: {
        tags: ["staff"],
        summary: "Создать учётную запись сотрудника с временным паролем",
        body: createStaffMemberSchema,
        response: { 201: staffMemberWithPasswordSchema, ...errors },
      },
    },
    async (request, reply) => {
      await assertAdmin(db, requireStaff(request).staffId);
      return reply.code(201).send(await createStaffMember(db, request.body));
    },
  );

  for (const action of ["disable", "enable"] as const) {
    app.post(
      `/staff/members/:id/${action}`,
      {
        schema: {
          tags: ["staff"],
          summary: action === "disable" ? "Отключить сотрудника" : "Включить сотрудника",
          params: staffMemberIdParamsSchema,
          response: { 200: z.object({ member: staffMemberSchema }), ...errors },
        },
      },
      async (request) => {
        const admin = await assertAdmin(db, requireStaff(request).staffId);
        const member = await setStaffDisabled(
          db,
          admin.id,
          request.params.id,
          action === "disable",
          meta(request),
        );
        return { member };
      },
    );
  }

  app.put(
    "/staff/members/:id/specialty",
    {
      schema: {
        tags: ["staff"],
        summary: "Указать специальность сотрудника (видна клиенту в чате с врачом)",
        params: staffMemberIdParamsSchema,
        body: staffSpecialtySchema,
        response: { 200: z.object({ member: staffMemberSchema }), ...errors },
      },
    },
    async (request) => {
      await assertAdmin(db, requireStaff(request).staffId);
      return {
        member: await setStaffSpecialty(db, request.params.id, request.body.specialty),
      };
    },
  );

  app.post(
    "/staff/members/:id/reset-password",
    {
      schema: {
        tags: ["staff"],
        summary: "Выдать новый временный пароль",
        params: staffMemberIdParamsSchema,
        response: { 200: staffMemberWithPasswordSchema, ...errors },
      },
    },
    async (request) => {
      await assertAdmin(db, requireStaff(request).staffId);
      return resetStaffPassword(db, request.params.id);
    },
  );
};
