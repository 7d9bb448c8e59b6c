/**
 * A Server-Sent Events reader for tests, as a browser's EventSource reads a stream: over a real
 * HTTP connection (app.inject waits for the end of a response, and a stream has none).
 */
export interface SseMessage {
  /** "message" for an event without a name; "comment" for a `:` line (the heartbeat). */
  event: string;
  id?: string;
  data: string;
  retry?: number;
}

export interface SseStream {
  status: number;
  headers: Headers;
  /** Everything received so far, in order. */
  received: SseMessage[];
  /** The first message (already received or still to come) that matches, or a timeout error. */
  next(match: (message: SseMessage) => boolean, timeoutMs?: number): Promise<SseMessage>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

export async function openSse(
  url: string,
  options: { cookie?: string; lastEventId?: string; headers?: Record<string, string> } = {},
): Promise<SseStream> {
  const controller = new AbortController();
  const headers: Record<string, string> = { accept: "text/event-stream", ...options.headers };
  if (options.cookie) headers.cookie = options.cookie;
  if (options.lastEventId) headers["last-event-id"] = options.lastEventId;
  const response = await fetch(url, { headers, signal: controller.signal });
  const received: SseMessage[] = [];
  const waiters = new Set<{
    match: (m: SseMessage) => boolean;
    resolve: (m: SseMessage) => void;
  }>();

  function take(message: SseMessage): void {
    received.push(message);
    for (const waiter of waiters) {
      if (waiter.match(message)) {
        waiters.delete(waiter);
        waiter.resolve(message);
      }
    }
  }

  async function read(): Promise<void> {
    if (!response.body) return;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    let current: SseMessage = { event: "message", data: "" };
    let dataLines: string[] = [];
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let newline = buffer.indexOf("\n");
        while (newline >= 0) {
          const line = buffer.slice(0, newline).replace(/\r$/, "");
          buffer = buffer.slice(newline + 1);
          newline = buffer.indexOf("\n");
          if (line === "") {
            if (dataLines.length > 0 || current.event !== "message") {
              take({ ...current, data: dataLines.join("\n") });
            }
            current = { event: "message", data: "" };
            dataLines = [];
          } else if (line.startsWith(":")) {
            take({ event: "comment", data: line.slice(1).trim() });
          } else {
            const colon = line.indexOf(":");
            const field = colon < 0 ? line : line.slice(0, colon);
            const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
            if (field === "data") dataLines.push(value);
            else if (field === "event") current.event = value;
            else if (field === "id") current.id = value;
            else if (field === "retry") current.retry = Number(value);
          }
        }
      }
    } catch {
      // aborted by close()
    }
  }

  const ended = read();
  return {
    status: response.status,
    headers: response.headers,
    received,
    ended,
    next(match, timeoutMs = 5_000) {
      const found = received.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = {
          match,
          resolve: (message: SseMessage) => {
            clearTimeout(timer);
            resolve(message);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no matching SSE message in ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    close() {
      controller.abort();
    },
  };
}

/** The event data the live streams send: its type and the ids of what changed. */
export function liveData(message: SseMessage): { type: string; payload: Record<string, unknown> } {
  return JSON.parse(message.data);
}
