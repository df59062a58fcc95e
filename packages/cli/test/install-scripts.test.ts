import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const root = (name: string) =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../../../${name}`, import.meta.url)), "utf8"));

interface LockedPackage {
  hasInstallScript?: boolean;
}

const nameOf = (path: string) => path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length);

// npm 11 skips a dependency's install scripts unless package.json's allowScripts names it, and
// warns about every unreviewed one: each locked package with a script is decided here.
it("decides every locked install script in allowScripts: native/binary builds allowed, install analytics denied", () => {
  const pkg = root("package.json") as { allowScripts?: Record<string, boolean>; scarfSettings?: unknown };
  const lock = root("package-lock.json") as { packages: Record<string, LockedPackage> };
  const withScripts = [
    ...new Set(
      Object.entries(lock.packages)
        .filter(([path, p]) => path && p.hasInstallScript)
        .map(([path]) => nameOf(path)),
    ),
  ].sort();
  const allowScripts = pkg.allowScripts ?? {};
  expect(withScripts.filter((name) => !(name in allowScripts))).toEqual([]);
  // better-sqlite3 fetches or builds its native binding; esbuild checks its platform binary.
  expect(allowScripts["better-sqlite3"]).toBe(true);
  expect(allowScripts.esbuild).toBe(true);
  // @scarf/scarf (through swagger-ui-dist) reports installs to a third party.
  expect(allowScripts["@scarf/scarf"]).toBe(false);
  expect(pkg.scarfSettings).toEqual({ enabled: false });
});
