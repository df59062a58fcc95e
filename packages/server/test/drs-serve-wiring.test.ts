import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSimulator } from "@drso/simulator";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config";
import { startServer } from "../src/serve";

/** `npm start` as a function: the server with its simulator, on random ports and a temp data dir. */
async function start(env: Record<string, string>) {
  const dataDir = await mkdtemp(join(tmpdir(), "drso-serve-"));
  const lines: string[] = [];
  const config = loadConfig({
    DRSO_PORT: "0",
    DRSO_SIM_PORT: "0",
    DRSO_DATA_DIR: dataDir,
    DRSO_ADMIN_PASSWORD: "wiring-test-password",
    DRSO_LOG_LEVEL: "silent",
    DRSO_TIME_SCALE: "600",
    ...env,
  });
  const server = await startServer(config, { installSignalHandlers: false, print: (l) => lines.push(l) });
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password: "wiring-test-password" }),
  });
  const token = ((await login.json()) as { data: { token: string } }).data.token;
  const get = async (path: string) => {
    const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as { data: { items: { hostname: string }[] } } };
  };
  return { server, lines, get, dataDir };
}

describe("npm start wires the simulator and the AWS adapters", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it("starts the bundled simulator with the demo fleet and prints its endpoint", async () => {
    const { server, lines, get, dataDir } = await start({});
    cleanups.push(
      () => rm(dataDir, { recursive: true, force: true }),
      () => server.close(),
    );
    const simLine = lines.find((l) => l.includes("Simulator:"));
    expect(simLine).toMatch(/Simulator: http:\/\/127\.0\.0\.1:\d+/);
    const servers = await get("/api/drs/source-servers?region=us-east-1");
    expect(servers.status).toBe(200);
    expect(servers.body.data.items.map((s) => s.hostname)).toContain("orderportal-web-01");
    const endpoint = /Simulator: (\S+)/.exec(simLine ?? "")?.[1] ?? "";
    await server.close();
    // Closing the product stops its embedded simulator.
    await expect(fetch(`${endpoint}/_sim/state`)).rejects.toThrow();
  });

  it("uses an already running simulator given by DRSO_SIM_URL instead of starting one", async () => {
    const sim = await startSimulator({
      port: 0,
      timeScale: 600,
      fleet: {
        accounts: [
          {
            accountId: "111111111111",
            regions: [{ region: "us-east-1", servers: [{ hostname: "external-01" }] }],
          },
        ],
      },
    });
    cleanups.push(() => sim.close());
    const { server, lines, get, dataDir } = await start({ DRSO_SIM_URL: `${sim.endpoint}/` });
    cleanups.push(
      () => rm(dataDir, { recursive: true, force: true }),
      () => server.close(),
    );
    expect(lines.find((l) => l.includes("Simulator:"))).toContain(sim.endpoint);
    const servers = await get("/api/drs/source-servers?region=us-east-1");
    expect(servers.body.data.items.map((s) => s.hostname)).toEqual(["external-01"]);
  });
});
