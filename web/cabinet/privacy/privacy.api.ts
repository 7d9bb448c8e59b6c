import { queryOptions } from "@tanstack/react-query";
import type { z } from "zod";
import {
  accountConsentListSchema,
  accountDeletedSchema,
  accountDeletionInfoSchema,
  type accountDeletionRequestSchema,
  deletionCodeSentSchema,
  type newPrivacyRequestSchema,
  privacyRequestEnvelopeSchema,
  privacyRequestListSchema,
} from "../../../common/privacy/privacy.schema.ts";
import { api } from "../../ui/api.ts";

export const consentsQueryKey = ["privacy", "consents"] as const;
export const privacyRequestsQueryKey = ["privacy", "requests"] as const;
export const deletionInfoQueryKey = ["privacy", "account-deletion"] as const;

/** The documents the account accepted, each with its newest acceptance. */
export function consentsQuery() {
  return queryOptions({
    queryKey: consentsQueryKey,
    queryFn: ({ signal }) =>
      api.get("/api/legal/consents", { schema: accountConsentListSchema, signal }),
  });
}

export function withdrawConsent(slug: string) {
  return api.post(`/api/legal/consents/${encodeURIComponent(slug)}/withdraw`, undefined, {
    schema: accountConsentListSchema,
  });
}

/** The account's own requests under 152-FZ. */
export function privacyRequestsQuery() {
  return queryOptions({
    queryKey: privacyRequestsQueryKey,
    queryFn: ({ signal }) =>
      api.get("/api/privacy/requests", { schema: privacyRequestListSchema, signal }),
  });
}

export function sendPrivacyRequest(body: z.output<typeof newPrivacyRequestSchema>) {
  return api.post("/api/privacy/requests", body, { schema: privacyRequestEnvelopeSchema });
}

/** Where the deletion code goes and what stands in the way (read when the client opens it). */
export function deletionInfoQuery() {
  return queryOptions({
    queryKey: deletionInfoQueryKey,
    queryFn: ({ signal }) =>
      api.get("/api/privacy/account-deletion", { schema: accountDeletionInfoSchema, signal }),
  });
}

export function sendDeletionCode() {
  return api.post("/api/privacy/account-deletion/code", undefined, {
    schema: deletionCodeSentSchema,
  });
}

export function deleteAccount(body: z.output<typeof accountDeletionRequestSchema>) {
  return api.post("/api/privacy/account-deletion", body, { schema: accountDeletedSchema });
}
