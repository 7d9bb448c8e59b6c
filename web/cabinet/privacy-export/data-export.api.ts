import { queryOptions } from "@tanstack/react-query";
import { z } from "zod";
import {
  type DataExport,
  dataExportListSchema,
  dataExportSchema,
} from "../../../common/data-export/data-export.schema.ts";
import { api } from "../../ui/api.ts";

const base = "/api/profile/data-exports";
export const dataExportsQueryKey = ["profile", "data-exports"] as const;

/** An export the job has not finished: the page asks again until it has. */
export function isRunning(item: DataExport | undefined): boolean {
  return item?.status === "queued" || item?.status === "preparing";
}

/** How often the page asks while the export is being prepared. */
export const POLL_MS = 2_000;

/** «Выгрузить мои данные»: the account's exports, newest first, polled while one is running. */
export function dataExportsQuery() {
  return queryOptions({
    queryKey: dataExportsQueryKey,
    queryFn: ({ signal }) => api.get(base, { schema: dataExportListSchema, signal }),
    refetchInterval: (query) => (isRunning(query.state.data?.exports[0]) ? POLL_MS : false),
  });
}

/** «Подготовить выгрузку»: the new export, or the one already being prepared. */
export function requestDataExport() {
  return api.post(base, undefined, { schema: z.object({ export: dataExportSchema }) });
}
