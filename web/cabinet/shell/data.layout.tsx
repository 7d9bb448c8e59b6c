import { QueryClientProvider } from "@tanstack/react-query";
import { Outlet } from "react-router";
import { createQueryClient } from "../../ui/query-provider.tsx";

// One client for the visit: going back to the landing and in again keeps what was fetched.
const queryClient = createQueryClient();

/** Every screen after the landing reads the server through this one query client. */
export function DataLayout() {
  return (
    <QueryClientProvider client={queryClient}>
      <Outlet />
    </QueryClientProvider>
  );
}
