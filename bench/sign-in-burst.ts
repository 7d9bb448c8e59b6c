// The sign-in burst of issue 12: GET /api/health and a static file measured alone, then again
// while 10 sign-ins a second arrive (open loop: one every 100 ms whatever the answers), and what
// those sign-ins came to. The server must run without NODE_ENV=test, so that each password check
// is scrypt at N=2^17. bench/run.ts runs it against the server it started; alone:
// `node --import tsx bench/sign-in-burst.ts` (after `npm run build`; BENCH_SERVER names another
// built main.js) starts one itself.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import autocannon from "autocannon";
import { freePort } from "./support/server.ts";

const SIGN_INS_PER_SECOND = Number(process.env.BENCH_SIGN_INS_PER_SECOND ?? 10);
const DURATION_SECONDS = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
// Arrivals start this long before the measurements, so that the queue is full when they begin.
const WARM_UP_MS = 3_000;

interface Load {
  requestsPerSecond: number;
  p99: number;
  errors: number;
}

interface SignInOutcomes {
  sent: number;
  byStatus: Record<string, number>;
  p50: number;
  p99: number;
  /** p50 and p99 of the checked ones (401: unknown phone) alone, and of the 503s alone. */
  checked: { p50: number; p99: number };
  refused: { p50: number; p99: number };
}

export interface SignInBurstMeasure {
  staticPath: string;
  alone: { health: Load; staticFile: Load };
  during: { health: Load; staticFile: Load };
  signIns: SignInOutcomes;
}

/** A static file the built web app serves: the cabinet's entry script. */
export function staticFilePath(webRoot = "dist/web"): string {
  const entry = /src="\/assets\/([^"]+\.js)"/.exec(
    readFileSync(join(webRoot, "cabinet", "index.html"), "utf8"),
  )?.[1];
  const script = entry ?? readdirSync(join(webRoot, "assets")).find((f) => f.endsWith(".js"));
  return `/assets/${script}`;
}

