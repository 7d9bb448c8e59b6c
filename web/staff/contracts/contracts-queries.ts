import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import {
  type CreateAppeal,
  serviceTypeListSchema,
  staffAppealSchema,
} from "../../../common/staff/appeals.schema.ts";
import {
  contractSearchResultSchema,
  doctorListSchema,
  staffContractCardSchema,
} from "../../../common/staff/contracts.schema.ts";
import { api } from "../../ui/api.ts";
import { forgetStaffSessionOn401 } from "../auth/staff-session.ts";
import { queryString, useStaffQuery } from "./staff-query.ts";

export const SEARCH_PAGE = 25;

export const contractCardKey = (id: string) => ["staff", "contracts", "card", id] as const;

/** «Найти»: pages of results, the next one fetched by «Показать ещё». */
export function useContractSearch(q: string) {
  const queryClient = useQueryClient();
  return useInfiniteQuery({
    queryKey: ["staff", "contracts", "search", q],
    queryFn: async ({ pageParam, signal }) => {
      try {
        const path = `/api/staff/contracts${queryString({ q, limit: SEARCH_PAGE, offset: pageParam })}`;
        return await api.get(path, { schema: contractSearchResultSchema, signal });
      } catch (error) {
        forgetStaffSessionOn401(queryClient, error);
        throw error;
      }
    },
    initialPageParam: 0,
    getNextPageParam: (last, pages) => (last.hasMore ? pages.length * SEARCH_PAGE : undefined),
    enabled: q.length > 0,
    retry: false,
  });
}

export function useContractCard(id: string) {
  return useStaffQuery(
    contractCardKey(id),
    `/api/staff/contracts/${encodeURIComponent(id)}`,
    staffContractCardSchema,
  );
}

export function useDoctors() {
  return useStaffQuery(["staff", "doctors"], "/api/staff/doctors", doctorListSchema);
}

/** The types offered for a new appeal (archived ones left out). */
export function useOfferedServiceTypes() {
  return useStaffQuery(
    ["staff", "service-types", "offered"],
    "/api/staff/service-types",
    serviceTypeListSchema,
  );
}

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
