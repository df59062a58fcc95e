import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SourceServer } from "@drso/core";
import {
  InMemorySourceServerCatalog,
  sourceServer,
  startTestServer,
  type TestServer,
} from "@drso/server/testing";
import { type CliResult, type CliRun, runCli } from "./run-cli";

/** The OrderPortal servers of the demo fleet (111111111111/us-east-1), tagged as the simulator tags them. */
export function orderPortalServers(): SourceServer[] {
  let n = 0x100;
  return (["database", "app", "web"] as const).flatMap((tier) =>
    [1, 2].map((i) =>
      sourceServer(n++, {
        hostname: `orderportal-${tier}-0${i}`,
        tags: { Application: "OrderPortal", Tier: tier, Environment: "Production" },
      }),
    ),
  );
}

export interface ApiStack {
  server: TestServer;
  /** Temp dir for plan files and the CLI's config dir. */
  dir: string;
  /** Runs the CLI against this API as the admin (DRSO_TOKEN), with a private config dir. */
  cli(args: readonly string[], run?: CliRun): Promise<CliResult>;
  close(): Promise<void>;
}

/** The real API over HTTP on a random port, with a temp data dir and the servers in memory. */
export async function startApiStack(
  servers: readonly SourceServer[] = orderPortalServers(),
): Promise<ApiStack> {
  const server = await startTestServer({ catalog: new InMemorySourceServerCatalog(servers) });
  const dir = await mkdtemp(join(tmpdir(), "drso-cli-test-"));
  return {
    server,
    dir,
    cli: (args, run = {}) =>
      runCli(args, {
        cwd: dir,
        ...run,
        env: {
          DRSO_ENDPOINT: server.url,
          DRSO_TOKEN: server.tokenFor("DRSOrchestrationAdmin"),
          XDG_CONFIG_HOME: join(dir, "config"),
          ...run.env,
        },
      }),
    close: async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
