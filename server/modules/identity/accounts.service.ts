import type { z } from "zod";
import type { registrationRequestSchema } from "../../../common/identity/registration.schema.ts";
import type { ActiveSession } from "../../../common/identity/security.schema.ts";
import type { Db } from "../../db/client.ts";
import { ConflictError, ValidationError } from "../../errors.ts";
import { recordSecurityEvent } from "../../plugins/security-log.ts";
import { acceptDocuments } from "../legal/index.ts";
import {
  findClientCredentialsByPhone,
  findClientPasswordHash,
  findClientProfile,
  insertClient,
  updateClientPassword,
} from "./clients.repository.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import { checkNewPassword } from "./password-policy.ts";
import { emitSecurityNotice } from "./security-notices.ts";
import { findActiveClientSessions, revokeClientSessions } from "./sessions.repository.ts";
import { openSession, type RequestMeta } from "./sessions.service.ts";
import { findValidTicket, useTicket } from "./sms-codes.repository.ts";
import { hashTicket } from "./sms-codes.service.ts";
import { describeDevice } from "./user-agent.ts";

/** The signed-in client as the cabinet shows them, or null when the account is gone. */
export { findClientProfile };

type Registration = z.output<typeof registrationRequestSchema>;

const ticketExpired = new ValidationError([
  {
    field: "ticket",
    message:
      "Подтверждение номера устарело. Вернитесь на первый шаг и запросите новый код — введённые данные сохранятся.",
  },
]);

/** Registration, step 2: the phone proven by its ticket becomes an account, signed in at once. */
export async function registerClient(
  db: Db,
  input: Registration,
  meta: RequestMeta,
  now = new Date(),
): Promise<{ token: string; clientId: string }> {
  const ticketHash = hashTicket(input.ticket);
  const phone = await findValidTicket(db, ticketHash, "registration", now);
  if (!phone) throw ticketExpired;
  checkNewPassword(input.password, phone);
  if (await findClientCredentialsByPhone(db, phone)) {
    // Only the owner of the phone gets here (the code proved it), so saying so reveals nothing.
    throw new ConflictError(
      "Этот номер уже зарегистрирован. Войдите с паролем или восстановите его через «Забыли пароль?».",
    );
  }
  const passwordHash = await hashPassword(input.password);

  return db.transaction(async (tx) => {
    if (!(await useTicket(tx, ticketHash, "registration", now))) throw ticketExpired;
    const clientId = await insertClient(tx, {
      phone,
      lastName: input.lastName,
      firstName: input.firstName,
      patronymic: input.noPatronymic ? null : input.patronymic,
      birthDate: input.birthDate,
      email: input.email,
      passwordHash,
      createdAt: now,
      updatedAt: now,
    });
    if (!clientId) {
      throw new ConflictError(
        "Этот номер уже зарегистрирован. Войдите с паролем или восстановите его через «Забыли пароль?».",
      );
    }
    await acceptDocuments(tx, clientId, input.acceptedDocuments, meta, now);
    const { token } = await openSession(tx, { clientId }, false, meta, now);
    await recordSecurityEvent(
      tx,
      { kind: "registered", clientId, subject: phone, ip: meta.ip, userAgent: meta.userAgent },
      now,
    );
    return { token, clientId };
  });
}

/** «Забыли пароль?», last step: a new password, every other session ends, the owner is signed in. */
export async function recoverPassword(
  db: Db,
  input: { ticket: string; password: string },
  meta: RequestMeta,
  now = new Date(),
): Promise<{ token: string; clientId: string }> {
  const ticketHash = hashTicket(input.ticket);
  const phone = await findValidTicket(db, ticketHash, "recovery", now);
  const client = phone ? await findClientCredentialsByPhone(db, phone) : null;
  if (!phone || !client) throw ticketExpired;
  checkNewPassword(input.password, phone);
  const passwordHash = await hashPassword(input.password);

  return db.transaction(async (tx) => {
    if (!(await useTicket(tx, ticketHash, "recovery", now))) throw ticketExpired;
    await updateClientPassword(tx, client.id, passwordHash);
    const revoked = await revokeClientSessions(tx, client.id, "password_recovered");
    const { token } = await openSession(tx, { clientId: client.id }, false, meta, now);
    const logged = { clientId: client.id, subject: phone, ip: meta.ip, userAgent: meta.userAgent };
    const eventId = await recordSecurityEvent(
      tx,
      { kind: "password_recovered", ...logged, details: { revoked } },
      now,
    );
    await emitSecurityNotice(tx, client.id, eventId);
    return { token, clientId: client.id };
  });
}

/** «Сменить пароль»: the current one is asked every time; other devices are signed out. */
export async function changePassword(
  db: Db,
  principal: { clientId: string; sessionId: string },
  input: { currentPassword: string; newPassword: string },
  phone: string,
  meta: RequestMeta,
): Promise<{ revoked: number }> {
  const stored = await findClientPasswordHash(db, principal.clientId);
  if (!stored || !(await verifyPassword(input.currentPassword, stored))) {
    throw new ValidationError([{ field: "currentPassword", message: "Неверный текущий пароль" }]);
  }
  checkNewPassword(input.newPassword, phone, "newPassword");
  if (input.newPassword === input.currentPassword) {
    throw new ValidationError([
      { field: "newPassword", message: "Новый пароль должен отличаться от текущего" },
    ]);
  }
  const passwordHash = await hashPassword(input.newPassword);
  return db.transaction(async (tx) => {
    await updateClientPassword(tx, principal.clientId, passwordHash);
    const revoked = await revokeClientSessions(
      tx,
      principal.clientId,
      "password_changed",
      principal.sessionId,
    );
    const eventId = await recordSecurityEvent(tx, {
      kind: "password_changed",
      clientId: principal.clientId,
      ip: meta.ip,
      userAgent: meta.userAgent,
      details: { revoked },
    });
    await emitSecurityNotice(tx, principal.clientId, eventId);
    return { revoked };
  });
}

export async function listClientSessions(
  db: Db,
  principal: { clientId: string; sessionId: string },
  now = new Date(),
): Promise<ActiveSession[]> {
  const rows = await findActiveClientSessions(db, principal.clientId, now);
  return rows.map((row) => ({
    id: row.id,
    current: row.id === principal.sessionId,
    device: describeDevice(row.userAgent),
    ip: row.ip,
    lastSeenAt: row.lastSeenAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
  }));
}

/** «Выйти на других устройствах». */
export async function signOutOtherDevices(
  db: Db,
  principal: { clientId: string; sessionId: string },
  meta: RequestMeta,
): Promise<{ revoked: number }> {
  const revoked = await revokeClientSessions(
    db,
    principal.clientId,
    "signed_out_elsewhere",
    principal.sessionId,
  );
  await recordSecurityEvent(db, {
    kind: "session_revoked",
    clientId: principal.clientId,
    ip: meta.ip,
    userAgent: meta.userAgent,
    details: { revoked, reason: "signed_out_elsewhere" },
  });
  return { revoked };
}
