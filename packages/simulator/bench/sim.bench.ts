/**
 * `npm run bench:sim` — figures for the simulator, printed (never asserted):
 *  1. StartRecovery + DescribeJobs round trips per second through the real SDK v3 client;
 *  2. memory (heap, RSS) of a simulator holding 4,000 source servers, idle and after all of
 *     them have been launched (4,000 recovery instances and EC2 instances);
 *  3. time to page through 1,000 servers of one account-region.
 */
import { cpus, loadavg } from "node:os";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import {
  DescribeJobsCommand,
  DrsClient,
  paginateDescribeSourceServers,
  StartRecoveryCommand,
} from "@aws-sdk/client-drs";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { handleDrs } from "../src/drs/drs-handler";
import {
  CROSS_ACCOUNT_ROLE_NAME,
  DEMO_EXTERNAL_ID,
  DEMO_REGIONS,
  demoFleet,
  HOME_ACCOUNT_ID,
  largeFleet,
  type RunningSimulator,
  SIMULATOR_CREDENTIALS,
  startSimulator,
  TARGET_ACCOUNT_ID,
} from "../src/index";
import { SimClock } from "../src/sim-clock";
import { Simulation } from "../src/simulation";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
/** The demo fleet with the recovery-instance quota lifted: the round-trip loops launch thousands. */
const benchFleet = () => {
  const fleet = demoFleet();
  return {
    ...fleet,
    accounts: fleet.accounts.map((a) => ({ ...a, quotas: { maxRecoveryInstances: 100_000 } })),
  };
};
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const settledMemory = () => {
  gc();
  gc();
  return process.memoryUsage();
};

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

const client = (
  sim: RunningSimulator,
  region = "us-east-1",
  credentials: Credentials = SIMULATOR_CREDENTIALS,
) => new DrsClient({ endpoint: sim.endpoint, region, credentials, maxAttempts: 1 });

