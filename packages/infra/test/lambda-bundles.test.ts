import { fileURLToPath } from "node:url";
import { build, type Metafile } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import { lambdaBundling } from "../src/constructs/drso-function";

/**
 * Each Lambda entry bundled with the construct's own esbuild options (one build for all four):
 * no bundle reaches SQLite, the simulator or `drso serve`, and only the API function keeps
 * swagger-ui-dist, outside the bundle, for its docs page.
 */

const ENTRIES = {
  "api-handler": { servesApiDocs: true },
  "tick-handler": {},
  "wake-handler": {},
  "tag-sync-handler": {},
} as const;

type Entry = keyof typeof ENTRIES;
const lambdaDir = fileURLToPath(new URL("../src/lambda/", import.meta.url));
const bundles = new Map<Entry, { inputs: string[]; code: string; bytes: number }>();

beforeAll(async () => {
  // Options differ only in externals; the API entry's (swagger-ui-dist) applies to all here, and
  // the assertions below check that no other bundle refers to it at all.
  const o = lambdaBundling({ servesApiDocs: true });
  const result = await build({
    entryPoints: Object.keys(ENTRIES).map((name) => ({ in: `${lambdaDir}${name}.ts`, out: name })),
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
    const name = (Object.keys(ENTRIES) as Entry[]).find((n) => output.entryPoint?.endsWith(`/${n}.ts`));
    const file = result.outputFiles.find((f) => f.path.endsWith(`/${path.split("/").pop()}`));
    if (!name || !file) continue;
    bundles.set(name, { inputs: Object.keys(output.inputs), code: file.text, bytes: output.bytes });
  }
}, 240_000);

describe("Lambda bundles", () => {
  it.each(Object.keys(ENTRIES) as Entry[])(
    "%s reaches no better-sqlite3, simulator or swagger-ui",
    (name) => {
      const b = bundles.get(name);
      expect(b, `no bundle for ${name}`).toBeDefined();
      if (!b) return;
      expect(b.inputs.length).toBeGreaterThan(100);
      const banned = (part: string) => b.inputs.filter((i) => i.includes(part));
      expect(banned("node_modules/better-sqlite3/")).toEqual([]);
      expect(banned("packages/simulator/")).toEqual([]);
      expect(banned("swagger-ui")).toEqual([]);
      expect(banned("packages/server/src/serve.ts")).toEqual([]);
      expect(banned("packages/server/src/embedded-deps.ts")).toEqual([]);
      expect(b.code).not.toContain("better-sqlite3");
      // Only the API function serves the docs page; it reads swagger-ui-dist beside the bundle.
      if (!("servesApiDocs" in ENTRIES[name])) expect(b.code).not.toContain("swagger-ui-dist");
    },
  );
});
