import { type QueryKey, queryOptions } from "@tanstack/react-query";
import type { z } from "zod";
import { getJson } from "../ui/api-query.ts";

/**
 * A console GET's query options, validated by its schema. Errors are not retried: each is a clear
 * answer from the server; a 401 (the session ended) is handled for every query at once (app.tsx).
 */
export function staffQuery<K extends QueryKey, T>(queryKey: K, path: string, schema: z.ZodType<T>) {
  return queryOptions({ queryKey, queryFn: getJson(path, schema), retry: false });
}
