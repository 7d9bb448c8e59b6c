import { asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { clients, personalDataRequests, securityEvents, sessions } from "../../db/schema/index.ts";

// What identity holds about an account, for «Выгрузить мои данные» (decision 0030): the account
// without its password hash, its sessions without their token hashes, its security log without
// the details some events carry for the limits, and its «Личные данные» requests.

/** The account as the export shows it; null when there is none. */
export async function accountProfile(db: Db, clientId: string) {
  const [row] = await db
    .select({
      id: clients.id,
      phone: clients.phone,
      lastName: clients.lastName,
      firstName: clients.firstName,
      patronymic: clients.patronymic,
      birthDate: clients.birthDate,
      email: clients.email,
      createdAt: clients.createdAt,
      updatedAt: clients.updatedAt,
    })
    .from(clients)
    .where(eq(clients.id, clientId));
  return row ?? null;
}

/** Every session the account opened, oldest first. */
export function accountSessions(db: Db, clientId: string) {
  return db
    .select({
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      revokedAt: sessions.revokedAt,
      revokedReason: sessions.revokedReason,
      remember: sessions.remember,
      ip: sessions.ip,
      userAgent: sessions.userAgent,
    })
    .from(sessions)
    .where(eq(sessions.clientId, clientId))
    .orderBy(asc(sessions.createdAt));
}

/** The account's rows of the security log, oldest first. */
export function accountSecurityEvents(db: Db, clientId: string) {
  return db
    .select({
      kind: securityEvents.kind,
      at: securityEvents.createdAt,
      ip: securityEvents.ip,
      userAgent: securityEvents.userAgent,
    })
    .from(securityEvents)
    .where(eq(securityEvents.clientId, clientId))
    .orderBy(asc(securityEvents.createdAt), asc(securityEvents.id));
}

/** The account's requests to change its name or phone, oldest first. */
export function accountPersonalDataRequests(db: Db, clientId: string) {
  return db
    .select({
      id: personalDataRequests.id,
      kind: personalDataRequests.kind,
      status: personalDataRequests.status,
      lastName: personalDataRequests.lastName,
      firstName: personalDataRequests.firstName,
      patronymic: personalDataRequests.patronymic,
      birthDate: personalDataRequests.birthDate,
      phone: personalDataRequests.phone,
      reason: personalDataRequests.reason,
      comment: personalDataRequests.comment,
      createdAt: personalDataRequests.createdAt,
      decidedAt: personalDataRequests.decidedAt,
    })
    .from(personalDataRequests)
    .where(eq(personalDataRequests.clientId, clientId))
    .orderBy(asc(personalDataRequests.createdAt));
}
