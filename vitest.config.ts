import { defineConfig } from "vitest/config";

// Unit tests (*.test.ts) need nothing running; integration tests (*.integration-test.ts) build the
// app on a fresh database per file (server/test/build-test-app.ts). End-to-end specs live in e2e/
// and run through scripts/e2e.mjs with their own config. Component tests (*.component-test.tsx)
// render web forms with the app's providers (the cabinet's: web/cabinet/test/render.tsx).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["common/**/*.test.ts", "server/**/*.test.ts", "web/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        test: {
          name: "component",
          include: ["web/**/*.component-test.tsx"],
          // happy-dom rather than jsdom: it starts several times faster on the 2-core machines and has
          // what forms need (events, focus, FormData, File); real browsers are the e2e suite's job.
          environment: "happy-dom",
          setupFiles: ["web/test/component-setup.ts"],
        },
      },
      {
        test: {
          name: "integration",
          include: ["server/**/*.integration-test.ts"],
          environment: "node",
          globalSetup: ["server/test/global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
