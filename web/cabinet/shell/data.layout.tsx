import { QueryClientProvider } from "@tanstack/react-query";
import { Outlet } from "react-router";
import { createQueryClient } from "../../ui/query-provider.tsx";
import { allowOfflineReads } from "../offline/offline-reads.ts";

// One client for the visit: going back to the landing and in again keeps what was fetched.
const queryClient = createQueryClient();
// The offline cabinet's reads go to its service worker even with no network (docs/decisions/0026).
allowOfflineReads(queryClient);

/** Every screen after the landing reads the server through this one query client. */
export function DataLayout() {
  return (
    <QueryClientProvider client={queryClient}>
      <Outlet />
    </QueryClientProvider>
  );
}
