import { queryOptions } from "@tanstack/react-query";
import type { z } from "zod";
import {
  currentStaffSessionSchema,
  type staffChallengePasswordSchema,
  type staffSessionSchema,
  type staffSignInRequestSchema,
  staffSignInStepSchema,
  type staffTotpRequestSchema,
  totpEnrolmentSchema,
} from "../../../common/staff/staff-auth.schema.ts";
import { ApiError, api } from "../../ui/api.ts";

export type StaffSession = z.infer<typeof staffSessionSchema>;

export const staffSessionQueryKey = ["staff", "auth", "session"] as const;

/** Who is signed in to the console in this browser: the session, or null when nobody is. */
export const staffSessionQuery = queryOptions({
  queryKey: staffSessionQueryKey,
  queryFn: async ({ signal }): Promise<StaffSession | null> => {
    const answer = await api.get("/api/staff/auth/session", {
      schema: currentStaffSessionSchema,
      signal,
    });
    return answer.session;
  },
  staleTime: 5 * 60_000,
  retry: (failureCount, error) => !(error instanceof ApiError) && failureCount < 2,
});

/** The first step: e-mail and password. */
export function signIn(body: z.output<typeof staffSignInRequestSchema>) {
  return api.post("/api/staff/auth/sign-in", body, { schema: staffSignInStepSchema });
}

/** The second factor's code. */
export function verifyTotpCode(body: z.output<typeof staffTotpRequestSchema>) {
  return api.post("/api/staff/auth/totp", body, { schema: staffSignInStepSchema });
}

/** «Смена пароля» of a temporary password, before anything else. */
export function replaceTemporaryPassword(body: z.output<typeof staffChallengePasswordSchema>) {
  return api.post("/api/staff/auth/password", body, { schema: staffSignInStepSchema });
}

/** The second factor's secret for a sign-in that must enrol one first. */
export function startSignInTotpEnrolment(challenge: string, signal: AbortSignal) {
  return api.post(
    "/api/staff/auth/totp/enrolment",
    { challenge },
    { schema: totpEnrolmentSchema, signal },
  );
}

export function confirmSignInTotpEnrolment(challenge: string, code: string) {
  return api.post(
    "/api/staff/auth/totp/enrolment/confirm",
    { challenge, code },
    { schema: staffSignInStepSchema },
  );
}

/** «Выйти»: ends the session on the server. */
export function signOut() {
  return api.post("/api/staff/auth/sign-out");
}
