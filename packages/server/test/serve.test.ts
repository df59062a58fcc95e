import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadConfig } from "../src/config";
import { startServer } from "../src/serve";

/** `npm start`: first start creates admin and prints the login once; the server stops cleanly. */
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "drso-serve-"));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const config = (env: Record<string, string> = {}) =>
  loadConfig({
    DRSO_DATA_DIR: dataDir,
    DRSO_PORT: "0",
    DRSO_SIM_PORT: "0",
    DRSO_LOG_LEVEL: "silent",
    ...env,
  });

const start = async (env?: Record<string, string>) => {
  const lines: string[] = [];
  const server = await startServer(config(env), {
    installSignalHandlers: false,
    print: (l) => lines.push(l),
  });
  return { server, output: lines.join("\n") };
};

const login = (url: string, password: string) =>
  fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password }),
  });

describe("startServer", { timeout: 60_000 }, () => {
  test("prints the URLs and a generated admin password on the first start only", async () => {
    const first = await start();
    let password = "";
    try {
      expect(first.output).toContain(`API docs: ${first.server.url}/api/docs`);
      password = /Login:\s+admin \/ (\S+)/.exec(first.output)?.[1] ?? "";
      expect(password.length).toBeGreaterThanOrEqual(12);
      expect((await login(first.server.url, password)).status).toBe(200);
      expect((await fetch(`${first.server.url}/api/health`)).status).toBe(200);
    } finally {
      await first.server.close();
    }
    await expect(fetch(`${first.server.url}/api/health`)).rejects.toThrow();

    const second = await start({ DRSO_ADMIN_PASSWORD: "ignored-now" });
    try {
      expect(second.output).not.toContain(password);
      expect(second.output).toContain("existing user");
      expect((await login(second.server.url, password)).status).toBe(200);
    } finally {
      await second.server.close();
    }
  });

  test("DRSO_ADMIN_PASSWORD sets the admin password of the first start, and it is not printed", async () => {
    const dir = await mkdtemp(join(tmpdir(), "drso-serve-"));
    const lines: string[] = [];
    const server = await startServer(
      loadConfig({
        DRSO_DATA_DIR: dir,
        DRSO_PORT: "0",
        DRSO_SIM_PORT: "0",
        DRSO_LOG_LEVEL: "silent",
        DRSO_ADMIN_PASSWORD: "chosen-password",
      }),
      { installSignalHandlers: false, print: (l) => lines.push(l) },
    );
    try {
      expect(lines.join("\n")).not.toContain("chosen-password");
      expect((await login(server.url, "chosen-password")).status).toBe(200);
    } finally {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("the first start registers the demo's second account, so health covers every account-region of the fleet", async () => {
    const dir = await mkdtemp(join(tmpdir(), "drso-serve-"));
    const env = {
      DRSO_DATA_DIR: dir,
      DRSO_PORT: "0",
      DRSO_SIM_PORT: "0",
      DRSO_LOG_LEVEL: "silent",
      DRSO_ADMIN_PASSWORD: "chosen-password",
      DRSO_METRICS_TOKEN: "serve-test-scrape-token",
    };
    const startIn = () => startServer(loadConfig(env), { installSignalHandlers: false, print: () => {} });
    const asAdmin = async (url: string) => {
      const { data } = (await (await login(url, "chosen-password")).json()) as { data: { token: string } };
      return (path: string, method = "GET") =>
        fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${data.token}` } });
    };
    const first = await startIn();
    try {
      const call = await asAdmin(first.url);
      const health = (await (await call("/api/config/health")).json()) as {
        data: { drs: { accountId: string; region: string; ok: boolean }[] };
      };
      expect(health.data.drs.map((d) => `${d.accountId}/${d.region}:${d.ok}`).sort()).toEqual([
        "111111111111/us-east-1:true",
        "111111111111/us-west-2:true",
        "222222222222/us-east-1:true",
        "222222222222/us-west-2:true",
      ]);
      const account = (await (await call("/api/accounts/targets/222222222222")).json()) as {
        data: { validated: boolean };
      };
      expect(account.data.validated).toBe(true);
      // The health check's DRS calls are counted on /metrics, which the DRSO_METRICS_TOKEN reads.
      const metrics = await fetch(`${first.url}/metrics`, {
        headers: { authorization: `Bearer ${env.DRSO_METRICS_TOKEN}` },
      });
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toMatch(
        /^drso_aws_calls_total\{service="drs",operation="\w+",outcome="ok"\} [1-9]/m,
      );
      // Removed by the user, it stays removed.
      expect((await call("/api/accounts/targets/222222222222", "DELETE")).status).toBe(204);
    } finally {
      await first.close();
    }
    const second = await startIn();
    try {
      const call = await asAdmin(second.url);
      expect((await call("/api/accounts/targets/222222222222")).status).toBe(404);
    } finally {
      await second.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
