import { mkdirSync, rmdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

const LOCK = fileURLToPath(new URL("../../../.build-lock", import.meta.url));

/**
 * Builds packages/web/dist when stale (same rule as `npm start`), once across parallel test files:
 * a directory lock (mkdir is atomic) makes the others wait, then they find the build fresh.
 */
export async function ensureWebBuilt(): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // A lock older than the deadline was left by a killed run.
      const age = Date.now() - (statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 120_000) rmdirSync(LOCK);
      if (Date.now() > deadline) throw new Error("timed out waiting for the web build lock");
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  try {
    // @ts-expect-error: plain ESM script without types
    const { ensureWebBuild } = (await import("../../../../../scripts/ensure-web-build.mjs")) as {
      ensureWebBuild: () => void;
    };
    ensureWebBuild();
  } finally {
    rmdirSync(LOCK);
  }
}
