import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";

/** What a LISTEN subscription tells its owner. */
export interface ListenHandlers {
  /** One NOTIFY's payload, as sent. */
  onNotify(payload: string): void;
  /**
   * The connection was lost and is LISTENing again: notifications sent in between were missed
   * (NOTIFY is not stored), so the owner catches up from its table.
   */
  onReconnect?(): void;
  /** A lost connection or a failed reconnect, for the log; the listener keeps trying. */
  onError?(error: unknown): void;
}

export interface Listener {
  /** UNLISTENs and ends the connection; safe to call twice. */
  close(): Promise<void>;
}

/** Channel names are unquoted identifiers here: PGlite folds them to lower case (its PR #1093). */
const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;

function checkChannel(channel: string): void {
  if (!CHANNEL.test(channel)) throw new Error(`not a lower-case channel name: ${channel}`);
}

/** PGlite is one session in this process: its own listen() is the dedicated connection. */
export async function listenEmbedded(
  client: PGlite,
  channel: string,
  handlers: ListenHandlers,
): Promise<Listener> {
  checkChannel(channel);
  const unlisten = await client.listen(channel, (payload) => handlers.onNotify(payload));
  let closed = false;
  return {
    async close() {
      if (closed) return;
      closed = true;
      if (!client.closed) await unlisten();
    },
  };
}

const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 15_000;

/**
 * A node-postgres client of its own for LISTEN, never one from the pool (a pooled client is handed
 * to other queries and released, and its LISTEN with it: node-pg-pool#40). A lost connection is
 * opened again with a doubling back-off up to 15 s, and the owner is told so that it can catch up.
 */
export async function listenServer(
  url: string,
  channel: string,
  handlers: ListenHandlers,
): Promise<Listener> {
  checkChannel(channel);
  let client: pg.Client | null = null;
  let closed = false;
  let retryMs = FIRST_RETRY_MS;
  let retryTimer: NodeJS.Timeout | null = null;

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString: url, application_name: "rms-cabinet-listen" });
    next.on("notification", (message) => {
      if (message.channel === channel) handlers.onNotify(message.payload ?? "");
    });
    next.on("error", (error) => {
      handlers.onError?.(error);
      lost(next);
    });
    next.on("end", () => lost(next));
    try {
      await next.connect();
      await next.query(`listen ${channel}`);
    } catch (error) {
      next.removeAllListeners("end");
      await next.end().catch(() => {});
      throw error;
    }
    if (closed) {
      await next.end().catch(() => {});
      return;
    }
    client = next;
  }

  function lost(which: pg.Client): void {
    if (closed || client !== which) return;
    client = null;
    which.removeAllListeners("end");
    void which.end().catch(() => {});
    schedule();
  }

  function schedule(): void {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(async () => {
      retryTimer = null;
      try {
        await connect();
        retryMs = FIRST_RETRY_MS;
        if (!closed) handlers.onReconnect?.();
      } catch (error) {
        handlers.onError?.(error);
        retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
        schedule();
      }
    }, retryMs);
    retryTimer.unref();
  }

  await connect();
  return {
    async close() {
      if (closed) return;
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      const current = client;
      client = null;
      if (!current) return;
      current.removeAllListeners("end");
      try {
        await current.query(`unlisten ${channel}`);
      } catch {
        // the connection is going anyway
      }
      await current.end().catch(() => {});
    },
  };
}

type OpenListener = (channel: string, handlers: ListenHandlers) => Promise<Listener>;

/**
 * One connection per channel for the whole process, however many parts listen (the event relay
 * and the live streams): each subscriber gets every notification; the last to close ends it.
 */
export function sharedListen(open: OpenListener): OpenListener {
  const channels = new Map<
    string,
    { subscribers: Set<ListenHandlers>; opened: Promise<Listener> }
  >();
  return async (channel, handlers) => {
    let entry = channels.get(channel);
    if (!entry) {
      const subscribers = new Set<ListenHandlers>();
      const each = (call: (one: ListenHandlers) => void) => {
        for (const one of [...subscribers]) call(one);
      };
      entry = {
        subscribers,
        opened: open(channel, {
          onNotify: (payload) => each((one) => one.onNotify(payload)),
          onReconnect: () => each((one) => one.onReconnect?.()),
          onError: (error) => each((one) => one.onError?.(error)),
        }),
      };
      channels.set(channel, entry);
    }
    const current = entry;
    current.subscribers.add(handlers);
    try {
      await current.opened;
    } catch (error) {
      current.subscribers.delete(handlers);
      if (channels.get(channel) === current) channels.delete(channel);
      throw error;
    }
    let closed = false;
    return {
      async close() {
        if (closed) return;
        closed = true;
        current.subscribers.delete(handlers);
        if (current.subscribers.size > 0) return;
        if (channels.get(channel) === current) channels.delete(channel);
        await (await current.opened).close();
      },
    };
  };
}
