import { readFile, stat, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ApiStack, startApiStack } from "./support/api-stack";

const EXAMPLE = fileURLToPath(new URL("../../../examples/three-tier-app.yaml", import.meta.url));

let stack: ApiStack;
beforeEach(async () => {
  stack = await startApiStack();
});
afterEach(async () => {
  await stack.close();
});

/** Names of what the API holds, read over HTTP, not through the CLI under test. */
async function installed() {
  const groups = await stack.server.get("/api/protection-groups");
  const plans = await stack.server.get("/api/recovery-plans");
  return {
    groups: (groups.body.data.items as { groupName: string }[]).map((g) => g.groupName).sort(),
    plans: (plans.body.data.items as { planName: string; rtoTargetMinutes?: number }[]).map((p) => ({
      name: p.planName,
      rto: p.rtoTargetMinutes,
    })),
  };
}

/** A port nothing listens on: bind a random one, then release it. */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });

const write = async (name: string, text: string) => {
  const file = join(stack.dir, name);
  await writeFile(file, text);
  return file;
};

describe("drso apply", () => {
  it("prints a diff, applies it, and a second apply of the same file shows no changes", async () => {
    const first = await stack.cli(["apply", "-f", EXAMPLE]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('+ protection group "OrderPortal database" will be created');
    expect(first.stdout).toContain('+ recovery plan "OrderPortal three-tier" will be created');
    expect(first.stdout).toContain("Plan: 4 to create, 0 to update, 0 to delete.");
    // The diff comes before any change is reported as made.
    expect(first.stdout.indexOf("Plan: 4 to create")).toBeLessThan(first.stdout.indexOf('": created'));
    expect(await installed()).toEqual({
      groups: ["OrderPortal app", "OrderPortal database", "OrderPortal web"],
      plans: [{ name: "OrderPortal three-tier", rto: 60 }],
    });

    const second = await stack.cli(["apply", "-f", EXAMPLE]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("No changes.");
  });

  it("--dry-run prints the diff and changes nothing", async () => {
    const r = await stack.cli(["apply", "-f", EXAMPLE, "--dry-run"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Plan: 4 to create");
    expect(await installed()).toEqual({ groups: [], plans: [] });
  });

  it("updates only what changed, showing old → new, matching names case-insensitively", async () => {
    await stack.cli(["apply", "-f", EXAMPLE]);
    const edited = (await readFile(EXAMPLE, "utf8"))
      .replace("rtoTargetMinutes: 60", "rtoTargetMinutes: 30")
      .replace("planName: OrderPortal three-tier", "planName: orderportal THREE-tier");
    const r = await stack.cli(["apply", "-f", await write("edited.yaml", edited)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('~ recovery plan "orderportal THREE-tier" will be updated in place');
    expect(r.stdout).toContain('~ planName: "OrderPortal three-tier" → "orderportal THREE-tier"');
    expect(r.stdout).toContain("~ rtoTargetMinutes: 60 → 30");
    expect(r.stdout).toContain("Plan: 0 to create, 1 to update, 0 to delete.");
    expect((await installed()).plans).toEqual([{ name: "orderportal THREE-tier", rto: 30 }]);
  });

  it("deletes what the file no longer declares only with --prune, plans before groups", async () => {
    await stack.cli(["apply", "-f", EXAMPLE]);
    const groupsOnly = await write(
      "groups.yaml",
      (await readFile(EXAMPLE, "utf8")).replace(/recoveryPlans:[\s\S]*$/, ""),
    );
    const keep = await stack.cli(["apply", "-f", groupsOnly]);
    expect(keep.stdout).toContain("No changes.");
    expect((await installed()).plans).toHaveLength(1);

    const empty = await write("empty.yaml", "apiVersion: drso/v1\n");
    const prune = await stack.cli(["apply", "-f", empty, "--prune"]);
    expect(prune.code).toBe(0);
    const planDeleted = prune.stdout.indexOf('- recovery plan "OrderPortal three-tier": deleted');
    const groupDeleted = prune.stdout.indexOf('- protection group "OrderPortal web": deleted');
    expect(planDeleted).toBeGreaterThan(0);
    expect(groupDeleted).toBeGreaterThan(planDeleted);
    expect(await installed()).toEqual({ groups: [], plans: [] });
  });

  it("reports the change list as JSON for scripts", async () => {
    const r = await stack.cli(["apply", "-f", EXAMPLE, "--dry-run", "--output", "json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      dryRun: boolean;
      changes: { action: string; kind: string; name: string }[];
    };
    expect(out.dryRun).toBe(true);
    expect(out.changes.map((c) => `${c.action} ${c.kind} ${c.name}`)).toEqual([
      "create protectionGroup OrderPortal database",
      "create protectionGroup OrderPortal app",
      "create protectionGroup OrderPortal web",
      "create recoveryPlan OrderPortal three-tier",
    ]);
  });
});

describe("drso apply refuses bad input without changing anything", () => {
  it("invalid YAML: exit 1, the line and column, nothing changed", async () => {
    const file = await write(
      "broken.yaml",
      "apiVersion: drso/v1\nprotectionGroups:\n  - groupName: x\n   region: [us-east-1\n",
    );
    const r = await stack.cli(["apply", "-f", file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/broken\.yaml is not valid YAML/);
    expect(r.stderr).toMatch(/broken\.yaml:4:\d+: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(await installed()).toEqual({ groups: [], plans: [] });
  });

  it("a wave naming an undeclared group: exit 1 with the field path and line, nothing changed", async () => {
    const text = (await readFile(EXAMPLE, "utf8")).replace(
      "protectionGroups: [OrderPortal app]",
      "protectionGroups: [OrderPortal ap]",
    );
    const line = text.split("\n").findIndex((l) => l.includes("[OrderPortal ap]")) + 1;
    const r = await stack.cli(["apply", "-f", await write("typo.yaml", text)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `typo.yaml:${line}:28: recoveryPlans[0].waves[1].protectionGroups[0]: unknown protection group 'OrderPortal ap'`,
    );
    expect(r.stdout).toBe("");
    expect(await installed()).toEqual({ groups: [], plans: [] });
  });

  it("a server DRS does not know: the reason, and nothing changed", async () => {
    const text = `apiVersion: drso/v1
protectionGroups:
  - groupName: Fine
    accountId: "111111111111"
    region: us-east-1
    tagCriteria: { Tier: web }
  - groupName: Ghost
    accountId: "111111111111"
    region: us-east-1
    serverIds: [s-0000000000000ffff]
`;
    const r = await stack.cli(["apply", "-f", await write("ghost.yaml", text)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('protection group "Ghost": server s-0000000000000ffff does not exist in DRS');
    expect(r.stderr).toContain("nothing was changed");
    expect(await installed()).toEqual({ groups: [], plans: [] });
  });

  it("a group in an account the orchestrator cannot reach: the reason, and nothing changed", async () => {
    const text = `apiVersion: drso/v1
protectionGroups:
  - { groupName: Local, accountId: "111111111111", region: us-east-1, tagCriteria: { Tier: web } }
  - { groupName: Remote, accountId: "222222222222", region: us-east-1, tagCriteria: { Tier: web } }
`;
    const r = await stack.cli(["apply", "-f", await write("remote.yaml", text)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'protection group "Remote": account 222222222222 is neither the home account nor a registered target account',
    );
    expect(await installed()).toEqual({ groups: [], plans: [] });
  });

  it("refuses with the API's reason when the caller's role may not write", async () => {
    const r = await stack.cli(["apply", "-f", EXAMPLE], {
      env: { DRSO_TOKEN: stack.server.tokenFor("DRSReadOnly") },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error: cannot create protection group "OrderPortal database": .*\(FORBIDDEN, HTTP 403\)/,
    );
    expect(r.stderr).toContain("nothing was changed");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(await installed()).toEqual({ groups: [], plans: [] });
  });
});

describe("drso export", () => {
  it("writes the installed groups and plans in the same format, and that file applies with no changes", async () => {
    await stack.cli(["apply", "-f", EXAMPLE]);
    const out = join(stack.dir, "exported.yaml");
    const r = await stack.cli(["export", "-o", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Exported 3 protection groups and 1 recovery plan");
    const text = await readFile(out, "utf8");
    expect(text).toContain("apiVersion: drso/v1");
    expect(text).toContain("- OrderPortal database");

    const again = await stack.cli(["apply", "-f", out, "--prune"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("No changes.");
  });

  it("exports JSON to stdout that applies to an empty installation as the same resources", async () => {
    await stack.cli(["apply", "-f", EXAMPLE]);
    const exported = await stack.cli(["export", "--format", "json"]);
    const before = await installed();
    await stack.cli(["apply", "-f", await write("empty.yaml", "apiVersion: drso/v1\n"), "--prune"]);
    expect(await installed()).toEqual({ groups: [], plans: [] });
    const restore = await stack.cli(["apply", "-f", "-"], { input: exported.stdout });
    expect(restore.code).toBe(0);
    expect(await installed()).toEqual(before);
  });
});

describe("drso login, whoami, schema", () => {
  it("login saves a token only the user can read, and later commands use it", async () => {
    const env = { DRSO_TOKEN: undefined };
    const login = await stack.cli(["login", "-u", "DRSPlanManager", "--password-stdin"], {
      env,
      input: "test-password\n",
    });
    expect(login.stderr).toBe("");
    expect(login.code).toBe(0);
    const file = join(stack.dir, "config", "drso", "credentials.json");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const who = await stack.cli(["whoami", "--output", "json"], { env });
    expect(JSON.parse(who.stdout)).toMatchObject({ username: "DRSPlanManager", roles: ["DRSPlanManager"] });
  });

  it("a wrong password is one line with the API's reason and exit 1", async () => {
    const r = await stack.cli(["login", "-u", "DRSPlanManager", "--password-stdin"], {
      env: { DRSO_TOKEN: undefined },
      input: "nope\n",
    });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: .*HTTP 401/);
  });

  it("without credentials a command says how to log in", async () => {
    const r = await stack.cli(["export"], { env: { DRSO_TOKEN: undefined } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("drso login");
  });

  it("an unreachable endpoint is one clear line, not a stack trace", async () => {
    const port = await closedPort();
    const r = await stack.cli(["whoami", "--endpoint", `http://127.0.0.1:${port}`]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      `error: cannot reach the DRS Orchestrator API at http://127.0.0.1:${port}: connection refused (is \`drso serve\` running? see --endpoint)`,
    );
  });

  it("schema prints a JSON Schema that the example's structure follows", async () => {
    const r = await stack.cli(["schema"]);
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout) as { $schema: string; properties: Record<string, unknown> };
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(Object.keys(schema.properties)).toEqual(["apiVersion", "protectionGroups", "recoveryPlans"]);
  });
});
