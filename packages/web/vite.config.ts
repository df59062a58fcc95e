import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The UI is served by the API server from packages/web/dist; `vite` (dev) proxies /api to it.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 4000 },
  server: { proxy: { "/api": `http://127.0.0.1:${process.env.DRSO_PORT ?? "8080"}` } },
});
