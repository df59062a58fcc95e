import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const root = (name: string) =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../../../${name}`, import.meta.url)), "utf8"));

const parts = (v: string) =>
  v
    .replace(/^v/, "")
    .split(".")
    .map((n) => Number.parseInt(n, 10) || 0);
const compare = (a: string, b: string) => {
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
};

/** Whether `version` meets an engines range (the forms package.json files use: >=, >, <, <=, ^, ~, x, ||). */
function satisfies(version: string, range: string): boolean {
  return range.split("||").some((alternative) =>
    alternative
      .trim()
      .replace(/(>=|<=|>|<|\^|~)\s+/g, "$1")
      .split(/\s+/)
      .filter((c) => c && c !== "*" && c !== "x")
      .every((c) => {
        const [, op = "", v = ""] = /^(>=|<=|>|<|\^|~|=)?v?(.*)$/.exec(c) ?? [];
        const base = v.replace(/\.?[x*]/g, "");
        const d = compare(version, base);
        const [major = 0, minor = 0] = parts(base);
        if (op === ">=") return d >= 0;
        if (op === ">") return d > 0;
        if (op === "<=") return d <= 0;
        if (op === "<") return d < 0;
        if (op === "^") return d >= 0 && parts(version)[0] === major;
        if (op === "~") return d >= 0 && parts(version)[0] === major && parts(version)[1] === minor;
        // A bare version matches on the components it gives: 20.x and 20 mean any 20.
        const given = base.split(".").length;
        return parts(version)
          .slice(0, given)
          .every((n, i) => n === parts(base)[i]);
      }),
  );
}

it("every locked package runs on the lowest Node the project declares (npm ci gives no EBADENGINE)", () => {
  const declared: string = root("package.json").engines.node;
  const lowest = /\d+(\.\d+){0,2}/.exec(declared)?.[0] ?? "";
  expect(declared).toBe(`>=${lowest}`);
  const lock = root("package-lock.json") as { packages: Record<string, { engines?: { node?: unknown } }> };
  const refused = Object.entries(lock.packages)
    .filter(([, p]) => typeof p.engines?.node === "string")
    .filter(([, p]) => !satisfies(lowest, p.engines?.node as string))
    .map(([path, p]) => `${path} wants node ${p.engines?.node}`);
  expect(refused, `declared node ${declared}`).toEqual([]);
});
