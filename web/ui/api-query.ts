import type { z } from "zod";
import { api } from "./api.ts";

/**
 * A TanStack `queryFn` that GETs `path` and validates the answer by its schema; the query's
 * signal cancels the request when the query is cancelled.
 */
export function getJson<T>(path: string, schema: z.ZodType<T>) {
  return ({ signal }: { signal: AbortSignal }): Promise<T> => api.get(path, { schema, signal });
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
