import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningSimulator, startSimulator } from "@drso/simulator";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runCli } from "./support/run-cli";

/** `drso invoke`: direct invocations run in process on the data dir, DRS on the simulator. */
let dataDir: string;
let sim: RunningSimulator;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "drso-cli-invoke-"));
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => {
  await sim?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const drso = (...args: string[]) =>
  runCli(args, { env: { DRSO_DATA_DIR: dataDir, DRSO_SIM_URL: sim.endpoint } });

// Each case spawns the CLI (tsx start-up); generous under a loaded `npm test`.
describe("drso invoke", { timeout: 120_000 }, () => {
  test("creates, lists and reads a protection group by operation name, printing the envelope", async () => {
    const body = {
      groupName: "CLI web",
      accountId: "111111111111",
      region: "us-east-1",
      tagCriteria: { Tier: "web" },
    };
    const created = await drso("invoke", "create_protection_group", "--body", JSON.stringify(body));
    expect(created.code, created.stderr).toBe(0);
    const envelope = JSON.parse(created.stdout);
    expect(envelope).toMatchObject({
      statusCode: 201,
      success: true,
      data: { groupName: "CLI web", createdBy: "cli" },
    });
    const groupId = envelope.data.groupId as string;

    const listed = JSON.parse((await drso("invoke", "list_protection_groups", "--query", "limit=10")).stdout);
    expect(listed.data.items.map((g: { groupId: string }) => g.groupId)).toContain(groupId);

    const got = await drso("invoke", "get_protection_group", "--path", `groupId=${groupId}`);
    expect(JSON.parse(got.stdout).data).toMatchObject({ groupId, groupName: "CLI web" });
  });

  test("an unknown operation exits 1 with the close names", async () => {
    const res = await drso("invoke", "list_protection_group");
    expect(res.code).toBe(1);
    const envelope = JSON.parse(res.stdout);
    expect(envelope.error.code).toBe("UNKNOWN_OPERATION");
    expect(envelope.error.details.suggestions).toContain("list_protection_groups");
  });

  test("--as acts with a local user's roles: a read-only user may read, not create", async () => {
    expect(
      (await drso("users", "add", "reader", "--role", "DRSReadOnly", "--password", "reader-pass")).code,
    ).toBe(0);
    const denied = await drso(
      "invoke",
      "create_protection_group",
      "--as",
      "reader",
      "--body",
      JSON.stringify({
        groupName: "Nope",
        accountId: "111111111111",
        region: "us-east-1",
        tagCriteria: { Tier: "app" },
      }),
    );
    expect(denied.code).toBe(1);
    expect(JSON.parse(denied.stdout)).toMatchObject({ statusCode: 403, error: { code: "FORBIDDEN" } });
  });

  test("starting an execution is left to the server that drives executions", async () => {
    const res = await drso(
      "invoke",
      "execute_recovery_plan",
      "--body",
      '{"planId":"p","executionType":"DRILL"}',
    );
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("drso execute");
  });
});
