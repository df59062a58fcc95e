import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Role } from "@drso/core";
import { MIN_PASSWORD_COST, openDatabase, SqliteUserStore, UserAccounts } from "@drso/server";

const ROOT = fileURLToPath(new URL("../../../../../", import.meta.url));
const CLI = join(ROOT, "packages", "cli", "bin", "drso.js");
export const ADMIN_PASSWORD = "e2e-admin-password";

/** The product as a user runs it: `drso serve` (API + UI + bundled simulator) on random ports. */
export interface ProductStack {
  url: string;
  /** Adds a local user straight into the product's SQLite store (WAL lets a second connection write). */
  addUser(username: string, role: Role, password: string): Promise<void>;
  /** Logs in through the API and calls it as that user (to arrange state the test is not about). */
  api<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    username?: string,
    password?: string,
  ): Promise<T>;
  close(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      s.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });

async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 45_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`drso serve exited with ${child.exitCode}:\n${output()}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`drso serve did not become healthy in 45 s:\n${output()}`);
}

export async function startProductStack(options: { timeScale?: number } = {}): Promise<ProductStack> {
  const dataDir = await mkdtemp(join(tmpdir(), "drso-web-e2e-"));
  const [port, simPort] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${port}`;
  let log = "";
  const child = spawn(process.execPath, [CLI, "serve"], {
    cwd: ROOT,
    env: {
      ...process.env,
      DRSO_PORT: String(port),
      DRSO_SIM_PORT: String(simPort),
      DRSO_DATA_DIR: dataDir,
      DRSO_ADMIN_PASSWORD: ADMIN_PASSWORD,
      DRSO_TIME_SCALE: String(options.timeScale ?? 600),
      DRSO_LOG_LEVEL: "warn",
      DRSO_SIM_URL: "",
      // Test speed: production hashes passwords at 2^17, which takes seconds on a loaded machine.
      DRSO_PASSWORD_COST: String(MIN_PASSWORD_COST),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const keep = (b: Buffer) => {
    log = (log + b.toString()).slice(-8000);
  };
  // If the test process ends without close() (crash, interrupted run), the server goes with it.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  try {
    await waitForHealth(url, child, () => log);
  } catch (e) {
    child.kill("SIGKILL");
    await rm(dataDir, { recursive: true, force: true });
    throw e;
  }

  const tokens = new Map<string, string>();
  const tokenOf = async (username: string, password: string) => {
    const cached = tokens.get(username);
    if (cached) return cached;
    const res = await fetch(`${url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password }),
    });
    const body = (await res.json()) as { data?: { token?: string } };
    const token = body.data?.token;
    if (!token) throw new Error(`login of ${username} failed: HTTP ${res.status}`);
    tokens.set(username, token);
    return token;
  };

  return {
    url,
    async addUser(username, role, password) {
      const db = openDatabase(dataDir);
      try {
        await new UserAccounts(new SqliteUserStore(db), { passwordCost: MIN_PASSWORD_COST }).addUser(
          username,
          role,
          password,
          "e2e",
        );
      } finally {
        db.close();
      }
    },
    async api<T>(
      method: string,
      path: string,
      body?: unknown,
      username = "admin",
      password = ADMIN_PASSWORD,
    ) {
      const res = await fetch(`${url}/api${path}`, {
        method,
        headers: {
          authorization: `Bearer ${await tokenOf(username, password)}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      const parsed = text ? (JSON.parse(text) as { data?: T; error?: { message?: string } }) : {};
      if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${parsed.error?.message ?? text}`);
      return parsed.data as T;
    },
    async close() {
      process.off("exit", killOnExit);
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
