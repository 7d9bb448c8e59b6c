import { infiniteQueryOptions } from "@tanstack/react-query";
import { auditLogPageSchema } from "../../../common/staff/audit.schema.ts";
import { api } from "../../ui/api.ts";
import { queryString } from "../../ui/api-query.ts";

const PAGE = 50;

/** «Журнал доступа», newest first, filtered by who and by whose data; «Показать ещё» pages on. */
export const auditLogQuery = (staffId: string, subjectId: string) =>
  infiniteQueryOptions({
    queryKey: ["staff", "audit-log", staffId, subjectId],
    queryFn: ({ pageParam, signal }) => {
      const path = `/api/staff/audit-log${queryString({ staffId, subjectId, limit: PAGE, offset: pageParam })}`;
      return api.get(path, { schema: auditLogPageSchema, signal });
    },
    initialPageParam: 0,
    getNextPageParam: (last, pages) => (last.hasMore ? pages.length * PAGE : undefined),
    retry: false,
  });
