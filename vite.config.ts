import { resolve } from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const webRoot = resolve(import.meta.dirname, "web");

// Two entries share web/ui: the client cabinet (also serves the landing at /) and the staff console.
export default defineConfig({
  root: webRoot,
  publicDir: resolve(webRoot, "public"),
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, "dist/web"),
    emptyOutDir: true,
    rollupOptions: {
      input: {
        cabinet: resolve(webRoot, "cabinet/index.html"),
        staff: resolve(webRoot, "staff/index.html"),
      },
    },
  },
  server: {
    proxy: { "/api": "http://localhost:3000", "/legal": "http://localhost:3000" },
  },
});
