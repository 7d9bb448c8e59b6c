import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";

/** What an app does with every failed request first (the console forgets a session that answered 401). */
export type RequestErrorHandler = (queryClient: QueryClient, error: unknown) => void;

/** The query client both apps use: one retry for reads, none for changes, no refetch on focus. */
export function createQueryClient(onRequestError?: RequestErrorHandler): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: (error) => onRequestError?.(client, error) }),
    mutationCache: new MutationCache({ onError: (error) => onRequestError?.(client, error) }),
    defaultOptions: {
      queries: { retry: 1, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
  return client;
}

/** Data-fetching context with a client of its own, made once per mount. */
export function QueryProvider({
  children,
  onRequestError,
}: {
  children: ReactNode;
  onRequestError?: RequestErrorHandler;
}) {
  const [queryClient] = useState(() => createQueryClient(onRequestError));
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