async function targetCredentials(sim: RunningSimulator): Promise<Credentials> {
  const sts = new STSClient({
    endpoint: sim.endpoint,
    region: "us-east-1",
    credentials: SIMULATOR_CREDENTIALS,
  });
  const { Credentials: c } = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${TARGET_ACCOUNT_ID}:role/${CROSS_ACCOUNT_ROLE_NAME}`,
      RoleSessionName: "drso-bench",
      ExternalId: DEMO_EXTERNAL_ID,
    }),
  );
  sts.destroy();
  return {
    accessKeyId: c?.AccessKeyId ?? "",
    secretAccessKey: c?.SecretAccessKey ?? "",
    sessionToken: c?.SessionToken ?? "",
  };
}

async function roundTrips(workers: number, seconds: number): Promise<number> {
  const sim = await startSimulator({ port: 0, fleet: benchFleet(), seed: 1 });
  const drs = client(sim);
  const servers: string[] = [];
  for await (const page of paginateDescribeSourceServers({ client: drs }, {}))
    servers.push(...(page.items ?? []).map((s) => s.sourceServerID ?? ""));
  let count = 0;
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const sourceServerID = servers[(w + i * workers) % servers.length] ?? "";
        const { job } = await drs.send(
          new StartRecoveryCommand({ isDrill: true, sourceServers: [{ sourceServerID }] }),
        );
        await drs.send(new DescribeJobsCommand({ filters: { jobIDs: [job?.jobID ?? ""] } }));
        // Finish the job at once so the next round is not refused by the concurrent-job quota.
        sim.control.advanceTime(60_000);
        count++;
      }
    }),
  );
  drs.destroy();
  await sim.close();
  return count / seconds;
}

/** The simulator's own cost per round trip, without HTTP and SDK: what it adds on top of the wire. */
function inProcessRoundTrips(seconds: number): number {
  const sim = new Simulation(new SimClock(60), 1, benchFleet());
  const servers = [...(sim.world.regionWorld(HOME_ACCOUNT_ID, "us-east-1")?.servers.keys() ?? [])];
  const scope = { accessKeyId: SIMULATOR_CREDENTIALS.accessKeyId, region: "us-east-1", service: "drs" };
  const call = (path: string, body: unknown) =>
    handleDrs({
      sim,
      method: "POST",
      path,
      query: new URLSearchParams(),
      body: JSON.stringify(body),
      scope,
      requestId: "r",
    });
  let count = 0;
  const deadline = performance.now() + seconds * 1000;
  while (performance.now() < deadline) {
    const sourceServerID = servers[count % servers.length] ?? "";
    const started = call("/StartRecovery", { isDrill: true, sourceServers: [{ sourceServerID }] });
    const jobID = (JSON.parse(started.body) as { job?: { jobID: string } }).job?.jobID;
    if (jobID === undefined) throw new Error(`StartRecovery failed: ${started.body}`);
    call("/DescribeJobs", { filters: { jobIDs: [jobID] } });
    sim.advanceTime(60_000);
    count++;
  }
  return count / seconds;
}

async function memoryFor4000Servers(): Promise<void> {
  const before = settledMemory();
  const sim = await startSimulator({ port: 0, fleet: largeFleet(1000), seed: 1 });
  const idle = settledMemory();
  const total = sim.control
    .state()
    .accounts.flatMap((a) => a.regions)
    .reduce((n, r) => n + r.sourceServers, 0);
  console.log(`fleet: ${total} source servers (2 accounts × 2 regions × 1,000)`);
  console.log(
    `  idle simulator: heap +${mib(idle.heapUsed - before.heapUsed)} (heapUsed ${mib(idle.heapUsed)}), rss ${mib(idle.rss)}`,
  );

  const drs = client(sim);
  const started = performance.now();
  const ids: string[] = [];
  for await (const page of paginateDescribeSourceServers({ client: drs, pageSize: 1000 }, {}))
    ids.push(...(page.items ?? []).map((s) => s.sourceServerID ?? ""));
  console.log(
    `  DescribeSourceServers, 1,000 servers in 1 page: ${(performance.now() - started).toFixed(0)} ms`,
  );

  // Launch every server: 5 jobs × 100 per account-region at a time (the 500-server quota), then
  // let them finish; the target account is reached through AssumeRole as the product does.
  const launchStarted = performance.now();
  for (const credentials of [SIMULATOR_CREDENTIALS, await targetCredentials(sim)]) {
    for (const region of DEMO_REGIONS) {
      const regionClient = client(sim, region, credentials);
      const regionIds: string[] = [];
      for await (const page of paginateDescribeSourceServers({ client: regionClient, pageSize: 1000 }, {}))
        regionIds.push(...(page.items ?? []).map((s) => s.sourceServerID ?? ""));
      for (let round = 0; round < regionIds.length; round += 500) {
        for (let j = round; j < Math.min(round + 500, regionIds.length); j += 100) {
          await regionClient.send(
            new StartRecoveryCommand({
              isDrill: true,
              sourceServers: regionIds.slice(j, j + 100).map((sourceServerID) => ({ sourceServerID })),
            }),
          );
        }
        sim.control.advanceTime(60_000);
      }
      regionClient.destroy();
    }
  }
  const launched = sim.control
    .state()
    .accounts.flatMap((a) => a.regions)
    .reduce((n, r) => n + r.recoveryInstances, 0);
  const busy = settledMemory();
  console.log(
    `  after launching ${launched} servers (${launched} recovery + EC2 instances, ${launched / 100} jobs) in ${(
      (performance.now() - launchStarted) / 1000
    ).toFixed(1)} s: heap +${mib(busy.heapUsed - before.heapUsed)}, rss ${mib(busy.rss)}`,
  );
  drs.destroy();
  await sim.close();
}

console.log(
  `simulator benchmark (node ${process.version}, ${cpus().length} CPUs, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")})`,
);
console.log(
  `StartRecovery + DescribeJobs in-process (no HTTP, no SDK): ${inProcessRoundTrips(2).toFixed(0)} round trips/s`,
);
for (const workers of [1, 8]) {
  const rate = await roundTrips(workers, 4);
  console.log(
    `StartRecovery + DescribeJobs, ${workers} concurrent caller(s): ${rate.toFixed(0)} round trips/s`,
  );
}
await memoryFor4000Servers();
