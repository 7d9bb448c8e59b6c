import type { QueryClient } from "@tanstack/react-query";
import { useEffect, useSyncExternalStore } from "react";
import { onSignOut } from "../identity/session.ts";
import { offlineReadKeys } from "./offline-reads.ts";
import {
  CACHE_PREFIX,
  DATA_CACHE,
  type PageToWorker,
  SAVED_AT_HEADER,
  WORKER_SCOPE,
  type WorkerToPage,
} from "./offline-routes.ts";

/**
 * The page's side of the offline cabinet (docs/decisions/0026): registers the worker, says whose
 * session this is, forgets every copy at «Выйти», and tells the banner when what is shown came
 * from the copy. Without a worker (plain http on a LAN address, an old browser, the dev server)
 * the cabinet works as before and only the banner's «no network» part remains.
 */

/** The worker is there only where browsers allow it (HTTPS, localhost) and in a built app. */
function workers(): ServiceWorkerContainer | undefined {
  if (!import.meta.env.PROD || typeof navigator === "undefined") return undefined;
  return window.isSecureContext ? navigator.serviceWorker : undefined;
}

interface OfflineState {
  /** The browser says there is no network. */
  offline: boolean;
  /** The worker showed a kept answer because the network failed (possibly while "online"). */
  fromCopy: boolean;
}

let state: OfflineState = {
  offline: typeof navigator !== "undefined" && navigator.onLine === false,
  fromCopy: false,
};
const listeners = new Set<() => void>();
function update(next: Partial<OfflineState>) {
  state = { ...state, ...next };
  for (const listener of listeners) listener();
}

if (typeof window !== "undefined") {
  window.addEventListener("offline", () => update({ offline: true }));
  window.addEventListener("online", () => update({ offline: false }));
  // Listened to from the start: the worker's word about the first reads must not be missed.
  workers()?.addEventListener("message", (event: MessageEvent<WorkerToPage>) => {
    if (event.data?.type === "offline-copy") update({ fromCopy: true });
    else if (event.data?.type === "online") update({ fromCopy: false });
  });
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Whether the cabinet is without a network now, by the browser's word or the worker's. */
export function useIsOffline(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => state.offline || state.fromCopy,
    () => false,
  );
}

/** When the answer of `apiPath` kept for offline use was saved, if one is kept. */
export async function savedAt(apiPath: string): Promise<Date | null> {
  if (typeof caches === "undefined") return null;
  const copy = await caches.match(apiPath, { cacheName: DATA_CACHE });
  const saved = copy?.headers.get(SAVED_AT_HEADER);
  return saved ? new Date(saved) : null;
}

/** Deletes every cache of this origin the cabinet made: the shell and the account's data. */
export async function forgetOfflineCopies(): Promise<void> {
  const message: PageToWorker = { type: "signed-out" };
  workers()?.controller?.postMessage(message);
  if (typeof caches === "undefined") return;
  const names = await caches.keys();
  await Promise.all(
    names.filter((name) => name.startsWith(CACHE_PREFIX)).map((name) => caches.delete(name)),
  );
}

onSignOut(() => void forgetOfflineCopies());

/** Whether this page's own load went through a service worker (it was controlled from the start). */
function loadedThroughWorker(): boolean {
  const [load] = performance.getEntriesByType("navigation");
  return load instanceof PerformanceNavigationTiming && load.workerStart > 0;
}

/**
 * In the signed-in cabinet: the worker is registered, knows whose data it keeps, and once it
 * first takes control, the screen's reads go once more through it so that they are kept. A
 * session that is known to be gone (null) forgets the copies.
 */
export function useOfflineCopies(
  queryClient: QueryClient,
  clientId: string | null | undefined,
): void {
  useEffect(() => {
    if (clientId === null) void forgetOfflineCopies();
    const container = workers();
    if (!container || !clientId) return;
    const tell = () => {
      const message: PageToWorker = { type: "account", id: clientId };
      container.controller?.postMessage(message);
    };
    const takenOver = () => {
      tell();
      for (const queryKey of offlineReadKeys) void queryClient.refetchQueries({ queryKey });
    };
    tell();
    container.addEventListener("controllerchange", takenOver);
    // Taken over between this page's load and now: the change happened before anyone listened.
    if (container.controller && !loadedThroughWorker()) takenOver();
    container
      .register("/service-worker.js", { scope: WORKER_SCOPE, updateViaCache: "none" })
      .catch(() => {
        // No worker (storage off, a private window on an old Safari): the cabinet works online.
      });
    return () => container.removeEventListener("controllerchange", takenOver);
  }, [clientId, queryClient]);
}
