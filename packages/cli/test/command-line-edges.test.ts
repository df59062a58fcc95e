import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiStack, startApiStack } from "./support/api-stack";
import { runCli } from "./support/run-cli";

const BIN = fileURLToPath(new URL("../bin/drso.js", import.meta.url));
const SLOW = 120_000;

const listening = () =>
  new Promise<{ server: Server; port: number }>((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () =>
      resolve({ server, port: (server.address() as { port: number }).port }),
    );
  });

describe("drso on the command line", () => {
  it(
    "exits quietly when the reader closes the pipe (drso … | head -1)",
    async () => {
      const child = spawn(process.execPath, [BIN, "schema"], { stdio: ["ignore", "pipe", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => {
        stderr += d.toString();
      });
      // Like `head -1`: read the first chunk, then close the pipe while drso is still writing.
      child.stdout.once("data", () => child.stdout.destroy());
      const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
      expect(stderr).not.toContain("EPIPE");
      expect(stderr).toBe("");
      expect(code).toBe(0);
    },
    SLOW,
  );

  it(
    "says in one line which port is in use and exits 1, for the API port and the simulator port",
    async () => {
      const { server, port } = await listening();
      try {
        const base = { DRSO_DATA_DIR: join(tmpdir(), `drso-port-${process.pid}`), DRSO_LOG_LEVEL: "silent" };
        const api = await runCli(["serve"], {
          env: { ...base, DRSO_PORT: String(port), DRSO_HOST: "127.0.0.1", DRSO_SIM_PORT: "0" },
        });
        expect(api.code).toBe(1);
        expect(api.stderr.trim()).toBe(`drso: port ${port} is in use — set DRSO_PORT`);
        const sim = await runCli(["serve"], {
          env: { ...base, DRSO_PORT: "0", DRSO_SIM_PORT: String(port) },
        });
        expect(sim.code).toBe(1);
        expect(sim.stderr.trim()).toBe(
          `drso: simulator port ${port} is in use — set DRSO_SIM_PORT (or DRSO_SIM_URL to a running 'drso sim')`,
        );
      } finally {
        server.close();
      }
    },
    SLOW,
  );
});

describe("drso apply on a terminal", () => {
  let stack: ApiStack;
  let file: string;
  beforeAll(async () => {
    stack = await startApiStack();
    file = join(stack.dir, "plan.yaml");
    await writeFile(
      file,
      `apiVersion: drso/v1
protectionGroups:
  - groupName: OrderPortal web
    accountId: "111111111111"
    region: us-east-1
    tagCriteria: { Application: OrderPortal, Tier: web }
`,
    );
  }, SLOW);
  afterAll(async () => {
    await stack?.close();
  });

  /** Runs drso under `script`, so its stdin is a terminal, answering `input` to any prompt. */
  const onTerminal = (args: string[], input: string) =>
    new Promise<{ code: number | null; out: string }>((resolve, reject) => {
      const command = [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(" ");
      const child = spawn("script", ["-qec", command, "/dev/null"], {
        cwd: stack.dir,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          NO_COLOR: "1",
          DRSO_ENDPOINT: stack.server.url,
          DRSO_TOKEN: stack.server.tokenFor("DRSOrchestrationAdmin"),
          XDG_CONFIG_HOME: join(stack.dir, "config"),
        },
        stdio: ["pipe", "pipe", "pipe"],
      });
      let out = "";
      const collect = (d: Buffer) => {
        out += d.toString();
        if (out.includes("[y/N]") && input) {
          child.stdin.write(input);
          input = "";
        }
      };
      child.stdout.on("data", collect);
      child.stderr.on("data", collect);
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, out }));
    });
  const groups = async () => (await stack.server.get("/api/protection-groups")).body.data.items.length;

  it(
    "shows the diff and asks first; the default answer applies nothing, yes applies, and --yes never asks",
    async () => {
      const declined = await onTerminal(["apply", "-f", file], "\r");
      expect(declined.out).toContain('+ protection group "OrderPortal web"');
      expect(declined.out).toContain("Apply these 1 change? [y/N]");
      expect(declined.out).toContain("not confirmed; nothing applied");
      expect(declined.code).toBe(1);
      expect(await groups()).toBe(0);

      const accepted = await onTerminal(["apply", "-f", file], "y\r");
      expect(accepted.code).toBe(0);
      expect(await groups()).toBe(1);

      // Scripts and CI: no terminal, or --yes, never prompt.
      const piped = await stack.cli(["apply", "-f", file, "--prune", "--yes"]);
      expect(piped.stdout).not.toContain("[y/N]");
      expect(piped.code).toBe(0);
    },
    SLOW,
  );
});
