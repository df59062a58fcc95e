#!/usr/bin/env node
// Bundles the `drso` CLI (and with it the server, runner, simulator and AWS adapters) into one
// ES module, packages/cli/dist/drso.mjs, when it is missing or older than its sources. Runs as part
// of the root `prestart`, so `npm start` serves from the bundle: esbuild keeps only the AWS SDK
// commands the product calls, which starts the server in about a second instead of compiling every
// source through tsx, and roughly halves the process's memory (the full EC2 client alone is 65 MB).
// `packages/cli/bin/drso.js` uses the bundle when it is fresh and falls back to tsx otherwise.
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const CLI_BUNDLE = join(root, "packages", "cli", "dist", "drso.mjs");
const inputs = [
  ...["core", "aws", "server", "simulator", "cli"].map((p) => join(root, "packages", p, "src")),
  join(root, "package-lock.json"),
];

/** Newest modification time under a path (files and folders, recursively). */
const newest = (path) => {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newest(join(path, name))), st.mtimeMs);
};

export function cliBundleIsStale() {
  if (!existsSync(CLI_BUNDLE)) return true;
  const built = statSync(CLI_BUNDLE).mtimeMs;
  return inputs.some((p) => newest(p) > built);
}

export async function ensureCliBundle() {
  if (!cliBundleIsStale()) return;
  console.log("Bundling the drso CLI and server (packages/cli/dist/drso.mjs)...");
  const { build } = await import("esbuild");
  await build({
    entryPoints: [join(root, "packages", "cli", "src", "main.ts")],
    outfile: CLI_BUNDLE,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // Prefer the SDK's ES module builds, which esbuild can tree-shake.
    mainFields: ["module", "main"],
    // A native addon; swagger-ui-dist is only resolved for its static files at run time.
    external: ["better-sqlite3", "swagger-ui-dist"],
    // V8 keeps every script's source in memory; whitespace and syntax minification shrink it by
    // about half while identifiers (and so stack traces) stay readable.
    minifyWhitespace: true,
    minifySyntax: true,
    // CommonJS dependencies bundled into an ES module still call require() for Node built-ins.
    banner: {
      js: "import { createRequire as __drsoRequire } from 'node:module'; const require = __drsoRequire(import.meta.url);",
    },
    logLevel: "error",
  });
}

/** Vitest's global setup of the tests that start `drso` as a subprocess (vitest.config.ts). */
export const setup = ensureCliBundle;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    await ensureCliBundle();
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
}
