// The first screens a visitor meets: the landing (/) and «Вход» (/cabinet/sign-in). For each, the
// brotli bytes of the scripts and styles a 360 px phone actually requests (the page loaded in
// Debian's Chromium through playwright-core; each asset it asked for is then fetched once more
// with `accept-encoding: br` and its body counted, as the server sends the precompressed file),
// and Lighthouse's mobile figures, the median of three runs, as Lighthouse's simulated CPU
// throttling makes blocking time follow the machine's load. bench/run.ts runs it against its
// server; `node --import tsx bench/first-screens.ts [web root]` starts the app in this process
// (on a fresh embedded database, serving dist/web or the given build) and runs it alone.
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { chromium } from "playwright-core";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROME_FLAGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];
const LIGHTHOUSE_RUNS = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 3);

export const firstScreens = [
  { name: "landing", path: "/" },
  { name: "«Вход»", path: "/cabinet/sign-in" },
] as const;

interface Bytes {
  js: number;
  css: number;
  files: number;
}

interface LighthouseRun {
  performance: number;
  accessibility: number;
  totalBlockingTime: number;
  largestContentfulPaint: number;
}

export interface FirstScreenMeasure {
  name: string;
  path: string;
  bytes: Bytes;
  /** Every run, in the order they ran (undefined: Lighthouse gave up); the table shows medians. */
  lighthouse: (LighthouseRun | undefined)[];
}

export interface FirstScreensMeasure {
  screens: FirstScreenMeasure[];
  /** The landing, then «Личный кабинет» pressed: what the two screens cost together. */
  landingThenSignIn: Bytes;
}

/** The body length of an asset as the server sends it to a browser that accepts brotli. */
function brotliLength(url: string): Promise<number> {
  return new Promise((done, fail) => {
    const req = request(url, { headers: { "accept-encoding": "br" } }, (res) => {
      let length = 0;
      res.on("data", (chunk: Buffer) => {
        length += chunk.length;
      });
      res.on("end", () => done(length));
      res.on("error", fail);
    });
    req.on("error", fail);
    req.end();
  });
}

async function sumBytes(urls: Iterable<string>): Promise<Bytes> {
  const bytes: Bytes = { js: 0, css: 0, files: 0 };
  for (const url of urls) {
    const length = await brotliLength(url);
    if (new URL(url).pathname.endsWith(".css")) bytes.css += length;
    else bytes.js += length;
    bytes.files += 1;
  }
  return bytes;
}

/** The scripts and styles each first screen requests at 360 px, and both in one visit. */
async function measureBytes(baseURL: string): Promise<{ each: Map<string, Bytes>; both: Bytes }> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROME_FLAGS });
  try {
    const assetsOf = async (
      path: string,
      then?: (page: import("playwright-core").Page) => Promise<void>,
    ) => {
      const context = await browser.newContext({
        viewport: { width: 360, height: 740 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
      });
      const urls = new Set<string>();
      context.on("request", (req) => {
        if (["script", "stylesheet"].includes(req.resourceType())) urls.add(req.url());
      });
      const page = await context.newPage();
      await page.goto(`${baseURL}${path}`, { waitUntil: "networkidle" });
      if (then) await then(page);
      await context.close();
      return urls;
    };
    const each = new Map<string, Bytes>();
    for (const screen of firstScreens) {
      each.set(screen.path, await sumBytes(await assetsOf(screen.path)));
    }
    const both = await assetsOf("/", async (page) => {
      await page.getByRole("link", { name: "Личный кабинет" }).click();
      await page.getByRole("heading", { level: 1 }).waitFor();
      await page.waitForLoadState("networkidle");
    });
    return { each, both: await sumBytes(both) };
  } finally {
    await browser.close();
  }
}

