import { queryOptions } from "@tanstack/react-query";
import type { z } from "zod";
import {
  activeSessionListSchema,
  type changePasswordRequestSchema,
  revokedSessionsSchema,
} from "../../../common/identity/security.schema.ts";
import { api } from "../../ui/api.ts";

export const activeSessionsQueryKey = ["auth", "sessions"] as const;

/** «Активные сеансы»: where the client is signed in. */
export function activeSessionsQuery() {
  return queryOptions({
    queryKey: activeSessionsQueryKey,
    queryFn: ({ signal }) =>
      api.get("/api/auth/sessions", { schema: activeSessionListSchema, signal }),
  });
}

/** «Сменить пароль»: how many other devices were signed out. */
export async function changePassword(
  body: z.output<typeof changePasswordRequestSchema>,
): Promise<number> {
  const answer = await api.post("/api/auth/password", body);
  // Any 2xx is a success; the count of signed-out devices is a bonus when it is there.
  const parsed = revokedSessionsSchema.safeParse(answer);
  return parsed.success ? parsed.data.revoked : 0;
}

/** «Выйти на других устройствах». */
export function revokeOtherSessions() {
  return api.post("/api/auth/sessions/revoke-others", undefined, { schema: revokedSessionsSchema });
}
