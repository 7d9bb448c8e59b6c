import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import {
  type ApproveReplacement,
  type RejectReplacement,
  type ReplacementStatus,
  replacementEnvelopeSchema,
  replacementListSchema,
} from "../../../common/staff/contracts.schema.ts";
import { api } from "../../ui/api.ts";
import { forgetStaffSessionOn401 } from "../auth/staff-session.ts";
import { queryString, useStaffQuery } from "../contracts/staff-query.ts";

export type ReplacementFilter = ReplacementStatus | "all";
const PAGE = 50;

export const replacementsKey = ["staff", "replacements"] as const;

export function useReplacementQueue(status: ReplacementFilter) {
  const queryClient = useQueryClient();
  return useInfiniteQuery({
    queryKey: [...replacementsKey, "list", status],
    queryFn: async ({ pageParam, signal }) => {
      try {
        const path = `/api/staff/replacement-requests${queryString({ status, limit: PAGE, offset: pageParam })}`;
        return await api.get(path, { schema: replacementListSchema, signal });
      } catch (error) {
        forgetStaffSessionOn401(queryClient, error);
        throw error;
      }
    },
    initialPageParam: 0,
    getNextPageParam: (last, pages) => (last.hasMore ? pages.length * PAGE : undefined),
    retry: false,
  });
}

export function useReplacementRequest(id: string | null) {
  return useStaffQuery(
    [...replacementsKey, "detail", id],
    `/api/staff/replacement-requests/${encodeURIComponent(id ?? "")}`,
    replacementEnvelopeSchema,
    { enabled: id !== null },
  );
}

export async function decideReplacement(
  id: string,
  decision:
    | { action: "approve"; body: ApproveReplacement }
    | { action: "reject"; body: RejectReplacement },
) {
  const answer = await api.post(
    `/api/staff/replacement-requests/${encodeURIComponent(id)}/${decision.action}`,
    decision.body,
    { schema: replacementEnvelopeSchema },
  );
  return answer.request;
}
