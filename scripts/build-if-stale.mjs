// `npm start` right after `npm install`: builds the server and the web app when any of their
// sources is newer than the last build (by `npm start` or `npm run build`), and otherwise starts at once.
import { execSync } from "node:child_process";
import { builtFrom, sourcesChangedAt } from "./build-stamp.mjs";

const root = new URL("..", import.meta.url).pathname;
if (sourcesChangedAt() > builtFrom()) {
  console.log("Building the server and the web app (first start or sources changed)…");
  execSync("npm run build", { cwd: root, stdio: "inherit" });
}
