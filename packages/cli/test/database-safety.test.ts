import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, SqliteUserStore, UserAccounts } from "@drso/server";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { runCli } from "./support/run-cli";
import { ADMIN_PASSWORD, type ServedStack, startServedStack } from "./support/served-stack";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "drso-db-safety-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const serveEnv = (dataDir: string) => ({
  DRSO_DATA_DIR: dataDir,
  DRSO_PORT: "0",
  DRSO_SIM_PORT: "0",
  DRSO_LOG_LEVEL: "warn",
});

describe("start-up integrity check", () => {
  test("drso serve on a file that is not a database prints one line and exits 1", {
    timeout: 60_000,
  }, async () => {
    const dataDir = join(dir, "data");
    await mkdir(dataDir);
    await writeFile(join(dataDir, "drso.db"), "not a database at all\n".repeat(500));
    const run = await runCli(["serve"], { env: serveEnv(dataDir) });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^drso: .*drso\.db is not a SQLite database \(file is not a database\); restore/),
    ]);
    expect(run.stdout).not.toContain("API:");
  });
});

interface Api {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
}

async function apiOf(url: string): Promise<Api> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password: ADMIN_PASSWORD }),
  });
  const { data } = (await login.json()) as { data: { token: string } };
  const call = async <T>(method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}/api${path}`, {
      method,
      headers: { authorization: `Bearer ${data.token}`, "content-type": "application/json" },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { data: T }).data;
  };
  return { get: (path) => call("GET", path), post: (path, body) => call("POST", path, body) };
}

/** Every id of a paged list, following nextToken. */
async function allIds(api: Api, path: string, key: string): Promise<string[]> {
  const ids: string[] = [];
  let token: string | undefined;
  do {
    const page = await api.get<{ items: Record<string, string>[]; nextToken?: string }>(
      `${path}?limit=1000${token ? `&nextToken=${encodeURIComponent(token)}` : ""}`,
    );
    ids.push(...page.items.map((item) => item[key] ?? ""));
    token = page.nextToken;
  } while (token);
  return ids;
}

const everything = async (api: Api) => ({
  groups: await allIds(api, "/protection-groups", "groupId"),
  plans: await allIds(api, "/recovery-plans", "planId"),
  executions: await allIds(api, "/executions", "executionId"),
  audit: await allIds(api, "/audit", "auditId"),
});

const HOME = { accountId: "111111111111", region: "us-east-1" };
const SLOW = 240_000;

describe("drso backup / drso restore", () => {
  let live: ServedStack | undefined;
  let restored: ServedStack | undefined;
  afterEach(async () => {
    await restored?.close();
    await live?.close();
  });

  test("a backup taken during a running drill restores into a new data dir with every group, plan, execution, user and audit entry", {
    timeout: SLOW,
  }, async () => {
    // A slow clock keeps the drill running while the backup is taken.
    live = await startServedStack({ DRSO_TIME_SCALE: "30" });
    const liveData = join(live.dir, "data");
    const api = await apiOf(live.url);
    const groups = [];
    for (const tier of ["web", "app"])
      groups.push(
        await api.post<{ groupId: string }>("/protection-groups", {
          groupName: `Payments ${tier}`,
          ...HOME,
          tagCriteria: { Application: "Payments", Tier: tier },
        }),
      );
    const plans = [];
    for (const [i, g] of groups.entries())
      plans.push(
        await api.post<{ planId: string }>("/recovery-plans", {
          planName: `Plan ${i + 1}`,
          waves: [{ waveNumber: 1, waveName: "Only", protectionGroupIds: [g.groupId] }],
        }),
      );
    const usersDb = openDatabase(liveData);
    await new UserAccounts(new SqliteUserStore(usersDb)).addUser(
      "auditor",
      "DRSReadOnly",
      "auditor-pw",
      "test",
    );
    // Closed, so that only the running server holds the database when restore is refused below.
    usersDb.close();
    const { executionId } = await api.post<{ executionId: string }>(
      `/recovery-plans/${plans[0]?.planId}/execute`,
      { executionType: "DRILL" },
    );
    await expect
      .poll(async () => (await api.get<{ status: string }>(`/executions/${executionId}`)).status, {
        timeout: 30_000,
        interval: 250,
      })
      .toBe("RUNNING");
    const before = await everything(api);

    const backup = join(dir, "drso-backup.db");
    const backedUp = await live.cli(["backup", backup, "--data-dir", liveData]);
    expect(backedUp.stderr).toBe("");
    expect(backedUp.stdout).toMatch(
      /^Backed up the database to .*drso-backup\.db \(\d+ KiB, quick_check ok\)\n$/,
    );
    expect((await api.get<{ status: string }>(`/executions/${executionId}`)).status).toBe("RUNNING");

    const refused = await live.cli(["restore", backup, "--data-dir", liveData]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^drso: the database in .* is in use \(is 'drso serve' running\?\); stop the server/,
    );

    const restoredData = join(dir, "restored");
    const restoredRun = await live.cli(["restore", backup, "--data-dir", restoredData]);
    expect(restoredRun.stderr).toBe("");
    expect(restoredRun.stdout).toContain(`as ${join(restoredData, "drso.db")}`);
    expect(restoredRun.code).toBe(0);

    // The restored data dir serves, against the same simulator, everything there was at backup time.
    restored = await startServedStack({
      DRSO_DATA_DIR: restoredData,
      ...(live.simUrl ? { DRSO_SIM_URL: live.simUrl } : {}),
    });
    const after = await everything(await apiOf(restored.url));
    expect(before.groups).toHaveLength(2);
    expect(before.plans).toHaveLength(2);
    expect(before.executions).toEqual([executionId]);
    expect(before.audit.length).toBeGreaterThan(4);
    expect(after.groups).toEqual(expect.arrayContaining(before.groups));
    expect(after.plans).toEqual(expect.arrayContaining(before.plans));
    expect(after.executions).toEqual(expect.arrayContaining(before.executions));
    expect(after.audit).toEqual(expect.arrayContaining(before.audit));
    const restoredDb = openDatabase(restoredData);
    const users = await new SqliteUserStore(restoredDb).listUsers();
    restoredDb.close();
    expect(users.map((u) => u.username).sort()).toEqual(["admin", "auditor"]);
  });
});

describe("npm start after a kill -9 mid-drill", () => {
  let first: ServedStack | undefined;
  let second: ServedStack | undefined;
  afterEach(async () => {
    await second?.close();
    await first?.close();
  });

  test("the bundled simulator continues from the data dir and the drill completes with the same DRS job", {
    timeout: SLOW,
  }, async () => {
    const dataDir = join(dir, "data");
    // A slow clock keeps the DRS job in flight across the crash.
    const env = { DRSO_DATA_DIR: dataDir, DRSO_TIME_SCALE: "30" };
    first = await startServedStack(env);
    const api = await apiOf(first.url);
    const group = await api.post<{ groupId: string }>("/protection-groups", {
      groupName: "Payments web",
      ...HOME,
      tagCriteria: { Application: "Payments", Tier: "web" },
    });
    const plan = await api.post<{ planId: string }>("/recovery-plans", {
      planName: "Payments web drill",
      waves: [{ waveNumber: 1, waveName: "Web", protectionGroupIds: [group.groupId] }],
    });
    const { executionId } = await api.post<{ executionId: string }>(
      `/recovery-plans/${plan.planId}/execute`,
      {
        executionType: "DRILL",
      },
    );
    const jobIds = async (a: Api) =>
      (await a.get<{ jobIds: string[] }>(`/executions/${executionId}/jobs`)).jobIds;
    await expect.poll(() => jobIds(api), { timeout: 60_000, interval: 250 }).toHaveLength(1);
    const before = await jobIds(api);
    expect((await api.get<{ status: string }>(`/executions/${executionId}`)).status).toBe("RUNNING");

    await first.crash();
    second = await startServedStack(env);
    const again = await apiOf(second.url);
    await expect
      .poll(async () => (await again.get<{ status: string }>(`/executions/${executionId}`)).status, {
        timeout: 150_000,
        interval: 1000,
      })
      .toBe("COMPLETED");
    expect(await jobIds(again)).toEqual(before);
  });
});
