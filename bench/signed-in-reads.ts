// `node --import tsx bench/signed-in-reads.ts`: the signed-in reads of issue 12 beside
// GET /api/health, at 10 and 50 connections, on the embedded database and, with DATABASE_URL (a
// server on which a throwaway database is created and dropped), on PostgreSQL, in one run so the
// ratios hold on a loaded machine. Runs the server from source (no build needed); prints markdown.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { freePort, signInCookie, throwawayDatabase, waitForHealth } from "./support/server.ts";

const DURATION_SECONDS = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = [10, 50];

interface Row {
  database: string;
  name: string;
  connections: number;
  requestsPerSecond: number;
  p99: number;
  errors: number;
}

async function measureServer(database: string, env: NodeJS.ProcessEnv): Promise<Row[]> {
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), "rms-bench-reads-"));
  const server = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir },
    stdio: ["ignore", "inherit", "inherit"],
  });
  try {
    await waitForHealth(baseURL);
    const client = await signInCookie(
      baseURL,
      "/api/auth/sign-in",
      { phone: "+79261111111", password: "rms-demo-2026" },
      "rms_session",
    );
    const staff = await signInCookie(
      baseURL,
      "/api/staff/auth/sign-in",
      { email: "operator@rms.local", password: "rms-demo-2026" },
      "rms_staff_session",
    );
    const list = (await (
      await fetch(`${baseURL}/api/contracts`, { headers: { cookie: client } })
    ).json()) as { contracts: { id: string }[] };
    const contractId = list.contracts[0]?.id;
    if (!contractId) throw new Error("the demo client has no contract");
    const scenarios = [
      { name: "GET /api/health", path: "/api/health", cookie: undefined },
      { name: "GET /api/contracts", path: "/api/contracts", cookie: client },
      { name: "GET /api/contracts/:id", path: `/api/contracts/${contractId}`, cookie: client },
      { name: "GET /api/messages", path: "/api/messages", cookie: client },
      {
        name: "GET /api/staff/contracts?q=Иванов",
        path: `/api/staff/contracts?q=${encodeURIComponent("Иванов")}`,
        cookie: staff,
      },
    ];
    const rows: Row[] = [];
    for (const connections of CONNECTIONS) {
      for (const scenario of scenarios) {
        process.stderr.write(`${database}: ${scenario.name}, ${connections} connections…\n`);
        const result = await autocannon({
          url: `${baseURL}${scenario.path}`,
          headers: scenario.cookie ? { cookie: scenario.cookie } : {},
          connections,
          duration: DURATION_SECONDS,
        });
        rows.push({
          database,
          name: scenario.name,
          connections,
          requestsPerSecond: result.requests.average,
          p99: result.latency.p99,
          errors: result.errors + result.timeouts + result.non2xx,
        });
      }
    }
    return rows;
  } finally {
    server.kill("SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const started = new Date();
  const load = loadavg()[0]?.toFixed(1);
  const rows = await measureServer("embedded PGlite", { DATABASE_URL: "", LOG_LEVEL: "warn" });
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const database = await throwawayDatabase(serverUrl, "rms_bench");
    try {
      rows.push(
        ...(await measureServer("PostgreSQL", {
          DATABASE_URL: database.url,
          SEED_DEMO: "1",
          LOG_LEVEL: "warn",
        })),
      );
    } finally {
      await database.drop();
    }
  }
  const health = (row: Row) =>
    rows.find(
      (other) =>
        other.database === row.database &&
        other.connections === row.connections &&
        other.name === "GET /api/health",
    )?.requestsPerSecond ?? 1;
  const lines = [
    `Signed-in reads, measured ${started.toISOString().slice(0, 16).replace("T", " ")} UTC on ` +
      `${cpus().length} cores, load average ${load} at the start (${loadavg()[0]?.toFixed(1)} at ` +
      `the end), Node ${process.version}; ${DURATION_SECONDS} s per row, one run.`,
    "",
    "| database | scenario | connections | requests/s | p99 ms | vs health | errors |",
    "|---|---|---:|---:|---:|---:|---:|",
    ...rows.map(
      (row) =>
        `| ${row.database} | ${row.name} | ${row.connections} | ` +
        `${Math.round(row.requestsPerSecond)} | ${row.p99} | ` +
        `${(row.requestsPerSecond / health(row)).toFixed(2)} | ${row.errors} |`,
    ),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

await main();
