// `npm run bench`: starts the built server (on DATABASE_URL when set, else the embedded database),
// drives each scenario with autocannon from this process, and prints a markdown table. Every
// scenario is compared with GET /api/health measured in the same run, so machines compare.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { describeRegistryImport, measureRegistryImport } from "./registry-import.ts";
import { describeUploadMemory, measureUploadMemory } from "./upload-memory.ts";

interface Scenario {
  name: string;
  path: string;
  method?: "GET" | "POST";
  body?: string;
  headers?: Record<string, string>;
  /** The status every answer must have; others count as errors. */
  status?: 200 | 404;
}

const DURATION_SECONDS = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

async function waitForHealth(baseURL: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${baseURL}/api/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("the server did not start in 90 s");
}

function scenarios(): Scenario[] {
  const cabinetScript = readdirSync("dist/web/assets").find(
    (file) => file.startsWith("cabinet-") && file.endsWith(".js"),
  );
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
    },
  ];
}

async function measure(baseURL: string, scenario: Scenario) {
  const result = await autocannon({
    url: `${baseURL}${scenario.path}`,
    method: scenario.method ?? "GET",
    body: scenario.body,
    headers: scenario.headers,
    connections: CONNECTIONS,
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
    process.stderr.write("measuring the registry import…\n");
    lines.push("", describeRegistryImport(await measureRegistryImport()));
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
