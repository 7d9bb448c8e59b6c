import { infiniteQueryOptions } from "@tanstack/react-query";
import { dataReadsPageSchema } from "../../../common/staff/data-reads.schema.ts";
import { api } from "../../ui/api.ts";

/** «Кто смотрел мои данные»: pages of 50, newest first; the next page starts after the cursor. */
export const dataReadsQuery = infiniteQueryOptions({
  queryKey: ["profile", "data-reads"],
  queryFn: ({ pageParam, signal }) =>
    api.get(
      `/api/profile/data-reads${pageParam ? `?cursor=${encodeURIComponent(pageParam)}` : ""}`,
      { schema: dataReadsPageSchema, signal },
    ),
  initialPageParam: null as string | null,
  getNextPageParam: (page) => page.nextCursor,
});
