import {
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DescribeJobsCommand,
  DescribeRecoveryInstancesCommand,
  DescribeSourceServersCommand,
  StartRecoveryCommand,
  TagResourceCommand,
} from "@aws-sdk/client-drs";
import { AssumeRoleCommand, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CROSS_ACCOUNT_ROLE_NAME, DEMO_EXTERNAL_ID } from "../src/demo-fleet";
import { demoFleet, type RunningSimulator, startSimulator, TARGET_ACCOUNT_ID } from "../src/index";
import { sdkClients } from "./sdk-clients";

/** Real ms (at timeScale 60) after which any demo job has finished. */
const WHOLE_JOB_MS = 30_000;

let dir: string;
const running: RunningSimulator[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "drso-sim-state-"));
});
afterEach(async () => {
  for (const sim of running.splice(0)) await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

const start = async (stateFile: string) => {
  const sim = await startSimulator({ port: 0, timeScale: 60, stateFile });
  running.push(sim);
  return sim;
};

describe("a simulator with a state file", () => {
  it("continues after a crash with its jobs, recovery instances, source servers and issued credentials", async () => {
    const stateFile = join(dir, "simulator-state.json");
    const first = await start(stateFile);
    const { drs, sts } = sdkClients(first);
    const servers = (await drs.send(new DescribeSourceServersCommand({ maxResults: 3 }))).items ?? [];
    const ids = servers.map((s) => s.sourceServerID ?? "");
    await drs.send(new TagResourceCommand({ resourceArn: servers[0]?.arn ?? "", tags: { Owner: "sre" } }));
    const { job } = await drs.send(
      new StartRecoveryCommand({
        isDrill: true,
        sourceServers: ids.map((sourceServerID) => ({ sourceServerID })),
      }),
    );
    const assumed = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${TARGET_ACCOUNT_ID}:role/${CROSS_ACCOUNT_ROLE_NAME}`,
        RoleSessionName: "drso",
        ExternalId: DEMO_EXTERNAL_ID,
      }),
    );
    // The state as a kill -9 right now would leave it (no orderly close).
    const crashed = join(dir, "crashed.json");
    copyFileSync(stateFile, crashed);
    expect(statSync(stateFile).mode & 0o777).toBe(0o600);

    const second = await start(crashed);
    const again = sdkClients(second);
    const jobs = await again.drs.send(new DescribeJobsCommand({ filters: { jobIDs: [job?.jobID ?? ""] } }));
    expect(jobs.items?.map((j) => j.jobID)).toEqual([job?.jobID]);
    expect(jobs.items?.[0]?.participatingServers?.map((p) => p.sourceServerID).sort()).toEqual(
      [...ids].sort(),
    );

    second.control.advanceTime(WHOLE_JOB_MS);
    const done = await again.drs.send(new DescribeJobsCommand({ filters: { jobIDs: [job?.jobID ?? ""] } }));
    expect(done.items?.[0]?.status).toBe("COMPLETED");
    const instances = await again.drs.send(new DescribeRecoveryInstancesCommand({}));
    expect(instances.items?.map((r) => r.sourceServerID).sort()).toEqual(
      done.items?.[0]?.participatingServers
        ?.filter((p) => p.launchStatus === "LAUNCHED")
        .map((p) => p.sourceServerID)
        .sort(),
    );
    const tagged = await again.drs.send(
      new DescribeSourceServersCommand({ filters: { sourceServerIDs: [ids[0] ?? ""] } }),
    );
    expect(tagged.items?.[0]?.tags).toMatchObject({ Owner: "sre" });
    expect(tagged.items?.[0]?.lastLaunchResult).toBeDefined();

    // Keys issued by AssumeRole before the crash still act in the target account.
    const c = assumed.Credentials;
    const asTarget = sdkClients(second, "us-east-1", {
      credentials: {
        accessKeyId: c?.AccessKeyId ?? "",
        secretAccessKey: c?.SecretAccessKey ?? "",
        sessionToken: c?.SessionToken ?? "",
      },
    });
    expect((await asTarget.sts.send(new GetCallerIdentityCommand({}))).Account).toBe(TARGET_ACCOUNT_ID);

    // New ids continue the random sequence rather than repeating the first run's.
    const next = await again.drs.send(
      new StartRecoveryCommand({ isDrill: true, sourceServers: [{ sourceServerID: ids[0] ?? "" }] }),
    );
    expect(next.job?.jobID).not.toBe(job?.jobID);
  });

  it("a state file it cannot read is moved aside and the demo fleet starts fresh", async () => {
    const stateFile = join(dir, "simulator-state.json");
    writeFileSync(stateFile, "{ not json");
    const sim = await start(stateFile);
    const { drs } = sdkClients(sim);
    const servers = await drs.send(new DescribeSourceServersCommand({}));
    expect(servers.items?.length).toBe(
      demoFleet().accounts[0]?.regions.find((r) => r.region === "us-east-1")?.servers?.length,
    );
    expect(JSON.parse(readFileSync(stateFile, "utf8"))).toMatchObject({ format: 1 });
    const aside = readdirSync(dir).filter((f) => f.startsWith("simulator-state.json.unreadable-"));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, aside[0] ?? ""), "utf8")).toBe("{ not json");
  });
});
