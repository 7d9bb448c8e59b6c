import { defineConfig } from "vitest/config";

// End-to-end specs drive Debian's Chromium against the built app on a free port
// (e2e/support/global-setup.ts). Run through `npm run test:e2e`, which checks for Chromium first.
export default defineConfig({
  test: {
    name: "e2e",
    include: ["e2e/**/*.e2e.ts"],
    globalSetup: ["e2e/support/global-setup.ts"],
    // One browser at a time: the machines have two cores.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
