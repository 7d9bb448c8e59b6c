import { randomInt } from "node:crypto";
import type { CreateStaffMember, StaffMember } from "../../../common/staff/staff-auth.schema.ts";
import type { Db } from "../../db/client.ts";
import { AppError, ConflictError, ForbiddenError, NotFoundError } from "../../errors.ts";
import { recordSecurityEvent } from "../../plugins/security-log.ts";
import { closeStaffSessions, hashPassword, type RequestMeta } from "../identity/index.ts";
import {
  findStaffById,
  insertStaff,
  listStaff,
  type StaffRow,
  toStaffMember,
  toStaffProfile,
  updateStaff,
} from "./staff.repository.ts";

// Letters and digits that cannot be mistaken for one another when read out or copied by hand.
const ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** A temporary password: 14 characters from an unambiguous alphabet, about 80 bits. */
export function temporaryPassword(): string {
  const chars = Array.from({ length: 14 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return `${chars.slice(0, 7).join("")}-${chars.slice(7).join("")}`;
}

/** What the console shows of the signed-in staff member. */
export { toStaffProfile };

/** A staff member as stored now, or null (staff access reads the role afresh on each request). */
export async function findStaffMember(db: Db, staffId: string): Promise<StaffRow | null> {
  return findStaffById(db, staffId);
}

export async function assertAdmin(db: Db, staffId: string): Promise<StaffRow> {
  const admin = await findStaffById(db, staffId);
  if (admin?.role !== "admin" || admin.disabledAt) {
    throw new ForbiddenError("Управлять сотрудниками может только администратор.");
  }
  return admin;
}

export async function listStaffMembers(db: Db): Promise<StaffMember[]> {
  return (await listStaff(db)).map(toStaffMember);
}

export async function createStaffMember(
  db: Db,
  input: {
    email: string;
    fullName: string;
    role: CreateStaffMember["role"];
    specialty?: string | undefined;
  },
): Promise<{ member: StaffMember; temporaryPassword: string }> {
  const password = temporaryPassword();
  const row = await insertStaff(db, {
    email: input.email,
    fullName: input.fullName,
    role: input.role,
    specialty: input.specialty || null,
    passwordHash: await hashPassword(password),
    mustChangePassword: true,
  });
  if (!row) {
    const message = "Сотрудник с таким e-mail уже есть.";
    throw new AppError(409, "conflict", "Действие невозможно", message, [
      { field: "email", message },
    ]);
  }
  return { member: toStaffMember(row), temporaryPassword: password };
}

/** Disables an account and ends its sessions, or enables it again. */
export async function setStaffDisabled(
  db: Db,
  adminId: string,
  staffId: string,
  disabled: boolean,
  meta: RequestMeta,
): Promise<StaffMember> {
  if (staffId === adminId && disabled) {
    throw new ConflictError("Нельзя отключить собственную учётную запись.");
  }
  const row = await updateStaff(db, staffId, { disabledAt: disabled ? new Date() : null });
  if (!row) throw new NotFoundError("Такого сотрудника нет.");
  if (disabled) {
    const revoked = await closeStaffSessions(db, staffId, "account_disabled");
    await recordSecurityEvent(db, {
      kind: "session_revoked",
      staffId,
      ip: meta.ip,
      userAgent: meta.userAgent,
      details: { revoked, reason: "account_disabled", by: adminId },
    });
  }
  return toStaffMember(row);
}

/** «Специальность»: shown beside a doctor's name in «Чат с врачом»; empty clears it. */
export async function setStaffSpecialty(
  db: Db,
  staffId: string,
  specialty: string,
): Promise<StaffMember> {
  const row = await updateStaff(db, staffId, { specialty: specialty || null });
  if (!row) throw new NotFoundError("Такого сотрудника нет.");
  return toStaffMember(row);
}

/** A new temporary password that must be changed at the next sign-in; sessions end. */
export async function resetStaffPassword(
  db: Db,
  staffId: string,
): Promise<{ member: StaffMember; temporaryPassword: string }> {
  const password = temporaryPassword();
  const row = await updateStaff(db, staffId, {
    passwordHash: await hashPassword(password),
    mustChangePassword: true,
  });
  if (!row) throw new NotFoundError("Такого сотрудника нет.");
  await closeStaffSessions(db, staffId, "password_reset");
  return { member: toStaffMember(row), temporaryPassword: password };
}
