import { type AwsAdapters, createAwsAdapters } from "@drso/aws";
import { type FleetSpec, SIMULATOR_CREDENTIALS, startSimulator } from "@drso/simulator";
import { SOURCE_SERVER_TAGS_EXTENSION } from "../../src/routes/drs-tag-sync";
import { EC2_INVENTORY_EXTENSION } from "../../src/routes/ec2-resources";
import { LAUNCH_SETTINGS_EXTENSION } from "../../src/routes/launch-settings";
import { REPLICATION_SETTINGS_EXTENSION } from "../../src/routes/replication-settings";
import { startTestServer, type TestServer } from "./test-server";

export interface SimulatedApi {
  api: TestServer;
  sim: Awaited<ReturnType<typeof startSimulator>>;
  adapters: AwsAdapters;
  close(): Promise<void>;
}

/**
 * The real app over HTTP whose DRS/EC2/STS adapters talk to a simulator on a random port, wired as
 * `serve.ts` wires them; the target accounts come from the app's own store.
 */
export async function startSimulatedApi(
  options: { fleet?: FleetSpec; timeScale?: number } = {},
): Promise<SimulatedApi> {
  const sim = await startSimulator({
    port: 0,
    timeScale: options.timeScale ?? 10_000,
    seed: 11,
    fleet: options.fleet,
  });
  let adapters: AwsAdapters | undefined;
  const api = await startTestServer({
    configure: (deps) => {
      const created = createAwsAdapters({
        endpoint: sim.endpoint,
        homeAccountId: deps.config.homeAccountId,
        credentials: SIMULATOR_CREDENTIALS,
        targetAccounts: () => deps.store.listTargetAccounts(),
        retry: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 5 },
      });
      adapters = created;
      deps.catalog = created.catalog;
      deps.launcher = created.launcher;
      deps.health = created.health;
      deps.accountAccess = created.accountAccess;
      deps.extensions[EC2_INVENTORY_EXTENSION] = created.ec2;
      deps.extensions[SOURCE_SERVER_TAGS_EXTENSION] = created.sourceServerTags;
      deps.extensions[LAUNCH_SETTINGS_EXTENSION] = created.launchSettings;
      deps.extensions[REPLICATION_SETTINGS_EXTENSION] = created.replicationSettings;
    },
  });
  if (!adapters) throw new Error("configure did not run");
  const built = adapters;
  return {
    api,
    sim,
    adapters: built,
    close: async () => {
      await api.close();
      built.destroy();
      await sim.close();
    },
  };
}
