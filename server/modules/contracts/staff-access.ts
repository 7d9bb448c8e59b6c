import type { FastifyRequest } from "fastify";
import type { StaffRole } from "../../../common/staff/staff-auth.schema.ts";
import type { Db } from "../../db/client.ts";
import { ForbiddenError, UnauthorizedError } from "../../errors.ts";
import { requireStaff } from "../identity/session.plugin.ts";
import { findStaffById } from "../staff/staff.repository.ts";

export interface StaffActor {
  staffId: string;
  role: StaffRole;
  fullName: string;
  /** Where the request came from, for the audit log. */
  ip: string;
}

/**
 * The signed-in staff member with their current role (read afresh: an admin may have changed it),
 * or 401; with `roles`, a 403 for anyone else, saying `refusal`.
 */
export async function requireStaffActor(
  db: Db,
  request: FastifyRequest,
  roles?: readonly StaffRole[],
  refusal?: string,
): Promise<StaffActor> {
  const { staffId } = requireStaff(request);
  const staff = await findStaffById(db, staffId);
  if (!staff || staff.disabledAt) throw new UnauthorizedError();
  if (roles && !roles.includes(staff.role)) throw new ForbiddenError(refusal);
  return { staffId, role: staff.role, fullName: staff.fullName, ip: request.ip };
}

export const ADMIN_ONLY = ["admin"] as const;
export const DECIDERS = ["operator", "admin"] as const;
