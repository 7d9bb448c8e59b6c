import { infiniteQueryOptions } from "@tanstack/react-query";
import {
  type PrivacyRequestStatus,
  staffPrivacyEnvelopeSchema,
  staffPrivacyListSchema,
} from "../../../common/privacy/privacy.schema.ts";
import { api } from "../../ui/api.ts";
import { queryString } from "../../ui/api-query.ts";
import { staffQuery } from "../staff-query.ts";

export type PrivacyFilter = "open" | PrivacyRequestStatus | "all";
const PAGE = 50;
const base = "/api/staff/privacy-requests";

export const privacyRequestsKey = ["staff", "privacy-requests"] as const;

/** «Запросы по 152-ФЗ»: open ones by their deadline, 50 a page. */
export const privacyQueueQuery = (status: PrivacyFilter) =>
  infiniteQueryOptions({
    queryKey: [...privacyRequestsKey, "list", status],
    queryFn: ({ pageParam, signal }) =>
      api.get(`${base}${queryString({ status, limit: PAGE, offset: pageParam })}`, {
        schema: staffPrivacyListSchema,
        signal,
      }),
    initialPageParam: 0,
    getNextPageParam: (last, pages) => (last.hasMore ? pages.length * PAGE : undefined),
    retry: false,
  });

/** One request, while the dialog holds one (`id` is null while it is closed). */
export const privacyRequestQuery = (id: string | null) => ({
  ...staffQuery(
    [...privacyRequestsKey, "detail", id],
    `${base}/${encodeURIComponent(id ?? "")}`,
    staffPrivacyEnvelopeSchema,
  ),
  enabled: id !== null,
});

export async function takePrivacyRequest(id: string) {
  const answer = await api.post(`${base}/${encodeURIComponent(id)}/take`, undefined, {
    schema: staffPrivacyEnvelopeSchema,
  });
  return answer.request;
}

export async function closePrivacyRequest(id: string, text: string) {
  const answer = await api.post(
    `${base}/${encodeURIComponent(id)}/close`,
    { answer: text },
    { schema: staffPrivacyEnvelopeSchema },
  );
  return answer.request;
}
