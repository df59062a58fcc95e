#!/usr/bin/env node
// Builds the web UI when packages/web/dist is missing or older than its sources, so that
// `npm ci && npm start` serves the UI with no separate step. Runs as the root `prestart` script
// and from the e2e tests' global setup.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const web = join(root, "packages", "web");
const dist = join(web, "dist", "index.html");
const inputs = [
  join(web, "src"),
  join(web, "index.html"),
  join(web, "vite.config.ts"),
  join(root, "packages", "core", "src"),
];

/** Newest modification time under a path (files and folders, recursively). */
const newest = (path) => {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newest(join(path, name))), st.mtimeMs);
};

export function webBuildIsStale() {
  if (!existsSync(dist)) return true;
  const built = statSync(dist).mtimeMs;
  return inputs.some((p) => newest(p) > built);
}

export function ensureWebBuild() {
  if (!webBuildIsStale()) return;
  console.log("Building the web UI (packages/web/dist)...");
  const res = spawnSync(
    process.execPath,
    [join(root, "node_modules", "vite", "bin", "vite.js"), "build", "--logLevel", "error"],
    {
      cwd: web,
      // Test runners set NODE_ENV=test, which would make Vite bundle React's development build.
      env: { ...process.env, NODE_ENV: "production" },
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
  if (res.status !== 0) throw new Error("The web UI build failed; see the errors above.");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    ensureWebBuild();
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
