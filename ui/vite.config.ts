// Build of the dashboard: Preact components (TSX) bundled by vite into dist/ui, served by the gateway at /ui.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/ui/",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: fileURLToPath(new URL("../dist/ui", import.meta.url)),
    emptyOutDir: true,
    // One small bundle; no inline scripts or styles, so the page runs under a self-only Content-Security-Policy.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 600,
  },
});
