// «Чат с врачом» under load (issue 13, «Performance»): conversations in progress, each taken by the
// demo doctor, every one with its client's cabinet and the doctor's console open on live streams.
// Measured: from sending a client's message (POST /api/chat/conversations/:id/messages, multipart
// as the browser's FormData) until the doctor's stream has its chat.message, and back, from the
// doctor's reply (POST /api/staff/chats/:id/messages) until the client's stream has it; p50, p99,
// max, missed (nothing within 5 s); the servers' resident memory per open stream.
//
// On PostgreSQL (DATABASE_URL: a fresh database is made on that server and dropped) two instances
// A and B: half the conversations have the client on A and the doctor on B, the other half the
// mirror, so every measured message crosses from one instance to the other. On the embedded
// database one instance holds everything. The chat allows any number of open conversations for one
// account and one doctor, so all clients are the demo client (each conversation its own browser and
// stream) and the doctor is the demo doctor with a console open on each instance.
//
// `npm run bench` runs it (the PostgreSQL part when DATABASE_URL is set); alone:
// `node --import tsx bench/chat-latency.ts` (after `npm run build`). BENCH_CHAT_CONVERSATIONS (200),
// BENCH_CHAT_EMBEDDED (the embedded scales, "25,50,100,200"), BENCH_CHAT_ROUNDS (5 exchanges per
// conversation), BENCH_CHAT_PERIOD_MS (one exchange per conversation every 10 s; the chat takes at
// most 20 of a client's messages a minute in one conversation, so keep it above 3 s).
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import {
  cpuSeconds,
  type Instance,
  type InstanceOptions,
  percentile,
  residentMb,
  runQueueWaitSeconds,
  signInCookie,
  startInstance,
  stopInstance,
  throwawayDatabase,
} from "./support/server.ts";
import { type LiveStream, openLiveStream } from "./support/sse.ts";

const CONVERSATIONS = Number(process.env.BENCH_CHAT_CONVERSATIONS ?? 200);
const EMBEDDED_SCALES = (process.env.BENCH_CHAT_EMBEDDED ?? "25,50,100,200")
  .split(",")
  .map(Number)
  .filter((n) => n > 0);
const ROUNDS = Number(process.env.BENCH_CHAT_ROUNDS ?? 5);
const PERIOD_MS = Number(process.env.BENCH_CHAT_PERIOD_MS ?? 10_000);
/** A message not on its stream this long after the POST was sent counts as missed. */
const MISSED_AFTER_MS = 5_000;
/** A directory: the servers run with --cpu-prof and leave their profiles there. */
const CPU_PROFILE_DIR = process.env.BENCH_CHAT_CPU_PROF;
const profiling: Pick<InstanceOptions, "nodeOptions"> = CPU_PROFILE_DIR
  ? { nodeOptions: ["--cpu-prof", `--cpu-prof-dir=${CPU_PROFILE_DIR}`] }
  : {};
const CLIENT = { phone: "+79261111111", password: "rms-demo-2026" };
const DOCTOR = { email: "doctor@rms.local", password: "rms-demo-2026" };

export interface ChatLatencyMeasure {
  database: "PostgreSQL, two instances" | "embedded PGlite, one instance";
  conversations: number;
  rounds: number;
  periodMs: number;
  /** The client's messages, to the doctor's stream. */
  toDoctor: Direction;
  /** The doctor's replies, to the client's stream. */
  toClient: Direction;
  streams: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  /** The servers' CPU time during the exchanges, s, and how long they took, s. */
  cpuSeconds: number;
  exchangeSeconds: number;
  /** PostgreSQL's backends of the bench database (null: embedded), and this process, s of CPU. */
  postgresCpuSeconds: number | null;
  benchCpuSeconds: number;
  /** Seconds the servers' event loops waited for a CPU during the exchanges, summed. */
  runQueueWaitSeconds: number;
  /** 1-minute load average at the start and at the end. */
  load: [number, number];
}

