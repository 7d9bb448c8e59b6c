import type { QueryClient } from "@tanstack/react-query";

/** The reads the offline cabinet shows: the session, «Мои договоры» and the contract pages. */
export const offlineReadKeys = [["auth", "session"], ["contracts"]] as const;

/**
 * Lets the offline view's reads go out with no network (the service worker answers them from its
 * copy); TanStack Query would otherwise hold them until the browser says it is online again.
 */
export function allowOfflineReads(queryClient: QueryClient): void {
  for (const queryKey of offlineReadKeys) {
    queryClient.setQueryDefaults(queryKey, { networkMode: "offlineFirst" });
  }
}
