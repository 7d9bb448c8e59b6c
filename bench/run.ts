// `npm run bench`: starts the built server (on DATABASE_URL when set, else the embedded database),
// drives each scenario with autocannon from this process, and prints a markdown table. Every
// scenario is compared with GET /api/health measured in the same run, so machines compare. With
// DATABASE_URL it also measures live updates across two instances (bench/live-updates.ts); the
// chat's latency (bench/chat-latency.ts) runs on the embedded database, and with DATABASE_URL on two
// instances of PostgreSQL first. The first screens' bytes and Lighthouse figures come from
// bench/first-screens.ts.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { describeChatLatency, measureChatLatency } from "./chat-latency.ts";
import { describeFirstScreens, measureFirstScreens } from "./first-screens.ts";
import { describeFootprint, measureFootprint } from "./footprint.ts";
import { describeLiveUpdates, measureLiveUpdates } from "./live-updates.ts";
import { describeRegistryImport, measureRegistryImport } from "./registry-import.ts";
import { describeSignInBurst, measureSignInBurst, staticFilePath } from "./sign-in-burst.ts";
import { freePort, waitForHealth } from "./support/server.ts";
import { describeUploadMemory, measureUploadMemory } from "./upload-memory.ts";

interface Scenario {
  name: string;
  path: string;
  method?: "GET" | "POST";
  body?: string;
  headers?: Record<string, string>;
  /** The status every answer must have; others count as errors. */
  status?: 200 | 404;
  /** Connections, if not BENCH_CONNECTIONS. */
  connections?: number;
}

const DURATION_SECONDS = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

function scenarios(): Scenario[] {
  // The cabinet's entry script, as its page names it (the lazy chunks are named after modules too).
  const cabinetScript = /<script type="module" crossorigin src="\/assets\/([^"]+\.js)"/.exec(
    readFileSync("dist/web/cabinet/index.html", "utf8"),
  )?.[1];
  return [
    { name: "GET /api/health (database ping)", path: "/api/health" },
    { name: "GET / (landing page HTML)", path: "/" },
    { name: "GET /cabinet/profile (SPA fallback)", path: "/cabinet/profile" },
    {
      name: "GET /assets/cabinet-*.js (gzip)",
      path: `/assets/${cabinetScript}`,
      headers: { "accept-encoding": "gzip" },
    },
    { name: "GET /api/openapi.json", path: "/api/openapi.json" },
    { name: "GET /api/unknown (problem+json 404)", path: "/api/unknown", status: 404 },
    { name: "GET /api/auth/session (signed out)", path: "/api/auth/session" },
    {
      // scrypt at OWASP parameters (128 MiB, ~0.5 s of CPU) bounds this by design.
      name: "POST /api/auth/sign-in (demo client, scrypt)",
      path: "/api/auth/sign-in",
      method: "POST",
      body: JSON.stringify({ phone: "+79261111111", password: "rms-demo-2026" }),
      headers: { "content-type": "application/json" },
      // Within the password queue (one hash and five waiting on two cores): more connections are
      // refused with 503 (decision 0016), which the sign-in burst below measures.
      connections: 2,
    },
  ];
}

async function measure(baseURL: string, scenario: Scenario) {
  const result = await autocannon({
    url: `${baseURL}${scenario.path}`,
    method: scenario.method ?? "GET",
    body: scenario.body,
    headers: scenario.headers,
    connections: scenario.connections ?? CONNECTIONS,
    duration: DURATION_SECONDS,
  });
  return {
    name: scenario.name,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors:
      result.errors + result.timeouts + (scenario.status === 404 ? result["2xx"] : result.non2xx),
  };
}

async function main(): Promise<void> {
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), "rms-bench-"));
  const database = process.env.DATABASE_URL ? "PostgreSQL server" : "embedded PGlite";
  const server = spawn(process.execPath, ["dist/server/server/main.js"], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
      // The sign-in burst sends each try from its own address (X-Forwarded-For).
      TRUST_PROXY: "1",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  try {
    await waitForHealth(baseURL);
    const rows = [];
    for (const scenario of scenarios()) {
      process.stderr.write(`measuring ${scenario.name} for ${DURATION_SECONDS} s…\n`);
      rows.push(await measure(baseURL, scenario));
    }
    const health = rows[0]?.requestsPerSecond ?? 1;
    const cpu = cpus()[0]?.model ?? "unknown CPU";
    const lines = [
      `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpu}, ` +
        `${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${database}; ` +
        `${CONNECTIONS} connections, ${DURATION_SECONDS} s per scenario.`,
      "",
      "| scenario | requests/s | p50 ms | p99 ms | vs health | errors |",
      "|---|---:|---:|---:|---:|---:|",
      ...rows.map(
        (row) =>
          `| ${row.name} | ${Math.round(row.requestsPerSecond)} | ${row.p50} | ${row.p99} | ` +
          `${(row.requestsPerSecond / health).toFixed(2)} | ${row.errors} |`,
      ),
    ];
    if (server.pid !== undefined && process.platform === "linux") {
      process.stderr.write("measuring memory during a 24 MB upload…\n");
      lines.push("", describeUploadMemory(await measureUploadMemory(baseURL, server.pid)));
    }
    process.stderr.write("measuring health and a static file during a sign-in burst…\n");
    lines.push("", describeSignInBurst(await measureSignInBurst(baseURL, staticFilePath())));
    process.stderr.write("measuring the registry import…\n");
    lines.push("", describeRegistryImport(await measureRegistryImport()));
    process.stderr.write("measuring the first screens (bytes at 360 px, Lighthouse)…\n");
    lines.push("", describeFirstScreens(await measureFirstScreens(baseURL)));
    if (process.env.DATABASE_URL) {
      process.stderr.write("measuring live updates across two instances…\n");
      lines.push("", describeLiveUpdates(await measureLiveUpdates(process.env.DATABASE_URL)));
    }
    process.stderr.write("measuring the chat's latency (servers of their own)…\n");
    lines.push("", describeChatLatency(await measureChatLatency(process.env.DATABASE_URL)));
    process.stderr.write("measuring start and idle memory (servers of their own)…\n");
    const footprints = [await measureFootprint()];
    if (process.env.DATABASE_URL) footprints.push(await measureFootprint(process.env.DATABASE_URL));
    lines.push("", describeFootprint(footprints));
    const table = lines.join("\n");
    console.log(table);
    writeFileSync("bench/latest.md", `${table}\n`);
  } finally {
    server.kill("SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
