import { type QueryClient, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, use } from "react";
import { useNavigate } from "react-router";
import type { ClientProfile, ClientSession } from "../../../common/identity/session.schema.ts";
import { ApiError } from "../../ui/api.ts";
import { sessionQuery, sessionQueryKey, signOut } from "./identity.api.ts";

/** Who is signed in in this browser: `data` is the session, or null for nobody. */
export function useClientSession() {
  return useQuery(sessionQuery());
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

const signOutListeners = new Set<() => void>();

/**
 * What a feature keeps of the client outside the query cache (the chat's unsent messages in
 * localStorage) is to be forgotten on «Выйти», so the next person at this device does not see it.
 */
export function onSignOut(forget: () => void): void {
  signOutListeners.add(forget);
}

/** «Выйти»: ends the session on the server, forgets everything cached, opens the sign-in page. */
export function useSignOut() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: signOut,
    // Offline the sign-out fails at once with «Не удалось связаться с сервером…» rather than
    // waiting, paused, for a network the client may not get back soon.
    networkMode: "always",
    onSuccess: () => {
      navigate("/cabinet/sign-in", { replace: true });
      queryClient.clear();
      for (const forget of signOutListeners) forget();
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
