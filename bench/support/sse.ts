/** What a live stream carries in `data:` for an event or a signal (server/plugins/realtime.ts). */
export interface LiveData {
  type: string;
  payload: Record<string, unknown>;
}

/** One open Server-Sent Events stream of /api/events or /api/staff/events, read as a browser would. */
export interface LiveStream {
  /** Resolves when the server sent `ready` (the stream is joined; later commits reach it). */
  ready: Promise<void>;
  close: () => void;
}

/**
 * Opens `url` with `cookie` and calls `onLive` with each live message (events and signals; not
 * `ready`, `resync` or heartbeats) and `performance.now()` of the read that brought it.
 */
export function openLiveStream(
  url: string,
  cookie: string,
  onLive: (data: LiveData, at: number) => void,
): LiveStream {
  const abort = new AbortController();
  const ready = (async () => {
    const response = await fetch(url, {
      headers: { accept: "text/event-stream", cookie },
      signal: abort.signal,
    });
    if (response.status !== 200 || !response.body) throw new Error(`stream ${response.status}`);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    let resolveReady: () => void = () => {};
    const gotReady = new Promise<void>((resolve) => {
      resolveReady = resolve;
    });
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          const now = performance.now();
          buffer += value;
          let end = buffer.indexOf("\n\n");
          while (end >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            end = buffer.indexOf("\n\n");
            if (block.includes("event: ready")) resolveReady();
            const data = /^data: (.*)$/m.exec(block)?.[1];
            // Named events (ready, resync) are not live messages; those have no `event:` line.
            if (!data || block.includes("event: ")) continue;
            onLive(JSON.parse(data) as LiveData, now);
          }
        }
      } catch {
        // aborted at the end
      }
    })();
    await gotReady;
  })();
  return { ready, close: () => abort.abort() };
}
