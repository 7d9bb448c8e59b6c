// `npm test`: lint, boundaries, typecheck, unit, component, integration and end-to-end tests, then one summary.
// Every step runs even when an earlier one failed, so one run shows everything that is wrong.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const reports = join(".tmp", "test-reports");
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

function vitestArgs(name) {
  return [
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${join(reports, `${name}.json`)}`,
  ];
}

const steps = [
  { name: "lint", command: ["npx", "biome", "check", "."] },
  // Import boundaries between modules, layers and the two web apps (.dependency-cruiser.cjs).
  { name: "boundaries", command: ["npm", "run", "--silent", "lint:boundaries"] },
  { name: "typecheck", command: ["npm", "run", "--silent", "typecheck"] },
  { name: "unit", command: ["npx", "vitest", "run", "--project", "unit", ...vitestArgs("unit")] },
  {
    name: "component",
    command: ["npx", "vitest", "run", "--project", "component", ...vitestArgs("component")],
  },
  {
    name: "integration",
    command: ["npx", "vitest", "run", "--project", "integration", ...vitestArgs("integration")],
  },
  { name: "e2e", command: ["node", "scripts/e2e.mjs", ...vitestArgs("e2e")] },
];

function counts(name) {
  const path = join(reports, `${name}.json`);
  if (!existsSync(path)) return undefined;
  const report = JSON.parse(readFileSync(path, "utf8"));
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests,
    skipped: report.numPendingTests + report.numTodoTests,
  };
}

const results = [];
for (const step of steps) {
  console.log(`\n━━ ${step.name}: ${step.command.join(" ")}`);
  const started = Date.now();
  const run = spawnSync(step.command[0], step.command.slice(1), { stdio: "inherit" });
  results.push({
    name: step.name,
    ok: run.status === 0,
    seconds: ((Date.now() - started) / 1000).toFixed(1),
    tests: counts(step.name),
  });
}

let passed = 0;
let failed = 0;
let skipped = 0;
console.log("\n━━ Summary");
for (const result of results) {
  const tests = result.tests
    ? `${result.tests.passed} passed, ${result.tests.failed} failed, ${result.tests.skipped} skipped`
    : "";
  if (result.tests) {
    passed += result.tests.passed;
    failed += result.tests.failed;
    skipped += result.tests.skipped;
  }
  console.log(
    `  ${result.ok ? "ok  " : "FAIL"}  ${result.name.padEnd(12)} ${result.seconds.padStart(6)} s  ${tests}`,
  );
}
const failedSteps = results.filter((result) => !result.ok).map((result) => result.name);
if (failedSteps.length > 0) console.log(`\nFailed steps: ${failedSteps.join(", ")}`);
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failedSteps.length > 0 ? 1 : 0);
