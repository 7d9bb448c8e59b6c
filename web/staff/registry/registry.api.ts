import { useQueryClient } from "@tanstack/react-query";
import {
  type RegistryApplyMode,
  type RegistryImport,
  registryApplyResponseSchema,
  registryImportListSchema,
  registryImportSchema,
} from "../../../common/contracts/import.schema.ts";
import { problemSchema } from "../../../common/problem.schema.ts";
import { ApiError, api, NetworkError } from "../../ui/api.ts";
import { forgetStaffSessionOn401 } from "../auth/staff-session.ts";
import { staffQuery } from "../staff-query.ts";

export const REGISTRY_MAX_BYTES = 10 * 1024 * 1024;
export const TEMPLATE_URL = "/api/staff/registry-imports/template";

const recentKey = ["staff", "registry-imports"] as const;

export const recentImportsQuery = () =>
  staffQuery(recentKey, "/api/staff/registry-imports", registryImportListSchema);

export function fetchRegistryImport(id: string): Promise<RegistryImport> {
  return api.get(`/api/staff/registry-imports/${encodeURIComponent(id)}`, {
    schema: registryImportSchema,
  });
}

/** Sends the file as multipart/form-data (the JSON helper cannot); errors as ApiError. */
export async function uploadRegistry(file: File): Promise<RegistryImport> {
  const form = new FormData();
  form.append("file", file, file.name);
  let response: Response;
  try {
    response = await fetch("/api/staff/registry-imports", {
      method: "POST",
      body: form,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
  } catch (error) {
    throw new NetworkError({ cause: error });
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const problem = problemSchema.safeParse(body);
    throw new ApiError(response.status, problem.success ? problem.data : null);
  }
  return registryImportSchema.parse(body);
}

export async function applyRegistry(id: string, mode: RegistryApplyMode): Promise<RegistryImport> {
  const answer = await api.post(
    `/api/staff/registry-imports/${encodeURIComponent(id)}/apply`,
    { mode },
    { schema: registryApplyResponseSchema },
  );
  return answer.import;
}

export async function discardRegistry(id: string): Promise<RegistryImport> {
  const answer = await api.post(
    `/api/staff/registry-imports/${encodeURIComponent(id)}/discard`,
    undefined,
    { schema: registryApplyResponseSchema },
  );
  return answer.import;
}

/** After an upload, apply or discard: the list of recent imports is stale. */
export function useRegistryRefresh() {
  const queryClient = useQueryClient();
  return (error?: unknown) => {
    if (error) forgetStaffSessionOn401(queryClient, error);
    void queryClient.invalidateQueries({ queryKey: recentKey });
  };
}
