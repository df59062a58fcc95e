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
});
