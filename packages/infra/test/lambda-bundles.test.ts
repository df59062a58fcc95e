import { fileURLToPath } from "node:url";
import { build, type Metafile } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import { lambdaBundling } from "../src/constructs/drso-function";

/**
 * Each Lambda entry bundled with the construct's own esbuild options (one build for all four):
 * no bundle reaches SQLite, the simulator, `drso serve` or the Swagger UI of the docs page (the
 * Lambda API serves only `/api/openapi.json`), and nothing ships beside a bundle.
 */

const ENTRIES = ["api-handler", "tick-handler", "wake-handler", "tag-sync-handler"] as const;

type Entry = (typeof ENTRIES)[number];
const lambdaDir = fileURLToPath(new URL("../src/lambda/", import.meta.url));
const bundles = new Map<Entry, { inputs: string[]; code: string; bytes: number }>();

beforeAll(async () => {
  const o = lambdaBundling();
  const result = await build({
    entryPoints: ENTRIES.map((name) => ({ in: `${lambdaDir}${name}.ts`, out: name })),
    bundle: true,
    platform: "node",
    format: o.format,
    target: o.target,
    minify: o.minify,
    sourcemap: o.sourceMap,
    external: o.externalModules,
    banner: { js: o.banner },
    outdir: "/bundle",
    outExtension: { ".js": ".mjs" },
    write: false,
    metafile: true,
    logLevel: "error",
  });
  const metafile: Metafile = result.metafile;
  for (const [path, output] of Object.entries(metafile.outputs)) {
    if (!output.entryPoint) continue;
    const name = ENTRIES.find((n) => output.entryPoint?.endsWith(`/${n}.ts`));
    const file = result.outputFiles.find((f) => f.path.endsWith(`/${path.split("/").pop()}`));
    if (!name || !file) continue;
    bundles.set(name, { inputs: Object.keys(output.inputs), code: file.text, bytes: output.bytes });
  }
}, 240_000);

describe("Lambda bundles", () => {
  it.each(ENTRIES)("%s reaches no better-sqlite3, SQLite store, simulator or swagger-ui", (name) => {
    const b = bundles.get(name);
    expect(b, `no bundle for ${name}`).toBeDefined();
    if (!b) return;
    expect(b.inputs.length).toBeGreaterThan(100);
    const banned = (part: string) => b.inputs.filter((i) => i.includes(part));
    expect(banned("node_modules/better-sqlite3/")).toEqual([]);
    expect(banned("packages/server/src/store/")).toEqual([]);
    expect(banned("packages/server/src/execution-wiring.ts")).toEqual([]);
    expect(banned("packages/simulator/")).toEqual([]);
    expect(banned("swagger-ui")).toEqual([]);
    expect(banned("packages/server/src/serve.ts")).toEqual([]);
    expect(banned("packages/server/src/embedded-deps.ts")).toEqual([]);
    expect(b.code).not.toContain("better-sqlite3");
    expect(b.code).not.toContain("swagger-ui");
  });
});
