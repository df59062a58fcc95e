import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ExecutionStack, startExecutionStack } from "./support/execution-stack";
import { fleetWithFailingServer, PAYMENTS } from "./support/payments-fleet";

const EXAMPLE = fileURLToPath(new URL("../../../examples/three-tier-app.yaml", import.meta.url));
const SLOW = 180_000;

let stack: ExecutionStack;

beforeAll(async () => {
  stack = await startExecutionStack(fleetWithFailingServer());
  const payments = join(stack.dir, "payments.yaml");
  await writeFile(payments, PAYMENTS);
  for (const file of [EXAMPLE, payments]) {
    const applied = await stack.cli(["apply", "-f", file]);
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(0);
  }
}, SLOW);

afterAll(async () => {
  await stack?.close();
});

describe("drso execute --watch", () => {
  it(
    "runs a drill to COMPLETED, approving the paused wave, printing progress, exit 0",
    async () => {
      const r = await stack.cli([
        "execute",
        "OrderPortal three-tier",
        "--drill",
        "--watch",
        "--auto-approve",
      ]);
      expect(r.stderr).toBe("");
      expect(r.stdout).toMatch(
        /DRILL of "OrderPortal three-tier" — execution \S+ \(3 waves, 5 servers, RTO target 60 min\)/,
      );
      expect(r.stdout).toContain('wave 1 "Database": COMPLETED (1/1 launched)');
      expect(r.stdout).toContain('wave 3 "Web": COMPLETED (2/2 launched)');
      expect(r.stdout).toContain("paused before wave 3: resuming (--auto-approve)");
      expect(r.stdout).toMatch(
        /\[#+-*\] +\d+% {2}\d\/5 servers launched · waves \d\/3 · elapsed \d+:\d\d \(RTO target 1:00:00\)/,
      );
      expect(r.stdout).toMatch(
        /Execution COMPLETED: 5\/5 servers recovered, 0 failed, in \d+:\d\d — RTO \d+:\d\d \(target 1:00:00, met\)/,
      );
      expect(r.code).toBe(0);
    },
    SLOW,
  );

  it(
    "exits 2 when an injected launch failure leaves the drill PARTIAL, naming the failed server",
    async () => {
      const r = await stack.cli(["execute", "Payments web drill", "--drill", "--watch", "--auto-approve"]);
      // The reason is DRS's, from the job log of the failed launch.
      expect(r.stdout).toMatch(
        /✗ payments-web-02 \(s-[0-9a-f]{17}\) failed: DRS launch failed: Failed to launch recovery instance: (InsufficientInstanceCapacity|InvalidSubnetID\.NotFound|UnauthorizedOperation)/,
      );
      expect(r.stdout).toContain("Execution PARTIAL: 1/2 servers recovered, 1 failed");
      expect(r.code).toBe(2);
    },
    SLOW,
  );

  it(
    "refuses a drill of a plan with a STALLED server naming the flags that allow it; --allow-degraded drills it showing the data age, --exclude leaves it out",
    async () => {
      const servers = (await stack.env.api.get("/api/drs/source-servers?region=us-east-1")).body.data
        .items as { sourceServerID: string; hostname: string; replicationState: string }[];
      const stalled = servers.find((s) => s.hostname === "payments-app-02");
      expect(stalled?.replicationState).toBe("STALLED");
      const id = stalled?.sourceServerID ?? "";
      const before = (await stack.env.api.get("/api/executions")).body.data.items.length;

      const refused = await stack.cli(["execute", "Payments app drill", "--drill", "--watch"]);
      expect(refused.code).toBe(1);
      expect(refused.stderr.trim().split("\n")).toEqual([
        expect.stringMatching(/^error: .*payments-app-02: STALLED.*\(SERVERS_NOT_READY, HTTP 400\)$/),
        `hint: add --allow-degraded to drill them from their last recovery snapshot, or --exclude ${id} to leave them out`,
      ]);
      expect((await stack.env.api.get("/api/executions")).body.data.items).toHaveLength(before);

      const degraded = await stack.cli([
        "execute",
        "Payments app drill",
        "--drill",
        "--allow-degraded",
        "--watch",
      ]);
      expect(degraded.stderr).toBe("");
      expect(degraded.stdout).toMatch(
        /payments-app-02 \(s-[0-9a-f]{17}\): replication STALLED, launches from its snapshot of .* data age \d+:\d\d/,
      );
      expect(degraded.stdout).toContain("Execution COMPLETED: 2/2 servers recovered");
      expect(degraded.code).toBe(0);

      const excluded = await stack.cli([
        "execute",
        "Payments app drill",
        "--drill",
        "--exclude",
        id,
        "--output",
        "json",
      ]);
      expect(excluded.code).toBe(0);
      const view = JSON.parse(excluded.stdout) as { excludedServers?: { serverId: string }[] };
      expect(view.excludedServers?.map((s) => s.serverId)).toEqual([id]);
    },
    SLOW,
  );
});

describe("drso execute safety", () => {
  it("will not start a real recovery from a pipeline without --yes, and needs one of --drill/--recovery", async () => {
    const before = (await stack.env.api.get("/api/executions")).body.data.items.length;
    const r = await stack.cli(["execute", "OrderPortal three-tier", "--recovery"]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe("error: a real recovery needs --yes when not run from a terminal");
    const neither = await stack.cli(["execute", "OrderPortal three-tier"]);
    expect(neither.code).toBe(1);
    expect(neither.stderr.trim()).toBe("error: choose exactly one of --drill or --recovery");
    expect((await stack.env.api.get("/api/executions")).body.data.items.length).toBe(before);
  });
});

describe("drso executions", () => {
  it(
    "lists, shows, reports and cleans up the drills",
    async () => {
      const list = await stack.cli([
        "executions",
        "list",
        "--plan",
        "OrderPortal three-tier",
        "--output",
        "json",
      ]);
      expect(list.code).toBe(0);
      const [latest] = JSON.parse(list.stdout) as { executionId: string; status: string }[];
      expect(latest?.status).toBe("COMPLETED");
      const id = latest?.executionId ?? "";

      const show = await stack.cli(["executions", "show", id]);
      expect(show.stdout).toContain("5/5 servers healthy, 0 failed");
      expect(show.stdout).toMatch(/orderportal-database-01 s-[0-9a-f]{17} LAUNCHED HEALTHY/);

      const html = await stack.cli(["executions", "report", id, "--format", "html"]);
      expect(html.stdout).toMatch(/^<!doctype html>/);
      expect(html.stdout).toContain(id);
      expect(html.stdout).toContain("OrderPortal three-tier");
      const table = await stack.cli(["executions", "report", id, "--format", "table"]);
      expect(table.stdout).toMatch(/Status:\s+COMPLETED/);

      const terminate = await stack.cli(["executions", "terminate", id]);
      expect(terminate.stderr).toBe("");
      expect(terminate.code).toBe(0);
      const again = await stack.cli(["executions", "terminate", id]);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/already terminated.*\(INSTANCES_ALREADY_TERMINATED, HTTP 409\)/);
    },
    SLOW,
  );

  it(
    "a failed server's report line gives DRS's reason",
    async () => {
      const list = await stack.cli([
        "executions",
        "list",
        "--plan",
        "Payments web drill",
        "--output",
        "json",
      ]);
      const [partial] = JSON.parse(list.stdout) as { executionId: string }[];
      const table = await stack.cli([
        "executions",
        "report",
        partial?.executionId ?? "missing",
        "--format",
        "table",
      ]);
      expect(table.stdout).toMatch(
        /payments-web-02 .*FAILED .*DRS launch failed: Failed to launch recovery instance: (InsufficientInstanceCapacity|InvalidSubnetID\.NotFound|UnauthorizedOperation)/,
      );
    },
    SLOW,
  );

  it(
    "cancel --force ends a paused drill CANCELLED: a pipeline must say --yes",
    async () => {
      const started = await stack.cli(["execute", "OrderPortal three-tier", "--drill", "--output", "json"]);
      const { executionId } = JSON.parse(started.stdout) as { executionId: string };
      let status = "";
      for (const deadline = Date.now() + 120_000; status !== "PAUSED" && Date.now() < deadline; ) {
        await new Promise((r) => setTimeout(r, 100));
        status = (await stack.env.api.get(`/api/executions/${executionId}`)).body.data.status;
      }
      expect(status).toBe("PAUSED");
      const unconfirmed = await stack.cli(["executions", "cancel", executionId, "--force"]);
      expect(unconfirmed.code).toBe(1);
      expect(unconfirmed.stderr.trim()).toBe("error: --force needs --yes when not run from a terminal");
      expect((await stack.env.api.get(`/api/executions/${executionId}`)).body.data.status).toBe("PAUSED");

      const forced = await stack.cli(["executions", "cancel", executionId, "--force", "--yes"]);
      expect(forced.stderr).toBe("");
      expect(forced.stdout.trim()).toBe(`Execution ${executionId}: force-cancelled (status CANCELLED)`);
      const after = (await stack.env.api.get(`/api/executions/${executionId}`)).body.data;
      expect(after.cancellation).toMatchObject({ forcedBy: "DRSOrchestrationAdmin" });
    },
    SLOW,
  );

  it("cancel of a finished execution is refused with the API's reason", async () => {
    const list = await stack.cli(["executions", "list", "--status", "PARTIAL", "--output", "json"]);
    const [partial] = JSON.parse(list.stdout) as { executionId: string }[];
    const r = await stack.cli(["executions", "cancel", partial?.executionId ?? "missing"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: The execution already finished \(PARTIAL\) and cannot be cancelled/);
  });
});

describe("drso apply while an execution runs", () => {
  it(
    "while an execution is paused: apply refuses to change its groups with the API's reason, precheck reports the conflict, resume continues",
    async () => {
      const started = await stack.cli(["execute", "OrderPortal three-tier", "--drill", "--output", "json"]);
      expect(started.code).toBe(0);
      const { executionId } = JSON.parse(started.stdout) as { executionId: string };
      // The plan pauses before wave 3: the execution is then active but idle.
      let status = "";
      for (const deadline = Date.now() + 120_000; status !== "PAUSED" && Date.now() < deadline; ) {
        await new Promise((r) => setTimeout(r, 100));
        status = (await stack.env.api.get(`/api/executions/${executionId}`)).body.data.status;
      }
      expect(status).toBe("PAUSED");
      const edited = (await readFile(EXAMPLE, "utf8")).replace(
        "Web front ends; last, once the app tier answers",
        "Web front ends",
      );
      const file = join(stack.dir, "edited.yaml");
      await writeFile(file, edited);
      const refused = await stack.cli(["apply", "-f", file]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(
        /^error: cannot update protection group "OrderPortal web": .*active execution.*\(GROUP_IN_ACTIVE_EXECUTION, HTTP 409\); nothing was changed/,
      );

      const precheck = await stack.cli(["precheck", "OrderPortal three-tier"]);
      expect(precheck.code).toBe(1);
      expect(precheck.stdout).toContain(
        `✗ conflicts: execution ${executionId} of "OrderPortal three-tier" is PAUSED and holds 5 of this plan's servers`,
      );

      const second = await stack.cli(["execute", "OrderPortal three-tier", "--drill"]);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(
        `held by execution ${executionId} of "OrderPortal three-tier", PAUSED (SERVER_IN_ACTIVE_EXECUTION, HTTP 409)`,
      );

      const resumed = await stack.cli(["executions", "resume", executionId]);
      expect(resumed.code).toBe(0);
      const watched = await stack.cli(["executions", "show", executionId, "--output", "json"]);
      expect(["RUNNING", "COMPLETED"]).toContain(JSON.parse(watched.stdout).status);
    },
    SLOW,
  );
});
