import { type AwsAdapters, createAwsAdapters } from "@drso/aws";
import { type FleetSpec, SIMULATOR_CREDENTIALS, startSimulator } from "@drso/simulator";
import { wireAwsAdapters } from "../../src/aws-adapter-wiring";
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
      wireAwsAdapters(deps, created);
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
