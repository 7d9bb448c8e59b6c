// The live-update scenario of issue 11: two server instances on one PostgreSQL database, 200 open
// Server-Sent Events streams split across them, and an event committed through instance A (the
// demo client asks for a call-back, then cancels it). Measured: the time from sending that request
// to A until each stream on A and on B has the event, and the servers' resident memory per open
// stream. Needs a PostgreSQL server (DATABASE_URL): a fresh database is made on it and dropped.
// `npm run bench` runs it when DATABASE_URL is set; `node --import tsx bench/live-updates.ts` alone.
import { pathToFileURL } from "node:url";
import {
  type Instance,
  percentile,
  residentMb,
  startInstance,
  stopInstance,
  throwawayDatabase,
} from "./support/server.ts";
import { openLiveStream } from "./support/sse.ts";

const STREAMS = Number(process.env.BENCH_LIVE_STREAMS ?? 200);
const ROUNDS = Number(process.env.BENCH_LIVE_ROUNDS ?? 50);
const DEMO = { phone: "+79261111111", password: "rms-demo-2026" };

export interface LiveUpdatesMeasure {
  streams: number;
  rounds: number;
  /** Latencies in ms, by where the stream was open. */
  sameInstance: number[];
  otherInstance: number[];
  /** Resident memory of both servers before and after the streams opened, MB. */
  rssBeforeMb: number;
  rssAfterMb: number;
  missed: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function json<T>(response: Response): Promise<T> {
  if (!response.ok) throw new Error(`${response.url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** One open stream: when each call-back's event of each type reached it. */
interface OpenStream {
  instance: "A" | "B";
  arrivals: Map<string, number>;
  ready: Promise<void>;
  close: () => void;
}

function openStream(base: string, cookie: string, instance: "A" | "B"): OpenStream {
  const arrivals = new Map<string, number>();
  // Live events of this scenario carry the call-back's id.
  const stream = openLiveStream(`${base}/api/events`, cookie, (event, at) => {
    arrivals.set(`${event.type} ${event.payload.callbackId}`, at);
  });
  return { instance, arrivals, ready: stream.ready, close: stream.close };
}

export async function measureLiveUpdates(serverUrl: string): Promise<LiveUpdatesMeasure> {
  const database = await throwawayDatabase(serverUrl, "rms_bench_live");
  const instances: Instance[] = [];
  const streams: OpenStream[] = [];
  try {
    const a = await startInstance({ databaseUrl: database.url, seed: true });
    instances.push(a);
    const b = await startInstance({ databaseUrl: database.url, seed: false });
    instances.push(b);

    const signIn = await fetch(`${a.base}/api/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: a.base },
      body: JSON.stringify(DEMO),
    });
    await json(signIn);
    const token = /rms_session=([^;]+)/.exec(signIn.headers.get("set-cookie") ?? "")?.[1];
    if (!token) throw new Error("the demo client did not sign in");
    const cookie = `rms_session=${token}`;
    const { contracts } = await json<{ contracts: { id: string }[] }>(
      await fetch(`${a.base}/api/contracts`, { headers: { cookie } }),
    );

    // Which contract takes a call-back request: the first that answers 201.
    const post = (path: string, body?: object) =>
      fetch(`${a.base}${path}`, {
        method: "POST",
        headers: {
          cookie,
          origin: a.base,
          ...(body ? { "content-type": "application/json" } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      });
    const request = (contractId: string) =>
      post(`/api/contracts/${contractId}/callbacks`, {
        phone: DEMO.phone,
        when: { kind: "asap" },
        personSlot: 1,
      });
    let contractId = "";
    for (const contract of contracts) {
      const res = await request(contract.id);
      if (res.ok) {
        const { id } = await json<{ id: string }>(res);
        await json(await post(`/api/callbacks/${id}/cancel`));
        contractId = contract.id;
        break;
      }
    }
    if (!contractId) throw new Error("no demo contract takes a call-back request");

    await sleep(1_000);
    const rss = () => instances.reduce((sum, instance) => sum + residentMb(instance.pid), 0);
    const rssBeforeMb = rss();
    for (let i = 0; i < STREAMS; i += 1) {
      const onA = i % 2 === 0;
      streams.push(openStream(onA ? a.base : b.base, cookie, onA ? "A" : "B"));
    }
    await Promise.all(streams.map((stream) => stream.ready));
    await sleep(2_000);
    const rssAfterMb = rss();

    const sameInstance: number[] = [];
    const otherInstance: number[] = [];
    let missed = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      // Asking commits callback.requested; cancelling commits callback.cancelled.
      const startedAt = performance.now();
      const { id } = await json<{ id: string }>(await request(contractId));
      const requested = `callback.requested ${id}`;
      await waitForAll(streams, requested);
      const cancelAt = performance.now();
      await json(await post(`/api/callbacks/${id}/cancel`));
      const cancelled = `callback.cancelled ${id}`;
      await waitForAll(streams, cancelled);
      for (const [key, since] of [
        [requested, startedAt],
        [cancelled, cancelAt],
      ] as const) {
        for (const stream of streams) {
          const at = stream.arrivals.get(key);
          if (at === undefined) {
            missed += 1;
            continue;
          }
          (stream.instance === "A" ? sameInstance : otherInstance).push(at - since);
        }
      }
    }
    return {
      streams: STREAMS,
      rounds: ROUNDS,
      sameInstance,
      otherInstance,
      rssBeforeMb,
      rssAfterMb,
      missed,
    };
  } finally {
    for (const stream of streams) stream.close();
    for (const instance of instances) await stopInstance(instance);
    await database.drop();
  }
}

/** Waits until every stream has `key`, for at most 5 s. */
async function waitForAll(streams: OpenStream[], key: string): Promise<void> {
  const deadline = performance.now() + 5_000;
  while (performance.now() < deadline) {
    if (streams.every((stream) => stream.arrivals.has(key))) return;
    await sleep(2);
  }
}

export function describeLiveUpdates(measure: LiveUpdatesMeasure): string {
  const row = (label: string, values: number[]) => {
    const sorted = [...values].sort((x, y) => x - y);
    return `| ${label} | ${sorted.length} | ${percentile(sorted, 50).toFixed(1)} | ${percentile(sorted, 99).toFixed(1)} | ${(sorted.at(-1) ?? Number.NaN).toFixed(1)} |`;
  };
  const perStreamKb = ((measure.rssAfterMb - measure.rssBeforeMb) * 1024) / measure.streams;
  return [
    `Live updates: two instances on one PostgreSQL database, ${measure.streams} open streams of the ` +
      `demo client split between them; ${measure.rounds} rounds of «Перезвонить мне» and its ` +
      "cancellation sent to instance A, each timed from the request to A until a stream has the " +
      `event (so it includes A's handling and the commit). Missed deliveries: ${measure.missed}.`,
    "",
    "| commit on A → stream | deliveries | p50 ms | p99 ms | max ms |",
    "|---|---:|---:|---:|---:|",
    row("on instance A", measure.sameInstance),
    row("on instance B", measure.otherInstance),
    row("all", [...measure.sameInstance, ...measure.otherInstance]),
    "",
    `Server memory (RSS of both instances) ${measure.rssBeforeMb.toFixed(1)} MB before the streams, ` +
      `${measure.rssAfterMb.toFixed(1)} MB with ${measure.streams} open: ` +
      `${perStreamKb.toFixed(1)} KB per open stream.`,
  ].join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    console.error("bench/live-updates.ts needs DATABASE_URL (a PostgreSQL server)");
    process.exit(1);
  }
  console.log(describeLiveUpdates(await measureLiveUpdates(serverUrl)));
}