/** One direction of the exchanges. */
export interface Direction {
  /** ms from sending the POST until the other side's stream had the message. */
  latencies: number[];
  /** ms until the POST's answer. */
  answers: number[];
  /** Stored (201) but not on the stream within 5 s. */
  missed: number;
  /** POSTs answered other than 201. */
  failed: number;
}

const direction = (): Direction => ({ latencies: [], answers: [], missed: 0, failed: 0 });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function json<T>(response: Response): Promise<T> {
  if (!response.ok) throw new Error(`${response.url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** A POST of a multipart form, as the browser's FormData sends it. */
function postForm(base: string, path: string, cookie: string, fields: Record<string, string>) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return fetch(`${base}${path}`, { method: "POST", headers: { cookie, origin: base }, body: form });
}

/** Where a message's chat.message reached the stream that waits for it, by message id. */
class Arrivals {
  private readonly at = new Map<string, number>();
  private readonly waiting = new Map<string, (at: number) => void>();

  note(messageId: string, at: number): void {
    this.at.set(messageId, at);
    this.waiting.get(messageId)?.(at);
  }

  /** When `messageId` arrived, or null if not within `until` (a performance.now() time). */
  async wait(messageId: string, until: number): Promise<number | null> {
    const known = this.at.get(messageId);
    if (known !== undefined) return known;
    return new Promise((resolve) => {
      const timer = setTimeout(
        () => {
          this.waiting.delete(messageId);
          resolve(null);
        },
        Math.max(0, until - performance.now()),
      );
      this.waiting.set(messageId, (at) => {
        clearTimeout(timer);
        this.waiting.delete(messageId);
        resolve(at);
      });
    });
  }
}

interface Conversation {
  id: string;
  /** Where its client's browser and the doctor's console talk to. */
  client: Instance;
  doctor: Instance;
  /** The client's own stream: the doctor's replies in this conversation. */
  toClient: Arrivals;
}

/**
 * Runs the scenario on `instances` (one or two, all on one database, the first seeded with the
 * demo data): opens `count` conversations, the doctor takes them, the streams open, then each
 * conversation exchanges ROUNDS messages each way, one exchange every PERIOD_MS, starting at
 * random moments within the first period.
 */
async function runScenario(
  instances: Instance[],
  count: number,
  databaseUrl?: string,
): Promise<Omit<ChatLatencyMeasure, "database" | "load">> {
  const [a, b = a] = instances as [Instance, Instance?];
  const clientCookie = await signInCookie(a.base, "/api/auth/sign-in", CLIENT, "rms_session");
  const doctorCookie = await signInCookie(
    b.base,
    "/api/staff/auth/sign-in",
    DOCTOR,
    "rms_staff_session",
  );
  const { persons } = await json<{ persons: { personId: string }[] }>(
    await fetch(`${a.base}/api/chat/options`, { headers: { cookie: clientCookie } }),
  );
  const personId = persons[0]?.personId;
  if (!personId) throw new Error("the demo client has nobody a chat may be opened for");

  // «Новый чат» and «Взять в работу», four at a time.
  const conversations: Conversation[] = [];
  const byId = new Map<string, Conversation>();
  for (let i = 0; i < count; i += 4) {
    const batch = [];
    for (let j = i; j < Math.min(count, i + 4); j += 1) {
      batch.push(
        (async () => {
          const started = await json<{ id: string }>(
            await postForm(a.base, "/api/chat/conversations", clientCookie, {
              clientConversationId: randomUUID(),
              clientMessageId: randomUUID(),
              personId,
              body: "Здравствуйте! Второй день температура 38, что принять?",
            }),
          );
          await json(
            await fetch(`${b.base}/api/staff/chats/${started.id}/take`, {
              method: "POST",
              headers: { cookie: doctorCookie, origin: b.base },
            }),
          );
          // Even ones: the client on A, the doctor on B; odd ones the mirror.
          const mirrored = j % 2 === 1;
          const conversation: Conversation = {
            id: started.id,
            client: mirrored ? b : a,
            doctor: mirrored ? a : b,
            toClient: new Arrivals(),
          };
          conversations.push(conversation);
          byId.set(started.id, conversation);
        })(),
      );
    }
    await Promise.all(batch);
  }

  await sleep(1_000);
  const rss = () => instances.reduce((sum, instance) => sum + residentMb(instance.pid), 0);
  const rssBeforeMb = rss();
  const streams: LiveStream[] = [];
  // The doctor's console on each instance: the client messages of the conversations whose doctor
  // talks to that instance.
  const toDoctor = new Map<Instance, Arrivals>();
  for (const instance of new Set([a, b])) {
    const arrivals = new Arrivals();
    toDoctor.set(instance, arrivals);
    streams.push(
      openLiveStream(`${instance.base}/api/staff/events`, doctorCookie, (event, at) => {
        if (event.type === "chat.message" && event.payload.author === "client") {
          arrivals.note(String(event.payload.messageId), at);
        }
      }),
    );
  }
  // Each conversation's cabinet. One account: every cabinet stream gets every conversation's
  // events (200 clients of their own would get only theirs); each notes only its conversation's.
  for (const conversation of conversations) {
    streams.push(
      openLiveStream(`${conversation.client.base}/api/events`, clientCookie, (event, at) => {
        if (
          event.type === "chat.message" &&
          event.payload.author === "doctor" &&
          event.payload.conversationId === conversation.id
        ) {
          conversation.toClient.note(String(event.payload.messageId), at);
        }
      }),
    );
  }
  try {
    await Promise.all(streams.map((stream) => stream.ready));
    await sleep(2_000);
    const rssAfterMb = rss();

    const result = { toDoctor: direction(), toClient: direction() };
    const cpu = () => instances.reduce((sum, instance) => sum + cpuSeconds(instance.pid), 0);
    const backends = databaseUrl ? await backendPids(databaseUrl) : [];
    const postgresCpu = () => backends.reduce((sum, pid) => sum + aliveCpuSeconds(pid), 0);
    const waited = () =>
      instances.reduce((sum, instance) => sum + runQueueWaitSeconds(instance.pid), 0);
    const waitedBefore = waited();
    const cpuBefore = cpu();
    const postgresBefore = postgresCpu();
    const benchBefore = process.cpuUsage();
    const exchangeStart = performance.now();
    /** One message: POST, then wait for its stream; the latency from sending, or a miss. */
    const send = async (
      instance: Instance,
      path: string,
      cookie: string,
      arrivals: Arrivals,
      into: Direction,
    ) => {
      const sentAt = performance.now();
      const response = await postForm(instance.base, path, cookie, {
        clientMessageId: randomUUID(),
        body: "Парацетамол 500 мг, не чаще 4 раз в сутки; если температура держится — очный приём.",
      }).catch(() => null);
      if (!response) {
        // No answer at all (the connection refused or reset): a failed POST, not the end of the run.
        into.failed += 1;
        return;
      }
      into.answers.push(performance.now() - sentAt);
      if (response.status !== 201) {
        into.failed += 1;
        await response.text();
        return;
      }
      const { id } = (await response.json()) as { id: string };
      const at = await arrivals.wait(id, sentAt + MISSED_AFTER_MS);
      if (at === null) into.missed += 1;
      else into.latencies.push(at - sentAt);
    };
    await Promise.all(
      conversations.map(async (conversation) => {
        const doctorArrivals = toDoctor.get(conversation.doctor) as Arrivals;
        // Each conversation keeps its own phase: the exchanges are spread over the period.
        await sleep(Math.random() * PERIOD_MS);
        for (let round = 0; round < ROUNDS; round += 1) {
          const begin = performance.now();
          await send(
            conversation.client,
            `/api/chat/conversations/${conversation.id}/messages`,
            clientCookie,
            doctorArrivals,
            result.toDoctor,
          );
          await send(
            conversation.doctor,
            `/api/staff/chats/${conversation.id}/messages`,
            doctorCookie,
            conversation.toClient,
            result.toClient,
          );
          await sleep(Math.max(0, PERIOD_MS - (performance.now() - begin)));
        }
      }),
    );
    const cpuUsed = cpu() - cpuBefore;
    const exchangeSeconds = (performance.now() - exchangeStart) / 1000;
    const bench = process.cpuUsage(benchBefore);
    const runQueueWait = waited() - waitedBefore;
    return {
      runQueueWaitSeconds: runQueueWait,
      postgresCpuSeconds: databaseUrl
        ? postgresCpu() -
          postgresBefore +
          // Connections the pools opened meanwhile: all their time is the exchanges'.
          (await backendPids(databaseUrl))
            .filter((pid) => !backends.includes(pid))
            .reduce((sum, pid) => sum + aliveCpuSeconds(pid), 0)
        : null,
      benchCpuSeconds: (bench.user + bench.system) / 1e6,
      cpuSeconds: cpuUsed,
      exchangeSeconds,
      conversations: count,
      rounds: ROUNDS,
      periodMs: PERIOD_MS,
      ...result,
      streams: streams.length,
      rssBeforeMb,
      rssAfterMb,
    };
  } finally {
    for (const stream of streams) stream.close();
  }
}

/** The server processes of PostgreSQL's connections to the database of `databaseUrl`. */
async function backendPids(databaseUrl: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      "select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()",
    );
    return rows.map((row) => row.pid);
  } finally {
    await client.end();
  }
}

/** CPU seconds of a process that may have ended meanwhile (then 0: its time is not counted). */
function aliveCpuSeconds(pid: number): number {
  try {
    return cpuSeconds(pid);
  } catch {
    return 0;
  }
}

/** Two instances on a fresh database of the PostgreSQL server `serverUrl`. */
export async function measureChatOnPostgres(serverUrl: string): Promise<ChatLatencyMeasure> {
  const load = loadavg()[0] ?? 0;
  const database = await throwawayDatabase(serverUrl, "rms_bench_chat");
  const instances: Instance[] = [];
  try {
    instances.push(await startInstance({ databaseUrl: database.url, seed: true, ...profiling }));
    instances.push(await startInstance({ databaseUrl: database.url, seed: false, ...profiling }));
    const measured = await runScenario(instances, CONVERSATIONS, database.url);
    return {
      database: "PostgreSQL, two instances",
      ...measured,
      load: [load, loadavg()[0] ?? 0],
    };
  } finally {
    for (const instance of instances) await stopInstance(instance);
    await database.drop();
  }
}

/** One instance on a fresh embedded database, with `count` conversations. */
export async function measureChatEmbedded(count: number): Promise<ChatLatencyMeasure> {
  const load = loadavg()[0] ?? 0;
  const dataDir = mkdtempSync(join(tmpdir(), "rms-bench-chat-"));
  let instance: Instance | undefined;
  try {
    instance = await startInstance({ dataDir, seed: true, ...profiling });
    const measured = await runScenario([instance], count);
    return {
      database: "embedded PGlite, one instance",
      ...measured,
      load: [load, loadavg()[0] ?? 0],
    };
  } finally {
    if (instance) await stopInstance(instance);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The PostgreSQL part when `serverUrl` is given, then the embedded scales. */
export async function measureChatLatency(serverUrl?: string): Promise<ChatLatencyMeasure[]> {
  const measures: ChatLatencyMeasure[] = [];
  if (serverUrl) {
    process.stderr.write(`chat: PostgreSQL, two instances, ${CONVERSATIONS} conversations…\n`);
    measures.push(await measureChatOnPostgres(serverUrl));
  }
  for (const count of EMBEDDED_SCALES) {
    process.stderr.write(`chat: embedded, one instance, ${count} conversations…\n`);
    measures.push(await measureChatEmbedded(count));
  }
  return measures;
}

const instances = (m: ChatLatencyMeasure) => (m.database.startsWith("PostgreSQL") ? 2 : 1);

export function describeChatLatency(measures: ChatLatencyMeasure[]): string {
  const stats = (values: number[]) => {
    const sorted = [...values].sort((x, y) => x - y);
    return [percentile(sorted, 50), percentile(sorted, 99), sorted.at(-1) ?? Number.NaN]
      .map((ms) => ms.toFixed(1))
      .join(" | ");
  };
  const first = measures[0];
  const lines = [
    `Chat latency, measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ` +
      `${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}: ` +
      "conversations in progress, each taken by the demo doctor, its client's cabinet and the " +
      `doctor's console on live streams; ${first?.rounds ?? ROUNDS} exchanges per conversation ` +
      `(the client's message, then the doctor's reply), one every ${(first?.periodMs ?? PERIOD_MS) / 1000} s. ` +
      "Timed from sending the POST (multipart) until the other side's stream has chat.message; " +
      "on PostgreSQL every measured message crosses from one instance to the other.",
    "",
    "| database | conversations | load 1 min start → end (event loop waiting for a CPU) | direction | delivered | missed | p50 ms | p99 ms | max ms | POST p50 / p99 / max ms | CPU ms per message: servers + PostgreSQL (bench) | RSS per stream KB |",
    "|---|---:|---|---|---:|---:|---:|---:|---:|---|---:|---:|",
  ];
  for (const m of measures) {
    const perStreamKb = ((m.rssAfterMb - m.rssBeforeMb) * 1024) / m.streams;
    const sent = m.toDoctor.answers.length + m.toClient.answers.length;
    const perMessage = (seconds: number) => ((seconds * 1000) / sent).toFixed(1);
    const cpuPerMessage =
      `${perMessage(m.cpuSeconds)}${m.postgresCpuSeconds === null ? "" : ` + ${perMessage(m.postgresCpuSeconds)}`} ` +
      `(${perMessage(m.benchCpuSeconds)}); ${((m.cpuSeconds + (m.postgresCpuSeconds ?? 0)) / m.exchangeSeconds).toFixed(2)} cores`;
    const waiting = (100 * m.runQueueWaitSeconds) / (m.exchangeSeconds * instances(m));
    const head =
      `| ${m.database} | ${m.conversations} | ${m.load[0].toFixed(1)} → ${m.load[1].toFixed(1)} ` +
      `(${waiting.toFixed(0)} %)`;
    for (const [label, d] of [
      ["client → doctor", m.toDoctor],
      ["doctor → client", m.toClient],
    ] as const) {
      const memory =
        d === m.toDoctor
          ? `${perStreamKb.toFixed(1)} (${m.streams} streams, ${m.rssBeforeMb.toFixed(0)} → ${m.rssAfterMb.toFixed(0)} MB)`
          : "";
      lines.push(
        `${head} | ${label} | ${d.latencies.length} | ${d.missed + d.failed} | ${stats(d.latencies)} | ` +
          `${stats(d.answers).replaceAll(" | ", " / ")} | ${d === m.toDoctor ? cpuPerMessage : ""} | ${memory} |`,
      );
    }
  }
  lines.push(
    "",
    "Event loop waiting: the share of the exchanges' time each server's main thread was ready " +
      "to run but waited for a CPU taken by other work on the machine (Linux schedstat). " +
      "Missed: stored but not on the stream within 5 s, or a POST answered other than 201. RSS per " +
      "stream: the growth of the servers' resident memory when the streams opened, divided by them. " +
      "CPU per message: user and system time during the exchanges over the messages sent both " +
      "ways, of the server processes (with the streams' fan-out and the event relay), of " +
      "PostgreSQL's backends for the bench database, and in brackets of the bench's own process " +
      "(the 200 browsers' streams and requests, on the same cores); cores: servers and PostgreSQL " +
      "together over the exchanges' wall time.",
  );
  return lines.join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log(describeChatLatency(await measureChatLatency(process.env.DATABASE_URL)));
}
