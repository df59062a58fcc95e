/**
 * Adapter benchmark (`npm run bench:aws -w packages/aws`): how the SDK adapters perform against the
 * simulator. Prints figures; asserts nothing.
 *  - catalog: DescribeSourceServers over 1,000 servers in one account/region (page size 500);
 *  - DescribeJobs: round trips per second polling 10 jobs (100 servers) in one call;
 *  - a 100-server recovery under 30% throttling + 10% InternalServer faults with the production
 *    retry policy: wall time, retries, calls.
 */
import { largeFleet, SIMULATOR_CREDENTIALS, startSimulator } from "@drso/simulator";
import { createAwsAdapters } from "../src/aws-adapters";
import { DEFAULT_RETRY_POLICY } from "../src/retry-policy";

const HOME = "111111111111";
const REGION = "us-east-1";

const sim = await startSimulator({ port: 0, timeScale: 600, seed: 5, fleet: largeFleet(1000) });
const retries: string[] = [];
const aws = createAwsAdapters({
  endpoint: sim.endpoint,
  credentials: SIMULATOR_CREDENTIALS,
  homeAccountId: HOME,
  targetAccounts: async () => [],
  retryEnvironment: { onRetry: ({ operation }) => void retries.push(operation) },
});
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

try {
  let t = process.hrtime.bigint();
  const servers = await aws.catalog.listSourceServers(HOME, REGION);
  console.log(`catalog: ${servers.length} source servers listed in ${ms(t).toFixed(0)} ms`);

  const healthy = servers.filter((s) => s.replicationState === "CONTINUOUS");
  const jobIds: string[] = [];
  // 10 jobs: the 11th (the fault run below) stays under the 20-concurrent-jobs quota.
  for (let i = 0; i < 10; i++) {
    const batch = healthy.slice(i * 10, i * 10 + 10);
    const { jobId } = await aws.launcher.startRecovery({
      executionId: "bench",
      batchId: `bench-${i}`,
      accountId: HOME,
      region: REGION,
      isDrill: true,
      servers: batch.map((s) => ({ serverId: s.serverId })),
    });
    jobIds.push(jobId);
  }
  const rounds = 200;
  t = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) await aws.launcher.describeJobs(HOME, REGION, jobIds);
  const describeMs = ms(t);
  console.log(
    `DescribeJobs (10 jobs, 100 servers per call): ${((rounds * 1000) / describeMs).toFixed(0)} round trips/s, ` +
      `${(describeMs / rounds).toFixed(2)} ms each`,
  );

  sim.control.setFaults([
    { service: "drs", operation: "*", errorType: "ThrottlingException", rate: 0.3 },
    { service: "drs", operation: "*", errorType: "InternalServerException", rate: 0.1 },
  ]);
  retries.length = 0;
  let calls = 0;
  t = process.hrtime.bigint();
  const target = healthy.slice(200, 300);
  const { jobId } = await aws.launcher.startRecovery({
    executionId: "bench-faults",
    batchId: "bench-faults",
    accountId: HOME,
    region: REGION,
    isDrill: false,
    servers: target.map((s) => ({ serverId: s.serverId })),
  });
  calls++;
  for (;;) {
    const [job] = await aws.launcher.describeJobs(HOME, REGION, [jobId]);
    calls++;
    if (job?.status === "COMPLETED") {
      const launched = job.servers.filter((s) => s.launchStatus === "LAUNCHED").length;
      console.log(
        `100-server recovery under 30% throttling + 10% 5xx (retry ${JSON.stringify(DEFAULT_RETRY_POLICY)}): ` +
          `${launched}/100 launched in ${ms(t).toFixed(0)} ms, ${calls} adapter calls, ${retries.length} retries`,
      );
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
} finally {
  aws.destroy();
  await sim.close();
}
