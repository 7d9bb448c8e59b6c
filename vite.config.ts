import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";
import { cabinetServiceWorker } from "./web/cabinet/offline/service-worker.build.ts";

const webRoot = resolve(import.meta.dirname, "web");
const require = createRequire(import.meta.url);

interface PhoneMetadata {
  version: number;
  country_calling_codes: Record<string, string[]>;
  countries: Record<string, unknown>;
}

/**
 * libphonenumber-js/min carries every country's metadata (83 KB minified); the web parses Russian
 * mobile numbers only (common/format/phone.ts, through the shared zod schemas), so its bundle gets
 * the metadata of calling code 7 alone (Russia, Kazakhstan), cut from the installed package at
 * build time, behind the same `parsePhoneNumberFromString`. The server keeps the whole package.
 */
function russianPhoneMetadata(): Plugin {
  const moduleId = "\0rms-phone-metadata-7";
  return {
    name: "rms-russian-phone-metadata",
    enforce: "pre",
    resolveId(source, importer) {
      if (source !== "libphonenumber-js/min" || importer?.includes("/node_modules/")) return null;
      return moduleId;
    },
    load(id) {
      if (id !== moduleId) return null;
      const all: PhoneMetadata = JSON.parse(
        readFileSync(require.resolve("libphonenumber-js/metadata.min.json"), "utf8"),
      );
      const countries = all.country_calling_codes["7"] ?? [];
      const metadata = {
        version: all.version,
        country_calling_codes: { 7: countries },
        countries: Object.fromEntries(countries.map((code) => [code, all.countries[code]])),
        nonGeographic: {},
      };
      return [
        'import { parsePhoneNumberFromString as parse } from "libphonenumber-js/core";',
        `const metadata = ${JSON.stringify(metadata)};`,
        "export function parsePhoneNumberFromString(text, country) {",
        "  return parse(text, country, metadata);",
        "}",
      ].join("\n");
    },
  };
}

/**
 * The cabinet's first screens and the source modules each needs beyond the entry: the layouts,
 * the page and its texts. Keep in step with the routes of web/cabinet/app.tsx (the build fails
 * on a module that is not in the bundle).
 */
const firstScreens: Record<string, string[]> = {
  "/cabinet/sign-in": ["identity/sign-in.page.tsx"],
  "/cabinet/register": ["identity/register.page.tsx"],
  "/cabinet/recovery": ["identity/recovery.page.tsx"],
};
const authFrame = ["shell/data.layout.tsx", "identity/auth.layout.tsx", "locales/ru/identity.json"];

/**
 * Writes cabinet/first-screens.json: for each first screen, every script it loads lazily. The
 * server names them in that screen's HTML as modulepreload links, so a phone fetches them beside
 * the entry instead of after it has run and found the route (one round trip of the slow network
 * less per level of lazy imports; server/plugins/web.ts).
 */
function firstScreenPreloads(): Plugin {
  return {
    name: "rms-first-screen-preloads",
    apply: "build",
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).flatMap((file) => (file.type === "chunk" ? [file] : []));
      const byFile = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
      const closure = (fileName: string, into: Set<string>) => {
        if (into.has(fileName)) return into;
        into.add(fileName);
        for (const imported of byFile.get(fileName)?.imports ?? []) closure(imported, into);
        return into;
      };
      const entry = chunks.find((chunk) => chunk.isEntry && chunk.name === "cabinet");
      if (!entry) this.error("the cabinet entry chunk is missing");
      const loadedByEntry = closure(entry.fileName, new Set());
      const screens: Record<string, string[]> = {};
      for (const [path, modules] of Object.entries(firstScreens)) {
        const files = new Set<string>();
        for (const module of [...authFrame, ...modules]) {
          const id = resolve(webRoot, "cabinet", module);
          const chunk = chunks.find((one) => one.facadeModuleId === id);
          if (!chunk) this.error(`first screen ${path}: no chunk for ${module}`);
          closure(chunk.fileName, files);
        }
        screens[path] = [...files].filter((file) => !loadedByEntry.has(file)).map((f) => `/${f}`);
      }
      this.emitFile({
        type: "asset",
        fileName: "cabinet/first-screens.json",
        source: `${JSON.stringify(screens, null, 2)}\n`,
      });
    },
  };
}

// Two entries share web/ui: the client cabinet (also serves the landing at /) and the staff console.
export default defineConfig({
  root: webRoot,
  publicDir: resolve(webRoot, "public"),
  plugins: [
    react(),
    russianPhoneMetadata(),
    firstScreenPreloads(),
    // /service-worker.js: the installed cabinet offline (docs/decisions/0026-offline-cabinet.md).
    cabinetServiceWorker({ source: resolve(webRoot, "cabinet/offline/service-worker.ts") }),
  ],
  build: {
    outDir: resolve(import.meta.dirname, "dist/web"),
    emptyOutDir: true,
    rollupOptions: {
      input: {
        cabinet: resolve(webRoot, "cabinet/index.html"),
        staff: resolve(webRoot, "staff/index.html"),
      },
      output: {
        // Lazy screens share many small modules (a Mantine input, a hook); left alone each is a
        // chunk of its own, and «Вход» asked for 35 files, a round trip per few on a phone. Common
        // chunks under 16 KB are copied into the chunks that import them instead (18 files).
        codeSplitting: { experimentalInlineCommonChunks: { maxSize: 16_384 } },
      },
    },
  },
  server: {
    proxy: { "/api": "http://localhost:3000", "/legal": "http://localhost:3000" },
  },
});
