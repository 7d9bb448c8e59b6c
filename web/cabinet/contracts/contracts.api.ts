import { queryOptions, useQuery } from "@tanstack/react-query";
import {
  type AddContractRequest,
  type AddPersonRequest,
  addContractResultSchema,
  contractDetailSchema,
  contractListSchema,
  contractPrintSchema,
  programProcedureSchema,
  type ReplacementRequestInput,
} from "../../../common/contracts/contracts.schema.ts";
import { ApiError, api } from "../../ui/api.ts";

/** 4xx answers (not found, signed out) are final: only network and server errors are retried. */
function retryTransient(failures: number, error: Error): boolean {
  return failures < 1 && !(error instanceof ApiError && error.status < 500);
}

export const contractsQueryKey = ["contracts"] as const;
export const contractQueryKey = (id: string) => ["contracts", id] as const;

/** «Мои договоры»: every contract linked to the account. */
export function contractsQuery() {
  return queryOptions({
    queryKey: contractsQueryKey,
    queryFn: ({ signal }) => api.get("/api/contracts", { schema: contractListSchema, signal }),
  });
}

export function contractQuery(id: string) {
  return queryOptions({
    queryKey: contractQueryKey(id),
    queryFn: ({ signal }) =>
      api.get(`/api/contracts/${encodeURIComponent(id)}`, { schema: contractDetailSchema, signal }),
    retry: retryTransient,
  });
}

export function contractPrintQuery(id: string) {
  return queryOptions({
    queryKey: ["contracts", id, "print"],
    queryFn: ({ signal }) =>
      api.get(`/api/contracts/${encodeURIComponent(id)}/print`, {
        schema: contractPrintSchema,
        signal,
      }),
    retry: retryTransient,
  });
}

export function programProcedureQuery(id: string) {
  return queryOptions({
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

export function useContracts() {
  return useQuery(contractsQuery());
}

export function useContract(id: string) {
  return useQuery(contractQuery(id));
}

export function useContractPrint(id: string) {
  return useQuery(contractPrintQuery(id));
}

export function useProgramProcedure(id: string) {
  return useQuery(programProcedureQuery(id));
}

/** «Добавить договор»: the contracts now linked to the account by this number and birth date. */
export function addContract(body: AddContractRequest) {
  return api.post("/api/contracts/links", body, { schema: addContractResultSchema });
}

/** «Пациент 2» — «Добавить»: the contract as it is with the new person. */
export function addPerson(contractId: string, person: AddPersonRequest) {
  return api.post(`/api/contracts/${encodeURIComponent(contractId)}/persons`, person, {
    schema: contractDetailSchema,
  });
}

/** «Пациент 1» — «Изменить»: a replacement request, the contract as it is with it pending. */
export function requestReplacement(contractId: string, body: ReplacementRequestInput) {
  return api.post(`/api/contracts/${encodeURIComponent(contractId)}/replacement-requests`, body, {
    schema: contractDetailSchema,
  });
}

export function certificatePdfHref(id: string): string {
  return `/api/contracts/${encodeURIComponent(id)}/certificate.pdf`;
}

export { fullName, givenNames } from "../../../common/format/person-name.ts";