async function runLighthouse(url: string): Promise<LighthouseRun | undefined> {
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: CHROME_FLAGS });
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: ["performance", "accessibility"],
    });
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
    const { categories, audits, runtimeError } = result.lhr;
    // A run Lighthouse itself gave up on (no paint seen, a protocol timeout) has no figures.
    if (runtimeError) return undefined;
    return {
      performance: Math.round((categories.performance?.score ?? 0) * 100),
      accessibility: Math.round((categories.accessibility?.score ?? 0) * 100),
      totalBlockingTime: audits["total-blocking-time"]?.numericValue ?? Number.NaN,
      largestContentfulPaint: audits["largest-contentful-paint"]?.numericValue ?? Number.NaN,
    };
  } finally {
    chrome.kill();
  }
}

/** Bytes of both first screens, then Lighthouse `LIGHTHOUSE_RUNS` times on each, interleaved. */
export async function measureFirstScreens(baseURL: string): Promise<FirstScreensMeasure> {
  const { each, both } = await measureBytes(baseURL);
  const runs = new Map<string, (LighthouseRun | undefined)[]>(
    firstScreens.map(({ path }) => [path, []]),
  );
  for (let run = 0; run < LIGHTHOUSE_RUNS; run += 1) {
    for (const screen of firstScreens) {
      process.stderr.write(`Lighthouse ${run + 1}/${LIGHTHOUSE_RUNS} on ${screen.path}…\n`);
      runs.get(screen.path)?.push(await runLighthouse(`${baseURL}${screen.path}`));
    }
  }
  return {
    screens: firstScreens.map(({ name, path }) => ({
      name,
      path,
      bytes: each.get(path) ?? { js: 0, css: 0, files: 0 },
      lighthouse: runs.get(path) ?? [],
    })),
    landingThenSignIn: both,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  if (sorted.length % 2) return sorted[middle] ?? Number.NaN;
  return ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const kib = (bytes: number) => (bytes / 1024).toFixed(1);

export function describeFirstScreens(measure: FirstScreensMeasure): string {
  const runs = measure.screens[0]?.lighthouse.length ?? 0;
  const figures = (lh: (LighthouseRun | undefined)[]) => {
    const done = lh.filter((run) => run !== undefined);
    const of = (pick: (run: LighthouseRun) => number) => median(done.map(pick));
    const each = (pick: (run: LighthouseRun) => number) =>
      lh.map((run) => (run ? String(Math.round(pick(run))) : "failed")).join(", ");
    return (
      `${of((r) => r.performance)} (${each((r) => r.performance)}) | ` +
      `${Math.round(of((r) => r.totalBlockingTime))} (${each((r) => r.totalBlockingTime)}) | ` +
      `${(of((r) => r.largestContentfulPaint) / 1000).toFixed(1)} | ${of((r) => r.accessibility)}`
    );
  };
  const row = (name: string, bytes: Bytes, lighthouseFigures: string) =>
    `| ${name} | ${kib(bytes.js)} | ${kib(bytes.css)} | ${bytes.files} | ${lighthouseFigures} |`;
  return [
    "First screens at 360 px: brotli KiB of the scripts and styles the page requests (Chromium), " +
      `and Lighthouse 12.2.3 mobile (simulated throttling), median of ${runs} runs (each in brackets).`,
    "",
    "| first screen | JS KiB | CSS KiB | files | performance | blocking ms | LCP s | accessibility |",
    "|---|---:|---:|---:|---:|---:|---:|---:|",
    ...measure.screens.map((screen) =>
      row(`${screen.name} \`${screen.path}\``, screen.bytes, figures(screen.lighthouse)),
    ),
    row("landing, then «Личный кабинет»", measure.landingThenSignIn, "— | — | — | —"),
  ].join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { buildApp } = await import("../server/app.ts");
  const { loadConfig } = await import("../server/config.ts");
  const dataDir = mkdtempSync(join(tmpdir(), "rms-first-screens-"));
  const webRoot = process.argv[2] ? resolve(process.argv[2]) : undefined;
  const app = await buildApp(loadConfig({ ...process.env, DATA_DIR: dataDir, LOG_LEVEL: "warn" }), {
    webRoot,
  });
  try {
    const address = await app.listen({ host: "127.0.0.1", port: 0 });
    console.log(describeFirstScreens(await measureFirstScreens(address)));
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
