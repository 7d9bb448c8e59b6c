import { type QueryClient, type QueryKey, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { z } from "zod";

/** One event of a live stream: what changed, by type, and the ids of what changed. */
export interface LiveUpdate {
  id: string;
  type: string;
  payload: Record<string, string | number | null>;
}

/**
 * Something that wants every message of the stream as it comes: stored events and signals alike.
 * A signal (`chat.typing`) has no `id:` line and is never replayed; EventSource then still reports
 * the previous event's id, so a listener tells a signal by its type, not by its id.
 */
export type LiveListener = (update: LiveUpdate) => void;
const listeners = new Set<LiveListener>();

/**
 * Hears every message of the app's live stream (the one useLiveEvents keeps) while mounted, for
 * what invalidating a query cannot carry: «Врач печатает…», or answering an arrival with a receipt.
 */
export function useLiveListener(listener: LiveListener): void {
  const listenerRef = useRef(listener);
  listenerRef.current = listener;
  useEffect(() => {
    const forward: LiveListener = (update) => listenerRef.current(update);
    listeners.add(forward);
    return () => {
      listeners.delete(forward);
    };
  }, []);
}

/** Whether the app's live stream is up; a query that the stream keeps fresh polls only when not. */
type LiveStatus = "off" | "connecting" | "open";
let status: LiveStatus = "off";

/** The slow poll of a live query while its stream is down (the stream itself needs none). */
export const LIVE_FALLBACK_MS = 3 * 60_000;

/**
 * The console's queues while its stream is down: the 30 s poll they had before the stream, so an
 * operator whose connection drops the stream is never worse off than before it.
 */
export const CONSOLE_QUEUE_FALLBACK_MS = 30_000;

/**
 * A `refetchInterval` for a query that live events invalidate: no polling while the stream is
 * open, a slow poll otherwise. TanStack reads it again at each fetch of the query, and the stream
 * refetches its queries whenever it goes up or down, so the choice follows the stream.
 */
export function liveFallbackInterval(ms: number = LIVE_FALLBACK_MS): () => number | false {
  return () => (status === "open" ? false : ms);
}

/** What the stream is to invalidate: the keys made stale by one event, and every key it covers. */
export interface LiveKeys {
  keysFor(update: LiveUpdate): readonly QueryKey[];
  /** Read again after a reconnect or a `resync`: whatever was missed in between is refetched. */
  all: readonly QueryKey[];
}

function invalidate(queryClient: QueryClient, keys: readonly QueryKey[]): void {
  for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
}

const liveMessageSchema = z.object({
  type: z.string(),
  payload: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
});

function parse(data: string): Omit<LiveUpdate, "id"> | null {
  try {
    const parsed = liveMessageSchema.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 5 * 60_000;

/**
 * Keeps one EventSource on `url` while `url` is given (null: nobody signed in), and invalidates
 * the queries each event makes stale. The browser reconnects a dropped stream by itself, resuming
 * with Last-Event-ID; a stream the server refused (401, 503) is tried again after a growing wait.
 */
export function useLiveEvents(url: string | null, keys: LiveKeys): void {
  const queryClient = useQueryClient();
  const keysRef = useRef(keys);
  keysRef.current = keys;

  useEffect(() => {
    if (url === null || typeof EventSource === "undefined") return;
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let retryMs = FIRST_RETRY_MS;
    let openedBefore = false;
    const refetchAll = () => invalidate(queryClient, keysRef.current.all);

    const connect = () => {
      status = "connecting";
      const next = new EventSource(url);
      source = next;
      next.onopen = () => {
        status = "open";
        retryMs = FIRST_RETRY_MS;
        // After a drop: what was missed is refetched, and the queries stop polling.
        if (openedBefore) refetchAll();
        openedBefore = true;
      };
      next.onmessage = (message: MessageEvent<string>) => {
        const update = parse(message.data);
        if (update) {
          const live = { ...update, id: message.lastEventId };
          invalidate(queryClient, keysRef.current.keysFor(live));
          for (const listener of listeners) listener(live);
        }
      };
      next.addEventListener("resync", refetchAll);
      next.onerror = () => {
        const wasOpen = status === "open";
        if (next.readyState === EventSource.CLOSED) {
          // Refused, not dropped: the browser gives up, so this tries again later.
          next.close();
          status = "off";
          retryTimer = setTimeout(connect, retryMs);
          retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
        } else {
          status = "connecting";
        }
        // The queries start their slow poll until the stream is back.
        if (wasOpen) refetchAll();
      };
    };

    connect();
    return () => {
      clearTimeout(retryTimer);
      source?.close();
      status = "off";
    };
  }, [url, queryClient]);
}
