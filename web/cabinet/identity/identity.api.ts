import { queryOptions } from "@tanstack/react-query";
import type { z } from "zod";
import type { LegalDocumentSummary } from "../../../common/identity/legal.schema.ts";
import { legalDocumentListSchema } from "../../../common/identity/legal.schema.ts";
import type {
  RegistrationRequest,
  recoveryCompleteRequestSchema,
} from "../../../common/identity/registration.schema.ts";
import {
  type ClientSession,
  clientSessionSchema,
  currentClientSessionSchema,
} from "../../../common/identity/session.schema.ts";
import type { signInRequestSchema } from "../../../common/identity/sign-in.schema.ts";
import {
  type smsCodeRequestSchema,
  smsCodeSentSchema,
  verifiedPhoneSchema,
  type verifyCodeRequestSchema,
} from "../../../common/identity/sms-code.schema.ts";
import { ApiError, api } from "../../ui/api.ts";

/** Which flow an SMS code confirms; each has its own pair of endpoints. */
export type VerificationPurpose = "registration" | "recovery";

export const sessionQueryKey = ["auth", "session"] as const;

/** Who is signed in in this browser: the session, or null for nobody. */
export function sessionQuery() {
  return queryOptions({
    queryKey: sessionQueryKey,
    queryFn: async ({ signal }): Promise<ClientSession | null> => {
      const answer = await api.get("/api/auth/session", {
        schema: currentClientSessionSchema,
        signal,
      });
      return answer.session;
    },
    staleTime: 5 * 60_000,
    retry: (failureCount, error) => !(error instanceof ApiError) && failureCount < 2,
  });
}

/** The documents accepted by registering, in their current versions. */
export function legalDocumentsQuery() {
  return queryOptions({
    queryKey: ["legal", "documents"],
    queryFn: ({ signal }) =>
      api.get("/api/legal/documents", { schema: legalDocumentListSchema, signal }),
    staleTime: 10 * 60_000,
  });
}

export function signIn(body: z.output<typeof signInRequestSchema>) {
  return api.post("/api/auth/sign-in", body, { schema: clientSessionSchema });
}

export function signOut() {
  return api.post("/api/auth/sign-out");
}

/** «Выслать код» for registration or recovery. */
export function sendCode(
  purpose: VerificationPurpose,
  body: z.output<typeof smsCodeRequestSchema>,
) {
  return api.post(`/api/auth/${purpose}/code`, body, { schema: smsCodeSentSchema });
}

/** «Подтвердить»: the code from the SMS buys a ticket for the flow's last step. */
export function verifyCode(
  purpose: VerificationPurpose,
  body: z.output<typeof verifyCodeRequestSchema>,
) {
  return api.post(`/api/auth/${purpose}/verify`, body, { schema: verifiedPhoneSchema });
}

/** The body as typed (the date as «дд.мм.гггг»): the server parses it with the same schema. */
export function registerClient(body: RegistrationRequest) {
  return api.post("/api/auth/registration", body, { schema: clientSessionSchema });
}

export function recoverPassword(body: z.output<typeof recoveryCompleteRequestSchema>) {
  return api.post("/api/auth/recovery", body, { schema: clientSessionSchema });
}

/** Accepts exactly the versions the client was shown. */
export function acceptDocuments(documents: LegalDocumentSummary[]) {
  return api.post(
    "/api/auth/consents",
    { documents: documents.map(({ slug, version }) => ({ slug, version })) },
    { schema: clientSessionSchema },
  );
}
