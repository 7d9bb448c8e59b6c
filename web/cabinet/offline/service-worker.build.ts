import type { Plugin } from "vite";

/** The shape of a built chunk this needs (Rollup's and Rolldown's OutputChunk have more). */
export interface BuiltChunk {
  type: "chunk";
  fileName: string;
  name: string;
  isEntry: boolean;
  imports: string[];
  dynamicImports: string[];
  viteMetadata?: { importedCss: Set<string>; importedAssets: Set<string> };
}
export interface BuiltAsset {
  type: "asset";
  fileName: string;
}

/**
 * The built files the cabinet's entry can ever load — its chunks, the lazy screens and texts and
 * their styles — as paths; none that only the staff console loads.
 */
export function cabinetFiles(bundle: Record<string, BuiltChunk | BuiltAsset>, entryName: string) {
  const chunks = new Map<string, BuiltChunk>();
  for (const file of Object.values(bundle))
    if (file.type === "chunk") chunks.set(file.fileName, file);
  const entry = [...chunks.values()].find((chunk) => chunk.isEntry && chunk.name === entryName);
  if (!entry) throw new Error(`no entry chunk named ${entryName}`);
  const files = new Set<string>();
  const visit = (fileName: string) => {
    if (files.has(fileName)) return;
    files.add(fileName);
    const chunk = chunks.get(fileName);
    if (!chunk) return;
    for (const css of chunk.viteMetadata?.importedCss ?? []) files.add(css);
    for (const asset of chunk.viteMetadata?.importedAssets ?? []) files.add(asset);
    for (const next of [...chunk.imports, ...chunk.dynamicImports]) visit(next);
  };
  visit(entry.fileName);
  return [...files].sort().map((fileName) => `/${fileName}`);
}

const WORKER_FILE = "service-worker.js";
const PLACEHOLDER = "BUILD_FILES";

/**
 * Builds web/cabinet/offline/service-worker.ts into /service-worker.js (a fixed address: the
 * browser checks it for updates) with the cabinet's built files written in, so that each build
 * is a new worker (docs/decisions/0026). A build of its own, one classic script with nothing
 * shared with the app's chunks. Production builds only: the dev server has no worker.
 */
export function cabinetServiceWorker({ source }: { source: string }): Plugin {
  return {
    name: "rms-cabinet-service-worker",
    apply: "build",
    async generateBundle(_options, bundle) {
      const files = cabinetFiles(
        bundle as unknown as Record<string, BuiltChunk | BuiltAsset>,
        "cabinet",
      ).filter((file) => file.startsWith("/assets/"));
      // The build's name: its file list (content-hashed names) is what changes between builds.
      let hash = 0;
      for (const char of files.join("\n")) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
      const build = (hash >>> 0).toString(36);
      const value = JSON.stringify({
        build,
        files: [...files, "/favicon.svg", "/manifest.webmanifest"],
      });
      const { build: viteBuild } = await import("vite");
      const output = await viteBuild({
        configFile: false,
        logLevel: "warn",
        define: { [PLACEHOLDER]: value },
        build: {
          write: false,
          emptyOutDir: false,
          minify: true,
          lib: {
            entry: source,
            formats: ["iife"],
            name: "rmsServiceWorker",
            fileName: () => WORKER_FILE,
          },
        },
      });
      const outputs = Array.isArray(output) ? output : [output];
      const code = outputs
        .flatMap((result) => ("output" in result ? result.output : []))
        .find((file) => file.type === "chunk" && file.fileName === WORKER_FILE);
      if (code?.type !== "chunk") this.error(`${WORKER_FILE} was not built`);
      if (code.code.includes(PLACEHOLDER)) this.error(`${WORKER_FILE} kept ${PLACEHOLDER}`);
      this.emitFile({ type: "asset", fileName: WORKER_FILE, source: code.code });
    },
  };
}
