import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { demoFleet } from "@drso/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ExecutionStack, startExecutionStack } from "./support/execution-stack";
import { runCli } from "./support/run-cli";

const SLOW = 180_000;
const MINUTE = 60_000;
const PLAN = "Intranet database drill";

const INTRANET = `apiVersion: drso/v1
protectionGroups:
  - groupName: Intranet database
    accountId: "111111111111"
    region: us-east-1
    tagCriteria: { Application: Intranet, Tier: database }
recoveryPlans:
  - planName: ${PLAN}
    waves:
      - { waveNumber: 1, protectionGroups: [Intranet database] }
`;

describe("drso --version", () => {
  it("prints the product version (the server package's) and exits 0", async () => {
    const { version } = JSON.parse(
      await readFile(new URL("../../server/package.json", import.meta.url), "utf8"),
    ) as { version: string };
    for (const flag of ["--version", "-V"]) {
      const r = await runCli([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe(version);
    }
  });
});

describe("drso execute --point-in-time", () => {
  let stack: ExecutionStack;
  beforeAll(async () => {
    stack = await startExecutionStack(demoFleet());
    const file = join(stack.dir, "intranet.yaml");
    await writeFile(file, INTRANET);
    const applied = await stack.cli(["apply", "-f", file]);
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(0);
  }, SLOW);
  afterAll(async () => {
    await stack?.close();
  });

  const executionCount = async () => (await stack.env.api.get("/api/executions")).body.data.items.length;

  it("refuses a value that is not an ISO date-time with a time zone, naming the flag, and starts nothing", async () => {
    const before = await executionCount();
    for (const value of ["yesterday", "2026-13-45T10:00:00Z", "2026-05-01 09:30", "2026-05-01T09:30:00"]) {
      const r = await stack.cli(["execute", PLAN, "--drill", "--point-in-time", value]);
      expect(r.code, value).toBe(1);
      expect(r.stderr.trim(), value).toBe(
        `error: --point-in-time must be an ISO 8601 date-time with a time zone, such as 2026-05-01T09:30:00Z, not '${value}'`,
      );
    }
    expect(await executionCount()).toBe(before);
  });

  it("passes on the API's refusal of a point in time in the future", async () => {
    const before = await executionCount();
    const future = new Date(Date.now() + 60 * MINUTE).toISOString();
    const r = await stack.cli(["execute", PLAN, "--drill", "--point-in-time", future]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("POINT_IN_TIME_IN_FUTURE");
    expect(await executionCount()).toBe(before);
  });

  it(
    "runs a drill from the chosen recovery point, shown in the watch header and kept on the execution",
    async () => {
      // An offset other than Z: the CLI sends the same instant in UTC.
      const pit = new Date(Math.floor((Date.now() - 45 * MINUTE) / 1000) * 1000);
      const local = `${new Date(pit.getTime() + 2 * 60 * MINUTE).toISOString().slice(0, 19)}+02:00`;
      const r = await stack.cli([
        "execute",
        PLAN,
        "--drill",
        "--point-in-time",
        local,
        "--watch",
        "--auto-approve",
      ]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(
        new RegExp(
          `DRILL of "${PLAN}" — execution \\S+ \\(1 waves, 1 servers, recovery point ${pit.toISOString().replaceAll(".", "\\.")}\\)`,
        ),
      );
      expect(r.stdout).toMatch(/Execution COMPLETED: 1\/1 servers recovered/);
      const [latest] = (await stack.env.api.get("/api/executions")).body.data.items as {
        executionId: string;
        pointInTime?: string;
      }[];
      const execution = (await stack.env.api.get(`/api/executions/${latest?.executionId}`)).body.data;
      expect(execution.pointInTime).toBe(pit.toISOString());
      const servers = execution.waveStatus.flatMap(
        (w: { servers: { recoverySnapshotId?: string }[] }) => w.servers,
      );
      expect(servers.map((s: { recoverySnapshotId?: string }) => s.recoverySnapshotId)).toEqual([
        expect.stringMatching(/^pit-/),
      ]);
    },
    SLOW,
  );

  it("without --watch says which recovery point the started execution uses", async () => {
    const pit = new Date(Math.floor((Date.now() - 30 * MINUTE) / 1000) * 1000).toISOString();
    const r = await stack.cli(["execute", PLAN, "--drill", "--point-in-time", pit]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Recovery point: ${pit} (newest snapshot at or before it)`);
    const id = /execution (\S+) of/.exec(r.stdout)?.[1] ?? "";
    await stack.cli(["executions", "cancel", id]);
  });
});