async function load(url: string, headers: Record<string, string> = {}): Promise<Load> {
  const result = await autocannon({
    url,
    headers,
    connections: CONNECTIONS,
    duration: DURATION_SECONDS,
  });
  return {
    requestsPerSecond: result.requests.average,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? 0;
}

function spread(latencies: number[]): { p50: number; p99: number } {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { p50: Math.round(percentile(sorted, 0.5)), p99: Math.round(percentile(sorted, 0.99)) };
}

/**
 * Sends sign-ins at a steady rate until stopped; resolves with each one's status and time. Each
 * is a different person from a different address (X-Forwarded-For; the server trusts the proxy),
 * as in a real burst: one phone from one address would meet the per-account limit of 5 tries in
 * flight (429) before the queue. The phones are not registered, which costs the server what a
 * right password does (the claim, one scrypt at N=2^17, the settling) and answers 401.
 */
function signInArrivals(baseURL: string) {
  const answers: Promise<{ status: string; ms: number }>[] = [];
  let sent = 0;
  const timer = setInterval(() => {
    sent += 1;
    const body = JSON.stringify({
      phone: `+7999${String(10_000_000 + sent).slice(1)}`,
      password: "rms-demo-2026",
    });
    const address = `10.${(sent >> 16) & 255}.${(sent >> 8) & 255}.${sent & 255}`;
    const started = performance.now();
    answers.push(
      fetch(`${baseURL}/api/auth/sign-in`, {
        method: "POST",
        body,
        headers: {
          "content-type": "application/json",
          origin: baseURL,
          "x-forwarded-for": address,
        },
        signal: AbortSignal.timeout(120_000),
      }).then(
        async (res) => {
          await res.arrayBuffer();
          return { status: String(res.status), ms: performance.now() - started };
        },
        () => ({ status: "no answer", ms: performance.now() - started }),
      ),
    );
  }, 1000 / SIGN_INS_PER_SECOND);
  return async (): Promise<SignInOutcomes> => {
    clearInterval(timer);
    const settled = await Promise.all(answers);
    const byStatus: Record<string, number> = {};
    for (const { status } of settled) byStatus[status] = (byStatus[status] ?? 0) + 1;
    const of = (status: string) => settled.filter((a) => a.status === status).map((a) => a.ms);
    return {
      sent: settled.length,
      byStatus,
      ...spread(settled.map((a) => a.ms)),
      checked: spread(of("401")),
      refused: spread(of("503")),
    };
  };
}

/** Health and a static file alone, then the same while sign-ins arrive. */
export async function measureSignInBurst(
  baseURL: string,
  staticPath = staticFilePath(),
): Promise<SignInBurstMeasure> {
  const gzip = { "accept-encoding": "gzip" };
  const alone = {
    health: await load(`${baseURL}/api/health`),
    staticFile: await load(`${baseURL}${staticPath}`, gzip),
  };
  const stop = signInArrivals(baseURL);
  await new Promise((resolve) => setTimeout(resolve, WARM_UP_MS));
  const during = {
    health: await load(`${baseURL}/api/health`),
    staticFile: await load(`${baseURL}${staticPath}`, gzip),
  };
  return { staticPath, alone, during, signIns: await stop() };
}

/** The rows for the bench report. */
export function describeSignInBurst(m: SignInBurstMeasure): string {
  const row = (name: string, alone: Load, during: Load) =>
    `| ${name} | ${Math.round(alone.requestsPerSecond)} | ${alone.p99} | ` +
    `${Math.round(during.requestsPerSecond)} | ${during.p99} | ` +
    `${(during.p99 / Math.max(1, alone.p99)).toFixed(2)} | ` +
    `${(during.requestsPerSecond / Math.max(1, alone.requestsPerSecond)).toFixed(2)} | ` +
    `${alone.errors + during.errors} |`;
  const statuses = Object.entries(m.signIns.byStatus)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, count]) => `${count} × ${status}`)
    .join(", ");
  return [
    `Sign-in burst: ${SIGN_INS_PER_SECOND} sign-ins a second (each a new phone and address, ` +
      `scrypt N=2^17) ` +
      `arriving from ${WARM_UP_MS / 1000} s before the measurements to their end; ` +
      `${CONNECTIONS} connections, ${DURATION_SECONDS} s each.`,
    "",
    "| other requests | req/s alone | p99 ms alone | req/s during | p99 ms during | p99 × | req/s × | errors |",
    "|---|---:|---:|---:|---:|---:|---:|---:|",
    row("GET /api/health", m.alone.health, m.during.health),
    row(
      `GET ${m.staticPath.replace(/-[\w-]+\.js$/, "-*.js")} (gzip)`,
      m.alone.staticFile,
      m.during.staticFile,
    ),
    "",
    `Sign-ins during the burst: ${m.signIns.sent} sent, ${statuses}; all: p50 ${m.signIns.p50} ms, ` +
      `p99 ${m.signIns.p99} ms; checked (401): p50 ${m.signIns.checked.p50} ms, p99 ${m.signIns.checked.p99} ms; ` +
      `503: p50 ${m.signIns.refused.p50} ms, p99 ${m.signIns.refused.p99} ms.`,
  ].join("\n");
}

/** Alone: starts the built server as bench/run.ts does, runs the scenario, prints its rows. */
async function main(): Promise<void> {
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), "rms-bench-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    TRUST_PROXY: "1",
  };
  // The production preset of scrypt: NODE_ENV=test would measure the cheap one.
  delete env.NODE_ENV;
  const entry = process.env.BENCH_SERVER ?? "dist/server/server/main.js";
  const server = spawn(process.execPath, [entry], {
    env: { ...env, LOG_LEVEL: "warn" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  try {
    const deadline = Date.now() + 90_000;
    while (
      !(await fetch(`${baseURL}/api/health`).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (Date.now() > deadline) throw new Error("the server did not start in 90 s");
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    console.log(describeSignInBurst(await measureSignInBurst(baseURL)));
  } finally {
    server.kill("SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await main();
}
