// `node --import tsx bench/profile-reads.ts <reads> [seconds] [connections]`: the server from
// source under `node --cpu-prof` while autocannon drives the signed-in reads named (comma-separated:
// health, contracts, contract, messages, staff), one after another; the profile is written to
// PROFILE_DIR (default /tmp/rms-profiles) when the server exits. With PROFILE_DATABASE_URL (a server
// on which a throwaway database is created and dropped) on PostgreSQL, else embedded; NO_PROFILE=1
// runs without the profiler, to compare reads back to back. Open the .cpuprofile in Chrome's
// DevTools (Performance) or read its self times (how decision 0019's figures were found).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { freePort, signInCookie, throwawayDatabase, waitForHealth } from "./support/server.ts";

const reads = (process.argv[2] ?? "contracts").split(",");
const seconds = Number(process.argv[3] ?? 10);
const connections = Number(process.argv[4] ?? 10);
const profileDir = process.env.PROFILE_DIR ?? join(tmpdir(), "rms-profiles");

const serverUrl = process.env.PROFILE_DATABASE_URL;
const env: NodeJS.ProcessEnv = { DATABASE_URL: "", LOG_LEVEL: "warn" };
const database = serverUrl ? await throwawayDatabase(serverUrl, "rms_profile") : undefined;
if (database) Object.assign(env, { DATABASE_URL: database.url, SEED_DEMO: "1" });
const port = await freePort();
const baseURL = `http://127.0.0.1:${port}`;
const dataDir = mkdtempSync(join(tmpdir(), "rms-profile-"));
const profiler = process.env.NO_PROFILE ? [] : ["--cpu-prof", `--cpu-prof-dir=${profileDir}`];
const server = spawn(process.execPath, [...profiler, "--import", "tsx", "server/main.ts"], {
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
  const paths: Record<string, [string, string | undefined]> = {
    health: ["/api/health", undefined],
    contracts: ["/api/contracts", client],
    contract: [`/api/contracts/${list.contracts[0]?.id}`, client],
    messages: ["/api/messages", client],
    staff: [`/api/staff/contracts?q=${encodeURIComponent("Иванов")}`, staff],
  };
  for (const read of reads) {
    const target = paths[read];
    if (!target) throw new Error(`unknown read ${read}: ${Object.keys(paths).join(", ")}`);
    const [path, cookie] = target;
    const result = await autocannon({
      url: `${baseURL}${path}`,
      headers: cookie ? { cookie } : {},
      connections,
      duration: seconds,
    });
    const errors = result.errors + result.timeouts + result.non2xx;
    process.stdout.write(
      `${read}: ${Math.round(result.requests.average)} req/s, p99 ${result.latency.p99} ms, ${errors} errors\n`,
    );
  }
} finally {
  server.kill("SIGTERM");
  await new Promise((resolve) => server.once("exit", resolve));
  rmSync(dataDir, { recursive: true, force: true });
  await database?.drop();
}
if (!process.env.NO_PROFILE) process.stdout.write(`profile written to ${profileDir}\n`);
