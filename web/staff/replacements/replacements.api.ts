import { infiniteQueryOptions } from "@tanstack/react-query";
import {
  type ApproveReplacement,
  type RejectReplacement,
  type ReplacementStatus,
  replacementEnvelopeSchema,
  replacementListSchema,
} from "../../../common/contracts/staff-contracts.schema.ts";
import { api } from "../../ui/api.ts";
import { queryString } from "../../ui/api-query.ts";
import { CONSOLE_QUEUE_FALLBACK_MS, liveFallbackInterval } from "../../ui/live-events.ts";
import { staffQuery } from "../staff-query.ts";

export type ReplacementFilter = ReplacementStatus | "all";
const PAGE = 50;

export const replacementsKey = ["staff", "replacements"] as const;

export const replacementQueueQuery = (status: ReplacementFilter) =>
  infiniteQueryOptions({
    queryKey: [...replacementsKey, "list", status],
    queryFn: ({ pageParam, signal }) => {
      const path = `/api/staff/replacement-requests${queryString({ status, limit: PAGE, offset: pageParam })}`;
      return api.get(path, { schema: replacementListSchema, signal });
    },
    initialPageParam: 0,
    getNextPageParam: (last, pages) => (last.hasMore ? pages.length * PAGE : undefined),
    // Refetched by the console's live stream; polled every 30 s only while it is down.
    refetchInterval: liveFallbackInterval(CONSOLE_QUEUE_FALLBACK_MS),
    retry: false,
  });

/** One request, while the dialog holds one (`id` is null while it is closed). */
export const replacementRequestQuery = (id: string | null) => ({
  ...staffQuery(
    [...replacementsKey, "detail", id],
    `/api/staff/replacement-requests/${encodeURIComponent(id ?? "")}`,
    replacementEnvelopeSchema,
  ),
  enabled: id !== null,
});

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
