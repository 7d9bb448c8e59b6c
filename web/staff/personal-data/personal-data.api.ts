import { infiniteQueryOptions } from "@tanstack/react-query";
import {
  type PersonalDataRequestStatus,
  staffPersonalDataEnvelopeSchema,
  staffPersonalDataListSchema,
} from "../../../common/identity/personal-data.schema.ts";
import { api } from "../../ui/api.ts";
import { queryString } from "../../ui/api-query.ts";
import { staffQuery } from "../staff-query.ts";

export type PersonalDataFilter = PersonalDataRequestStatus | "all";
const PAGE = 50;
const base = "/api/staff/personal-data-requests";

export const personalDataKey = ["staff", "personal-data"] as const;

/** «Личные данные клиентов»: the queue, newest first, 50 a page. */
export const personalDataQueueQuery = (status: PersonalDataFilter) =>
  infiniteQueryOptions({
    queryKey: [...personalDataKey, "list", status],
    queryFn: ({ pageParam, signal }) =>
      api.get(`${base}${queryString({ status, limit: PAGE, offset: pageParam })}`, {
        schema: staffPersonalDataListSchema,
        signal,
      }),
    initialPageParam: 0,
    getNextPageParam: (last, pages) => (last.hasMore ? pages.length * PAGE : undefined),
    retry: false,
  });

/** One request, while the dialog holds one (`id` is null while it is closed). */
export const personalDataRequestQuery = (id: string | null) => ({
  ...staffQuery(
    [...personalDataKey, "detail", id],
    `${base}/${encodeURIComponent(id ?? "")}`,
    staffPersonalDataEnvelopeSchema,
  ),
  enabled: id !== null,
});

export async function decidePersonalDataRequest(
  id: string,
  action: "approve" | "reject",
  comment: string,
) {
  const answer = await api.post(
    `${base}/${encodeURIComponent(id)}/${action}`,
    { comment },
    { schema: staffPersonalDataEnvelopeSchema },
  );
  return answer.request;
}
