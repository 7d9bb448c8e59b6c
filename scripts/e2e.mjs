// Runs the end-to-end specs in Debian's Chromium (or CHROMIUM_PATH), never a downloaded browser.
// Outside CI a missing Chromium skips the step with one line; in CI (CI=true) it fails the run.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const chromium = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
if (!existsSync(chromium)) {
  const why = `e2e skipped: no Chromium at ${chromium} (apt-get install -y chromium, or set CHROMIUM_PATH)`;
  if (process.env.CI === "true") {
    console.error(why.replace("skipped", "failed"));
    process.exit(1);
  }
  console.log(why);
  process.exit(0);
}

const build = spawnSync(process.execPath, ["scripts/build-if-stale.mjs"], { stdio: "inherit" });
if (build.status !== 0) process.exit(build.status ?? 1);

const args = ["vitest", "run", "--config", "e2e/vitest.config.ts", ...process.argv.slice(2)];
const run = spawnSync("npx", args, { stdio: "inherit" });
process.exit(run.status ?? 1);
