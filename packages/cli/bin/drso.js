#!/usr/bin/env node
// The `drso` entry point. `npm start` bundles the CLI into dist/drso.mjs first (see
// scripts/ensure-cli-bundle.mjs); that bundle starts fast and small, so it is used while it is
// newer than every source. Otherwise — in development and tests — the TypeScript sources run
// directly through tsx, so there is no build step between editing and running.
import { CLI_BUNDLE, cliBundleIsStale } from "../../../scripts/ensure-cli-bundle.mjs";

if (!process.env.DRSO_NO_BUNDLE && !cliBundleIsStale()) {
  await import(CLI_BUNDLE);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/main.ts");
}
