import { type QueryClient, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, use } from "react";
import { useNavigate } from "react-router";
import {
  type ClientProfile,
  type ClientSession,
  currentClientSessionSchema,
} from "../../../common/identity/session.schema.ts";
import { ApiError, api } from "../../ui/api.ts";

export const sessionQueryKey = ["auth", "session"] as const;

/** The signed-in client, or null when nobody is signed in. */
async function fetchSession(signal: AbortSignal): Promise<ClientSession | null> {
  const answer = await api.get("/api/auth/session", { schema: currentClientSessionSchema, signal });
  return answer.session;
}

/** Who is signed in in this browser: `data` is the session, or null for nobody. */
export function useClientSession() {
  return useQuery({
    queryKey: sessionQueryKey,
    queryFn: ({ signal }) => fetchSession(signal),
    staleTime: 5 * 60_000,
    retry: (failureCount, error) => !(error instanceof ApiError) && failureCount < 2,
  });
}

/** Stores the session the server answered with (sign-in, registration, recovery, consents). */
export function setSession(queryClient: QueryClient, session: ClientSession | null): void {
  queryClient.setQueryData(sessionQueryKey, session);
}

/**
 * A request in the cabinet answered 401: the session ended (expired, or revoked on another
 * device). Forgetting it sends the guard to the sign-in page.
 */
export function forgetSessionOn401(queryClient: QueryClient, error: unknown): void {
  if (error instanceof ApiError && error.status === 401) setSession(queryClient, null);
}

/** «Выйти»: ends the session on the server, forgets everything cached, opens the sign-in page. */
export function useSignOut() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () => api.post("/api/auth/sign-out"),
    onSuccess: () => {
      navigate("/cabinet/sign-in", { replace: true });
      queryClient.clear();
      setSession(queryClient, null);
    },
  });
}

/** Where the sign-in page was sent from by the guard, if it was. */
export interface ReturnState {
  from?: string;
}

/** The cabinet path to go to after signing in: the one the guard came from, or the home. */
export function returnPath(state: unknown): string {
  const from = (state as ReturnState | null)?.from;
  return typeof from === "string" && from.startsWith("/cabinet") && !isAuthPath(from)
    ? from
    : "/cabinet";
}

function isAuthPath(path: string): boolean {
  return /^\/cabinet\/(sign-in|register|recovery)(\/|\?|$)/.test(path);
}

/**
 * The signed-in client, provided by the cabinet's guard. A context rather than the query: while
 * the client signs out, a screen may render once more before the guard takes it away.
 */
export const SignedInClientContext = createContext<ClientProfile | null>(null);

/** The signed-in client; only inside the cabinet's guard, which renders nothing without one. */
export function useSignedInClient(): ClientProfile {
  const client = use(SignedInClientContext);
  if (!client) throw new Error("useSignedInClient() is used outside the signed-in cabinet");
  return client;
}
