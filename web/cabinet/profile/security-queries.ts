import { activeSessionListSchema } from "../../../common/identity/security.schema.ts";
import { api } from "../../ui/api.ts";

export const activeSessionsQueryKey = ["auth", "sessions"] as const;

export function fetchActiveSessions(signal: AbortSignal) {
  return api.get("/api/auth/sessions", { schema: activeSessionListSchema, signal });
}
