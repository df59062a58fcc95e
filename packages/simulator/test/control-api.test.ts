import { request as httpRequest } from "node:http";
import {
  DescribeJobsCommand,
  DescribeSourceServersCommand,
  StartRecoveryCommand,
  ThrottlingException,
} from "@aws-sdk/client-drs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoFleet, type RunningSimulator, type SimulatorState, startSimulator } from "../src/index";
import { sdkClients } from "./sdk-clients";

/** The control API is plain HTTP (no AWS protocol), so these tests talk to it with fetch. */
describe("the /_sim/ control API over HTTP", () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 21 });
  });
  afterAll(() => sim.close());

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${sim.endpoint}${path}`, {
      method,
      headers: { "content-type": "application/json" },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it("GET /_sim/state describes accounts, regions, servers and jobs", async () => {
    const { status, body } = await call("GET", "/_sim/state");
    expect(status).toBe(200);
    const state = body as unknown as SimulatorState;
    expect(state.homeAccountId).toBe("111111111111");
    expect(state.timeScale).toBe(60);
    expect(state.accounts.map((a) => a.accountId)).toEqual(["111111111111", "222222222222"]);
    expect(state.accounts[1]?.crossAccountRole).toEqual({
      roleName: "DRSOrchestrationCrossAccountRole",
      requiresExternalId: true,
    });
    expect(state.accounts[0]?.regions.map((r) => r.region)).toEqual(["us-east-1", "us-west-2"]);
  });

  it("POST /_sim/fleet replaces the fleet; an invalid fleet is refused with 400 and the old one stays", async () => {
    const fleet = {
      accounts: [
        {
          accountId: "333333333333",
          regions: [{ region: "eu-west-1", servers: [{ hostname: "solo", tags: { Tier: "app" } }] }],
        },
      ],
    };
    const replaced = await call("POST", "/_sim/fleet", fleet);
    expect(replaced.status).toBe(200);
    const { drs } = sdkClients(sim, "eu-west-1");
    const servers = (await drs.send(new DescribeSourceServersCommand({}))).items ?? [];
    expect(servers.map((s) => s.sourceProperties?.identificationHints?.hostname)).toEqual(["solo"]);

    const refused = await call("POST", "/_sim/fleet", { accounts: [{ accountId: "12", regions: [] }] });
    expect(refused.status).toBe(400);
    expect(String(refused.body.message)).toMatch(/accountId/);
    expect((await drs.send(new DescribeSourceServersCommand({}))).items).toHaveLength(1);

    expect((await call("POST", "/_sim/fleet", demoFleet())).status).toBe(200);
  });

  it("POST /_sim/faults injects errors until cleared; bad faults are refused", async () => {
    const set = await call("POST", "/_sim/faults", {
      faults: [{ service: "drs", operation: "DescribeJobs", errorType: "ThrottlingException", rate: 1 }],
    });
    expect(set.status).toBe(200);
    const { drs } = sdkClients(sim, "us-east-1", { maxAttempts: 1 });
    await expect(drs.send(new DescribeJobsCommand({}))).rejects.toBeInstanceOf(ThrottlingException);
    expect(
      (await call("POST", "/_sim/faults", { faults: [{ operation: "*", errorType: "X", rate: 2 }] })).status,
    ).toBe(400);
    expect((await call("POST", "/_sim/faults", { faults: [] })).status).toBe(200);
    await expect(drs.send(new DescribeJobsCommand({}))).resolves.toBeDefined();
  });

  it("POST /_sim/reset forgets jobs; the same seed replays the same job ids", async () => {
    const { drs } = sdkClients(sim);
    const launch = async () => {
      const [server] = (await drs.send(new DescribeSourceServersCommand({ maxResults: 1 }))).items ?? [];
      const { job } = await drs.send(
        new StartRecoveryCommand({
          isDrill: true,
          sourceServers: [{ sourceServerID: server?.sourceServerID ?? "" }],
        }),
      );
      return job?.jobID;
    };
    expect((await call("POST", "/_sim/reset", { seed: 99 })).status).toBe(200);
    const first = await launch();
    const reset = await call("POST", "/_sim/reset", { seed: 99 });
    expect((reset.body as unknown as SimulatorState).accounts[0]?.regions[0]?.jobs.total).toBe(0);
    expect((await drs.send(new DescribeJobsCommand({}))).items).toEqual([]);
    expect(await launch()).toBe(first);
  });

  it("POST /_sim/clock moves simulated time forward so a job completes without waiting", async () => {
    const { drs } = sdkClients(sim);
    await call("POST", "/_sim/reset", {});
    const [server] = (await drs.send(new DescribeSourceServersCommand({ maxResults: 1 }))).items ?? [];
    const { job } = await drs.send(
      new StartRecoveryCommand({
        isDrill: true,
        sourceServers: [{ sourceServerID: server?.sourceServerID ?? "" }],
      }),
    );
    expect((await call("POST", "/_sim/clock", { advanceMs: 30_000 })).status).toBe(200);
    const [done] =
      (await drs.send(new DescribeJobsCommand({ filters: { jobIDs: [job?.jobID ?? ""] } }))).items ?? [];
    expect(done?.status).toBe("COMPLETED");
  });
});

/** Raw HTTP, so that Host and Origin can be set the way a rebound name or a foreign page sets them. */
describe("who may use the /_sim/ control API", () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 21 });
  });
  afterAll(() => sim.close());

  const send = (
    path: string,
    options: { method?: string; headers?: Record<string, string>; body?: string },
  ) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: "127.0.0.1",
          port: sim.port,
          path,
          method: options.method ?? "GET",
          headers: options.headers,
        },
        (res) => {
          let body = "";
          res.on("data", (chunk: Buffer) => {
            body += chunk.toString("utf8");
          });
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on("error", reject);
      req.end(options.body);
    });
  const faults = async () => JSON.parse((await send("/_sim/faults", {})).body).faults as unknown[];
  const injectAll = JSON.stringify({
    faults: [{ operation: "*", errorType: "InternalServerException", rate: 1 }],
  });

  it("refuses a foreign Host header (DNS rebinding) and changes nothing", async () => {
    for (const host of ["attacker.example", "attacker.example:8081", "10.0.0.5:8081"]) {
      const res = await send("/_sim/faults", {
        method: "POST",
        headers: { host, "content-type": "application/json" },
        body: injectAll,
      });
      expect(res.status, host).toBe(403);
      expect((await send("/_sim/state", { headers: { host } })).status).toBe(403);
    }
    expect(await faults()).toEqual([]);
    for (const host of ["127.0.0.1", `127.0.0.1:${sim.port}`, `localhost:${sim.port}`, `[::1]:${sim.port}`]) {
      expect((await send("/_sim/state", { headers: { host } })).status, host).toBe(200);
    }
  });

  it("refuses a cross-origin request and changes nothing", async () => {
    for (const origin of ["https://attacker.example", "null", "http://192.168.1.10:3000"]) {
      const res = await send("/_sim/reset", {
        method: "POST",
        headers: { origin, "content-type": "application/json" },
        body: "{}",
      });
      expect(res.status, origin).toBe(403);
    }
    const local = await send("/_sim/faults", {
      method: "POST",
      headers: { origin: "http://localhost:5173", "content-type": "application/json" },
      body: JSON.stringify({ faults: [] }),
    });
    expect(local.status).toBe(200);
  });

  it("requires content-type application/json on bodies (a form post is refused)", async () => {
    for (const contentType of ["text/plain", "application/x-www-form-urlencoded"]) {
      const res = await send("/_sim/faults", {
        method: "POST",
        headers: { "content-type": contentType },
        body: injectAll,
      });
      expect(res.status, contentType).toBe(415);
    }
    expect(await faults()).toEqual([]);
    expect((await send("/_sim/reset", { method: "POST" })).status).toBe(200);
  });

  it("refuses a body over the limit with 413", async () => {
    const huge = JSON.stringify({ accounts: [], padding: "x".repeat(2 * 1024 * 1024) });
    const res = await send("/_sim/fleet", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: huge,
    });
    expect(res.status).toBe(413);
    // Without a declared length (chunked), the limit holds too.
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          host: "127.0.0.1",
          port: sim.port,
          path: "/_sim/fleet",
          method: "POST",
          headers: { "content-type": "application/json", "transfer-encoding": "chunked" },
        },
        (r) => {
          r.resume();
          resolve(r.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      for (let i = 0; i < 40; i++) req.write("x".repeat(64 * 1024));
      req.end();
    });
    expect(chunked).toBe(413);
    expect((await send("/_sim/state", {})).status).toBe(200);
  });
});
