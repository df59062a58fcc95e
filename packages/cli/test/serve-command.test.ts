import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const BIN = fileURLToPath(new URL("../bin/drso.js", import.meta.url));

test("drso serve answers /api/health and /api/docs, and exits 0 on SIGTERM", {
  timeout: 120_000,
}, async () => {
  const dataDir = await mkdtemp(join(tmpdir(), "drso-serve-cli-"));
  const child = spawn(process.execPath, [BIN, "serve"], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DRSO_DATA_DIR: dataDir,
      DRSO_PORT: "0",
      DRSO_SIM_PORT: "0",
      DRSO_LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  try {
    let output = "";
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (d: Buffer) => {
        output += d.toString();
        const m = /API:\s+(http:\/\/\S+)\/api\b/.exec(output);
        if (m?.[1] && output.includes("Login:")) resolve(m[1]);
      });
      child.once("exit", (code) => reject(new Error(`exited ${code}: ${output}`)));
    });
    expect(output).toMatch(/Login:\s+admin \/ \S+/);
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
    expect((await fetch(`${url}/api/docs`)).status).toBe(200);

    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    await expect(fetch(`${url}/api/health`)).rejects.toThrow();
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
    await rm(dataDir, { recursive: true, force: true });
  }
});
