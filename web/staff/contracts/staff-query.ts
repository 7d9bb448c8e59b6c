import { type QueryKey, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { api } from "../../ui/api.ts";
import { forgetStaffSessionOn401 } from "../auth/staff-session.ts";

/**
 * A console GET validated by its schema; a 401 (the session ended) sends the console to its
 * sign-in page. Errors are not retried: each is a clear answer from the server.
 */
export function useStaffQuery<T>(
  queryKey: QueryKey,
  path: string,
  schema: z.ZodType<T>,
  options: { enabled?: boolean } = {},
) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey,
    queryFn: async ({ signal }) => {
      try {
        return await api.get(path, { schema, signal });
      } catch (error) {
        forgetStaffSessionOn401(queryClient, error);
        throw error;
      }
    },
    retry: false,
    enabled: options.enabled,
  });
}

/** Query parameters without the empty ones. */
export function queryString(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== "") search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}
