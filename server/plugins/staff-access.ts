import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from "fastify";
import fp from "fastify-plugin";
import type { StaffRole } from "../../common/staff/staff-auth.schema.ts";
import type { Db } from "../db/client.ts";
import { ForbiddenError, UnauthorizedError } from "../errors.ts";

/** The staff member a request acts for, with their role as stored now. */
export interface StaffActor {
  staffId: string;
  role: StaffRole;
  fullName: string;
  /** Where the request came from, for the audit log. */
  ip: string;
}

export const ADMIN_ONLY = ["admin"] as const;
export const DECIDERS = ["operator", "admin"] as const;

export interface StaffAccessOptions {
  /** The signed-in staff member's id, or a 401 (a client's session does not count). */
  signedInStaffId: (request: FastifyRequest) => string;
  /** The staff member as stored now, or null. */
  findStaff: (
    db: Db,
    staffId: string,
  ) => Promise<{ role: StaffRole; fullName: string; disabledAt: Date | null } | null>;
}

declare module "fastify" {
  interface FastifyInstance {
    /**
     * A preHandler that lets only a signed-in, enabled staff member through (401 otherwise) and,
     * with `roles`, only those roles (403 saying `refusal`); it puts them on `request.staff`.
     */
    requireStaff(roles?: readonly StaffRole[], refusal?: string): preHandlerAsyncHookHandler;
  }
  interface FastifyRequest {
    /** The staff member that `app.requireStaff(...)` let through; reading it elsewhere throws. */
    readonly staff: StaffActor;
  }
}

const actors = new WeakMap<FastifyRequest, StaffActor>();

/**
 * Staff access for the console's routes: `{ preHandler: app.requireStaff(DECIDERS, refusal) }`.
 * The staff member is read afresh on every request, since an admin may have changed their role or
 * disabled them since they signed in.
 */
export const staffAccessPlugin = fp(async (app: FastifyInstance, options: StaffAccessOptions) => {
  app.decorateRequest("staff", {
    getter(this: FastifyRequest) {
      const actor = actors.get(this);
      if (!actor) throw new Error("request.staff read on a route without app.requireStaff()");
      return actor;
    },
  });
  app.decorate("requireStaff", (roles?: readonly StaffRole[], refusal?: string) => {
    const check: preHandlerAsyncHookHandler = async (request) => {
      const staffId = options.signedInStaffId(request);
      const staff = await options.findStaff(app.database.db, staffId);
      if (!staff || staff.disabledAt) throw new UnauthorizedError();
      if (roles && !roles.includes(staff.role)) throw new ForbiddenError(refusal);
      actors.set(request, { staffId, role: staff.role, fullName: staff.fullName, ip: request.ip });
    };
    return check;
  });
});
