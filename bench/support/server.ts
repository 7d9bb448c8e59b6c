import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import pg from "pg";

/** A TCP port nobody listens on right now, for a server the bench starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** Waits until `GET /api/health` answers 200, for at most 90 s. */
export async function waitForHealth(baseURL: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${baseURL}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("the server did not start in 90 s");
}

/** A built server the bench started: its process and where it listens. */
export interface Instance {
  process: ChildProcess;
  base: string;
  pid: number;
}

export interface InstanceOptions {
  /** A PostgreSQL database; without it the instance runs the embedded database in `dataDir`. */
  databaseUrl?: string;
  dataDir?: string;
  /** SEED_DEMO=1: migrations and the demo data (one instance of a shared database is enough). */
  seed: boolean;
  /** The server's entry, dist/server/server/main.js (the build) unless given. */
  main?: string;
  /** Node's own options before the entry, e.g. --cpu-prof. */
  nodeOptions?: string[];
}

/**
 * Starts the server on a free port and waits for its first healthy answer (90 s at most). The
 * database is the caller's: none of this process's DATABASE_URL, DATA_DIR or SEED_DEMO leaks in.
 */
export async function startInstance(options: InstanceOptions): Promise<Instance> {
  const port = await freePort();
  const { DATABASE_URL: _url, DATA_DIR: _dir, SEED_DEMO: _seed, ...inherited } = process.env;
  const child = spawn(
    process.execPath,
    [...(options.nodeOptions ?? []), options.main ?? "dist/server/server/main.js"],
    {
      env: {
        ...inherited,
        ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
        ...(options.dataDir ? { DATA_DIR: options.dataDir } : {}),
        SEED_DEMO: options.seed ? "1" : "0",
        PORT: String(port),
        HOST: "127.0.0.1",
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
  const base = `http://127.0.0.1:${port}`;
  // An instance that ends before stopInstance asked it to is told, with its code or signal.
  child.once("exit", (code, signal) => {
    if (!stopping.has(child)) {
      process.stderr.write(`the server on ${base} exited by itself: ${signal ?? `code ${code}`}\n`);
    }
  });
  try {
    await waitForHealth(base);
  } catch (error) {
    child.kill("SIGTERM");
    throw error;
  }
  return { process: child, base, pid: child.pid ?? 0 };
}

const stopping = new WeakSet<ChildProcess>();

export async function stopInstance(instance: Instance): Promise<void> {
  stopping.add(instance.process);
  if (instance.process.exitCode !== null || instance.process.signalCode !== null) return;
  const exited = new Promise((resolve) => instance.process.once("exit", resolve));
  instance.process.kill("SIGTERM");
  await exited;
}

/** A process's resident memory, MB (Linux). */
export function residentMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** User and system CPU seconds a process has used (Linux): a figure the machine's load does not inflate. */
export function cpuSeconds(pid: number): number {
  // Fields 14 and 15 of /proc/<pid>/stat, after the command name in parentheses, in clock ticks.
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * Seconds the process's main thread (Node's event loop) was ready to run but waited for a CPU
 * (Linux schedstat): how much a shared machine's other work held it up.
 */
export function runQueueWaitSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/schedstat`, "utf8").trim().split(" ");
  return Number(fields[1]) / 1e9;
}

/** A fresh database on the PostgreSQL server of `serverUrl`, and how to drop it. */
export async function throwawayDatabase(
  serverUrl: string,
  prefix: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(5).toString("hex")}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

/** The value at percentile `p` (0–100) of ascending `sorted` (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return (
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
  );
}

/** Signs in through the API as a browser would (with its Origin) and answers the session cookie. */
export async function signInCookie(
  baseURL: string,
  path: string,
  body: object,
  cookieName: string,
): Promise<string> {
  const response = await fetch(`${baseURL}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseURL },
    body: JSON.stringify(body),
  });
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0] ?? "")
    .find((pair) => pair.startsWith(`${cookieName}=`));
  if (!cookie) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return cookie;
}
