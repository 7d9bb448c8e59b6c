import type { FastifyPluginAsync } from "fastify";
import { authRoutes } from "./auth.routes.ts";
import { setPasswordHashingLimits } from "./password.ts";
import { personalDataRoutes } from "./personal-data.routes.ts";
import { staffPersonalDataRoutes } from "./staff-personal-data.routes.ts";

// «Выгрузить мои данные» (data-export, decision 0030) reads the account's rows through these.
export {
  accountPersonalDataRequests,
  accountProfile,
  accountSecurityEvents,
  accountSessions,
} from "./account-export.repository.ts";

export { hashPassword } from "./password.ts";
export { checkNewPassword } from "./password-policy.ts";
export { hashToken } from "./session-token.ts";
export {
  closeSession,
  closeStaffSessions,
  openSession,
  type RequestMeta,
  resolveSession,
} from "./sessions.service.ts";
export {
  acceptSignInAttempt,
  checkClaimedPassword,
  claimSignInAttempt,
  passwordMatches,
  registerSignInFailure,
  STAFF_LOCK_HINT,
} from "./sign-in.service.ts";
export {
  phoneOfTicket,
  redeemTicket,
  type SmsQueue,
  sendCode,
  verifyCode,
} from "./sms-codes.service.ts";

/** Client accounts: registration, sign-in, SMS codes, sessions and consents. */
export const identityModule: FastifyPluginAsync = async (app) => {
  setPasswordHashingLimits(app.config.passwordHashing);
  await app.register(authRoutes, { prefix: "/api" });
  await app.register(personalDataRoutes, { prefix: "/api" });
  await app.register(staffPersonalDataRoutes, { prefix: "/api" });
};
