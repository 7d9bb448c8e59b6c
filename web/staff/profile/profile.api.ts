import {
  staffSessionSchema,
  totpEnrolmentSchema,
} from "../../../common/staff/staff-auth.schema.ts";
import { api } from "../../ui/api.ts";

/** «Включить»: a new second-factor secret for the signed-in staff member. */
export function startTotpEnrolment(signal: AbortSignal) {
  return api.post("/api/staff/me/totp/enrolment", undefined, {
    schema: totpEnrolmentSchema,
    signal,
  });
}

/** The first code from the app turns the second factor on; the answer is the new session. */
export function confirmTotpEnrolment(code: string) {
  return api.post("/api/staff/me/totp/enrolment/confirm", { code }, { schema: staffSessionSchema });
}
