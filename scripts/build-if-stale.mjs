// `npm start` right after `npm install`: builds the server and the web app when any of their
// sources is newer than the last build, and otherwise starts at once.
import { execSync } from "node:child_process";
import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const stamp = join(root, "dist/.build-stamp");
const inputs = [
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

const lastBuild = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
const sourcesChanged = Math.max(...inputs.map((input) => newestChange(join(root, input))));
if (sourcesChanged > lastBuild) {
  console.log("Building the server and the web app (first start or sources changed)…");
  execSync("npm run build", { cwd: root, stdio: "inherit" });
  writeFileSync(stamp, new Date().toISOString());
}
