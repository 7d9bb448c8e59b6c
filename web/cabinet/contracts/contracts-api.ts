import { useQuery } from "@tanstack/react-query";
import {
  type AddContractRequest,
  addContractResultSchema,
  contractDetailSchema,
  contractListSchema,
  contractPrintSchema,
  programProcedureSchema,
} from "../../../common/contracts/contracts.schema.ts";
import { ApiError, api } from "../../ui/api.ts";

/** 4xx answers (not found, signed out) are final: only network and server errors are retried. */
function retryTransient(failures: number, error: Error): boolean {
  return failures < 1 && !(error instanceof ApiError && error.status < 500);
}

export const contractsQueryKey = ["contracts"] as const;
export const contractQueryKey = (id: string) => ["contracts", id] as const;

export function useContracts() {
  return useQuery({
    queryKey: contractsQueryKey,
    queryFn: ({ signal }) => api.get("/api/contracts", { schema: contractListSchema, signal }),
  });
}

export function useContract(id: string) {
  return useQuery({
    queryKey: contractQueryKey(id),
    queryFn: ({ signal }) =>
      api.get(`/api/contracts/${encodeURIComponent(id)}`, { schema: contractDetailSchema, signal }),
    retry: retryTransient,
  });
}

export function useContractPrint(id: string) {
  return useQuery({
    queryKey: ["contracts", id, "print"],
    queryFn: ({ signal }) =>
      api.get(`/api/contracts/${encodeURIComponent(id)}/print`, {
        schema: contractPrintSchema,
        signal,
      }),
    retry: retryTransient,
  });
}

export function useProgramProcedure(id: string) {
  return useQuery({
    queryKey: ["programs", id, "procedure"],
    queryFn: ({ signal }) =>
      api.get(`/api/programs/${encodeURIComponent(id)}/procedure`, {
        schema: programProcedureSchema,
        signal,
      }),
    staleTime: 10 * 60_000,
    retry: retryTransient,
  });
}

/** «Добавить договор»: the contracts now linked to the account by this number and birth date. */
export function addContract(body: AddContractRequest) {
  return api.post("/api/contracts/links", body, { schema: addContractResultSchema });
}

export function certificatePdfHref(id: string): string {
  return `/api/contracts/${encodeURIComponent(id)}/certificate.pdf`;
}

export { fullName, givenNames } from "../../../common/format/person-name.ts";
