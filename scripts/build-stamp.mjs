// Records what a build was made from, so `npm start` after `npm run build` does not build again.
// `begin` notes the newest source change before building; `end` makes that the build's stamp, so a
// source edited while the build ran still counts as newer than the build.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
export const STAMP = join(root, "dist/.build-stamp");
const PENDING = `${STAMP}.pending`;
const INPUTS = [
  "server",
  "common",
  "web",
  "package.json",
  "package-lock.json",
  "tsconfig.base.json",
  "tsconfig.server.json",
  "tsconfig.web.json",
  "vite.config.ts",
];

function newestChange(path) {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, entry)));
  return newest;
}

/** The newest modification time among the build's inputs. */
export function sourcesChangedAt() {
  return Math.max(...INPUTS.map((input) => newestChange(join(root, input))));
}

/** The sources' time recorded by the last complete build, or 0. */
export function builtFrom() {
  if (!existsSync(STAMP)) return 0;
  const recorded = Number(readFileSync(STAMP, "utf8").trim());
  return Number.isFinite(recorded) ? recorded : 0;
}

const step = process.argv[2];
if (step === "begin") {
  mkdirSync(dirname(PENDING), { recursive: true });
  writeFileSync(PENDING, String(sourcesChangedAt()));
} else if (step === "end") {
  if (existsSync(PENDING)) renameSync(PENDING, STAMP);
}
