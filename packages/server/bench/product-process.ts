/**
 * The product as users run it — `drso serve` from the bundle `npm start` builds — in its own
 * process, reached over HTTP, for benchmarks that measure the process's memory from outside.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLI_BUNDLE, ensureCliBundle } from "../../../scripts/ensure-cli-bundle.mjs";

export interface BenchResponse {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: benchmark scripts read envelope fields ad hoc.
  body: any;
  text: string;
}

/** The two calls benchmarks make; `TestServer` (in-process) has the same shape. */
export interface BenchApi {
  get(path: string): Promise<BenchResponse>;
  post(path: string, body: unknown): Promise<BenchResponse>;
}

export interface ProductProcess {
  api: BenchApi;
  /** Peak resident set size of the product process so far (Linux VmHWM). */
  peakRssBytes(): number;
  /** Resident set size of the product process now (Linux VmRSS). */
  rssBytes(): number;
  close(): Promise<void>;
}

const PASSWORD = "bench-admin-password";

export async function startProductProcess(env: Record<string, string>): Promise<ProductProcess> {
  await ensureCliBundle();
  const dataDir = await mkdtemp(join(tmpdir(), "drso-bench-"));
  // BENCH_PRODUCT_NODE_ARGS: extra node flags for the product process (memory experiments).
  const nodeArgs = (process.env.BENCH_PRODUCT_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, CLI_BUNDLE, "serve"], {
    env: {
      ...process.env,
      ...env,
      DRSO_PORT: "0",
      DRSO_DATA_DIR: dataDir,
      DRSO_ADMIN_PASSWORD: PASSWORD,
      DRSO_LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /API:\s+(http:\/\/\S+)\/api/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once("exit", (code) => reject(new Error(`drso serve exited (${code}): ${out}`)));
  });
  let token = "";
  const request = async (method: string, path: string, body?: unknown): Promise<BenchResponse> => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { "content-type": "application/json", ...(token && { authorization: `Bearer ${token}` }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, text };
  };
  const login = await request("POST", "/api/auth/login", { username: "admin", password: PASSWORD });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${login.text}`);
  token = login.body.data.token;
  return {
    api: { get: (path) => request("GET", path), post: (path, body) => request("POST", path, body) },
    peakRssBytes: () => procStatusBytes(child.pid, "VmHWM"),
    rssBytes: () => procStatusBytes(child.pid, "VmRSS"),
    close: async () => {
      await new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      });
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A memory figure of `/proc/<pid>/status` (Linux), in bytes. */
function procStatusBytes(pid: number | undefined, field: "VmHWM" | "VmRSS"): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(m?.[1] ?? Number.NaN) * 1024;
}
