import { useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import {
  type IntegrationToken,
  type IssuedIntegrationToken,
  type IssueIntegrationToken,
  integrationTokenListSchema,
  integrationTokenSchema,
  issuedIntegrationTokenSchema,
} from "../../../common/integration/integration.schema.ts";
import { api } from "../../ui/api.ts";
import { staffQuery } from "../staff-query.ts";

const tokensKey = ["staff", "integration-tokens"] as const;

export const integrationTokensQuery = () =>
  staffQuery(tokensKey, "/api/staff/integration-tokens", integrationTokenListSchema);

export function issueToken(body: IssueIntegrationToken): Promise<IssuedIntegrationToken> {
  return api.post("/api/staff/integration-tokens", body, { schema: issuedIntegrationTokenSchema });
}

export async function revokeToken(id: string): Promise<IntegrationToken> {
  const answer = await api.post(
    `/api/staff/integration-tokens/${encodeURIComponent(id)}/revoke`,
    undefined,
    { schema: z.object({ token: integrationTokenSchema }) },
  );
  return answer.token;
}

/** Puts the server's fresh copy of a token first in the cached list, or in its place. */
export function useStoreToken() {
  const queryClient = useQueryClient();
  return (token: IntegrationToken) =>
    queryClient.setQueryData(integrationTokensQuery().queryKey, (list) => {
      if (!list) return { tokens: [token] };
      return list.tokens.some((known) => known.id === token.id)
        ? { tokens: list.tokens.map((known) => (known.id === token.id ? token : known)) }
        : { tokens: [token, ...list.tokens] };
    });
}
