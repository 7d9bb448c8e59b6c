import type { ReactNode } from "react";
import { QueryProvider, type RequestErrorHandler } from "./query-provider.tsx";
import { ThemeProvider } from "./theme-provider.tsx";

export type { RequestErrorHandler } from "./query-provider.tsx";

/**
 * Theme and data-fetching context in one, for the staff console and component tests. The cabinet
 * uses the two halves apart, so that its landing carries no query client.
 */
export function UiProvider({
  children,
  onRequestError,
}: {
  children: ReactNode;
  onRequestError?: RequestErrorHandler;
}) {
  return (
    <ThemeProvider>
      <QueryProvider onRequestError={onRequestError}>{children}</QueryProvider>
    </ThemeProvider>
  );
}
