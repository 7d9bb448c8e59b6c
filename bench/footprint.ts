// The embedded default's footprint (issue 12): how long the built server takes from process start to
// a healthy GET /api/health with an existing data directory (the median of three starts), and its
// resident memory once idle, after the first start that seeds the demo data and after a plain
// start. On the embedded database by default; on a throw-away database of DATABASE_URL's server
// when it is given (the first start there seeds with SEED_DEMO=1). bench/run.ts runs both when it
// can; `node --import tsx bench/footprint.ts` runs it alone.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { freePort } from "./support/server.ts";

const STARTS = 3;
/** How long a started server is left alone before its memory is read. */
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 5_000);
const SERVER_MAIN = process.env.BENCH_SERVER_MAIN ?? "dist/server/server/main.js";

export interface FootprintMeasure {
  database: "embedded PGlite" | "PostgreSQL server";
  /** The first start: migrations and the demo seed. */
  firstStartSeconds: number;
  rssAfterSeedingMb: number;
  /** Starts on the existing database, in the order they ran. */
  startSeconds: number[];
  /** The CPU the same starts used until healthy. */
  startCpuSeconds: number[];
  rssAfterStartMb: number[];
}

/** User and system CPU seconds the process has used: a figure the machine's load does not inflate. */
function cpuSeconds(pid: number): number {
  // Fields 14 and 15 of /proc/<pid>/stat, after the command name in parentheses, in clock ticks.
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function residentMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return;
  const exited = new Promise((resolve) => server.once("exit", resolve));
  server.kill("SIGTERM");
  await exited;
}

/** One start of the built server: seconds from spawn to the first 200 of /api/health, idle RSS. */
async function startOnce(
  env: Record<string, string>,
): Promise<{ seconds: number; cpuSeconds: number; rssMb: number }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const started = performance.now();
  // The database is the scenario's own: none of this process's DATABASE_URL or SEED_DEMO leaks in.
  const { DATABASE_URL: _url, SEED_DEMO: _seed, ...inherited } = process.env;
  const server = spawn(process.execPath, [SERVER_MAIN], {
    env: { ...inherited, ...env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    const deadline = started + 120_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
      if (performance.now() > deadline) throw new Error("the server did not start in 120 s");
      const ok = await fetch(`${base}/api/health`).then(
        (answer) => answer.ok,
        () => false,
      );
      if (ok) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const seconds = (performance.now() - started) / 1000;
    if (server.pid === undefined) throw new Error("the server has no pid");
    const cpu = cpuSeconds(server.pid);
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    return { seconds, cpuSeconds: cpu, rssMb: residentMb(server.pid) };
  } finally {
    await stop(server);
  }
}

async function admin(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function measureStarts(
  database: FootprintMeasure["database"],
  firstEnv: Record<string, string>,
  env: Record<string, string>,
): Promise<FootprintMeasure> {
  const first = await startOnce(firstEnv);
  const later = [];
  for (let start = 0; start < STARTS; start++) later.push(await startOnce(env));
  return {
    database,
    firstStartSeconds: first.seconds,
    rssAfterSeedingMb: first.rssMb,
    startSeconds: later.map((start) => start.seconds),
    startCpuSeconds: later.map((start) => start.cpuSeconds),
    rssAfterStartMb: later.map((start) => start.rssMb),
  };
}

/** Starts the server on a new embedded data directory (or a new database of `serverUrl`). */
export async function measureFootprint(serverUrl?: string): Promise<FootprintMeasure> {
  if (!serverUrl) {
    const dataDir = mkdtempSync(join(tmpdir(), "rms-bench-footprint-"));
    try {
      const env = { DATA_DIR: dataDir };
      return await measureStarts("embedded PGlite", env, env);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const name = `rms_bench_footprint_${randomBytes(5).toString("hex")}`;
  await admin(serverUrl, `create database ${name}`);
  try {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const env = { DATABASE_URL: url.toString(), SEED_DEMO: "0" };
    return await measureStarts("PostgreSQL server", { ...env, SEED_DEMO: "1" }, env);
  } finally {
    await admin(serverUrl, `drop database if exists ${name} with (force)`);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

export function describeFootprint(measures: FootprintMeasure[]): string {
  return [
    `Start and idle memory of the built server (bench/footprint.ts): seconds from process start to ` +
      `the first 200 of /api/health, RSS after ${IDLE_MS / 1000} s idle; the first start seeds the ` +
      `demo data, then ${STARTS} starts on the existing database.`,
    "",
    "| database | first start (seeding), s | RSS after seeding, MB | start, existing data, median s (all) | its CPU, median s | idle RSS after start, MB (median) |",
    "|---|---:|---:|---:|---:|---:|",
    ...measures.map(
      (measure) =>
        `| ${measure.database} | ${measure.firstStartSeconds.toFixed(1)} | ` +
        `${measure.rssAfterSeedingMb.toFixed(0)} | ${median(measure.startSeconds).toFixed(1)} ` +
        `(${measure.startSeconds.map((seconds) => seconds.toFixed(1)).join(", ")}) | ` +
        `${median(measure.startCpuSeconds).toFixed(1)} | ` +
        `${median(measure.rssAfterStartMb).toFixed(0)} |`,
    ),
  ].join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const measures = [await measureFootprint()];
  if (process.env.DATABASE_URL) measures.push(await measureFootprint(process.env.DATABASE_URL));
  console.log(describeFootprint(measures));
}
