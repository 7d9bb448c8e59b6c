import { infiniteQueryOptions } from "@tanstack/react-query";
import { z } from "zod";
import {
  type CreateAppeal,
  serviceTypeListSchema,
  staffAppealSchema,
} from "../../../common/appeals/appeals.schema.ts";
import {
  contractSearchResultSchema,
  doctorListSchema,
  staffContractCardSchema,
} from "../../../common/contracts/staff-contracts.schema.ts";
import { api } from "../../ui/api.ts";
import { queryString } from "../../ui/api-query.ts";
import { staffQuery } from "../staff-query.ts";

export const SEARCH_PAGE = 25;

export const contractCardKey = (id: string) => ["staff", "contracts", "card", id] as const;

/** «Найти»: pages of results, the next one fetched by «Показать ещё». */
export const contractSearchQuery = (q: string) =>
  infiniteQueryOptions({
    queryKey: ["staff", "contracts", "search", q],
    queryFn: ({ pageParam, signal }) => {
      const path = `/api/staff/contracts${queryString({ q, limit: SEARCH_PAGE, offset: pageParam })}`;
      return api.get(path, { schema: contractSearchResultSchema, signal });
    },
    initialPageParam: 0,
    getNextPageParam: (last, pages) => (last.hasMore ? pages.length * SEARCH_PAGE : undefined),
    enabled: q.length > 0,
    retry: false,
  });

export const contractCardQuery = (id: string) =>
  staffQuery(
    contractCardKey(id),
    `/api/staff/contracts/${encodeURIComponent(id)}`,
    staffContractCardSchema,
  );

export const doctorsQuery = () =>
  staffQuery(["staff", "doctors"], "/api/staff/doctors", doctorListSchema);

/** The types offered for a new appeal (archived ones left out). */
export const offeredServiceTypesQuery = () =>
  staffQuery(
    ["staff", "service-types", "offered"],
    "/api/staff/service-types",
    serviceTypeListSchema,
  );

const appealEnvelope = z.object({ appeal: staffAppealSchema });

/** «Отвязать»: the card as it is after the link is gone. */
export function unlinkHolder(contractId: string, clientId: string) {
  return api.delete(
    `/api/staff/contracts/${encodeURIComponent(contractId)}/holders/${encodeURIComponent(clientId)}`,
    { schema: staffContractCardSchema },
  );
}

export async function addAppeal(contractId: string, body: CreateAppeal) {
  const answer = await api.post(
    `/api/staff/contracts/${encodeURIComponent(contractId)}/appeals`,
    body,
    { schema: appealEnvelope },
  );
  return answer.appeal;
}
