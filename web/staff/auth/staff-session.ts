import { type QueryClient, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, use } from "react";
import { useNavigate } from "react-router";
import type { StaffProfile } from "../../../common/staff/staff-auth.schema.ts";
import { ApiError } from "../../ui/api.ts";
import { type StaffSession, signOut, staffSessionQuery, staffSessionQueryKey } from "./auth.api.ts";

export const SIGN_IN_PATH = "/staff/sign-in";

/** Who is signed in to the console in this browser: `data` is the session, or null. */
export function useStaffSession() {
  return useQuery(staffSessionQuery);
}

/** Stores the session the server answered with (sign-in done, TOTP enrolled). */
export function setStaffSession(queryClient: QueryClient, session: StaffSession | null): void {
  queryClient.setQueryData(staffSessionQueryKey, session);
}

/**
 * A console request answered 401: the session ended (expired, revoked, account disabled).
 * Forgetting it sends the guard to the sign-in page. The console's query client calls it for
 * every failed query and mutation (app.tsx); requests made outside one call it themselves.
 */
export function forgetStaffSessionOn401(queryClient: QueryClient, error: unknown): void {
  if (error instanceof ApiError && error.status === 401) setStaffSession(queryClient, null);
}

/** «Выйти»: ends the session on the server, forgets everything cached, opens the sign-in page. */
export function useStaffSignOut() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    // A poll still in flight when the session ends would come back 401: stop them first.
    onMutate: () => queryClient.cancelQueries(),
    mutationFn: signOut,
    onSuccess: () => {
      navigate(SIGN_IN_PATH, { replace: true });
      queryClient.clear();
      setStaffSession(queryClient, null);
    },
  });
}

/** Where the sign-in page was sent from by the guard, if it was. */
export interface ReturnState {
  from?: string;
}

/** The console path to open after signing in: the one the guard came from, or the overview. */
export function returnPath(state: unknown): string {
  const from = (state as ReturnState | null)?.from;
  return typeof from === "string" && /^\/staff(\/|\?|#|$)/.test(from) && !isSignInPath(from)
    ? from
    : "/staff";
}

function isSignInPath(path: string): boolean {
  return /^\/staff\/sign-in(\/|\?|#|$)/.test(path);
}

/**
 * The staff member the guard let in. The guard hands it down rather than each screen reading the
 * session query: while «Выйти» clears the cache, a screen on its way out must still render.
 */
export const SignedInStaffContext = createContext<StaffProfile | null>(null);

/** The signed-in staff member; only inside the console's guard, which renders nothing without one. */
export function useSignedInStaff(): StaffProfile {
  const staff = use(SignedInStaffContext);
  if (!staff) throw new Error("useSignedInStaff() is used outside the signed-in console");
  return staff;
}
