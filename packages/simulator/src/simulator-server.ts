/**
 * The simulator's HTTP front: `startSimulator` listens on one port and routes each request to the
 * DRS, Query (EC2/STS/IAM/SNS) or `/_sim/` control handler, which act on one `Simulation`
 * (`simulation.ts`). Nothing here holds simulated state.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { credentialScope } from "./caller-identity";
import { handleControl } from "./control/control-api";
import { CONTROL_BODY_LIMIT_BYTES, refuseControlRequest, tooLarge } from "./control/control-request-guard";
import { demoFleet } from "./demo-fleet";
import { type HttpReply, handleDrs } from "./drs/drs-handler";
import type { FleetSpec } from "./fleet-spec";
import { handleQuery, QUERY_API_VERSIONS, type QueryService } from "./query/query-handler";
import { SimClock } from "./sim-clock";
import { Simulation, type SimulatorControl } from "./simulation";
import { mayChangeState, SimulationStateFile } from "./simulation-state-file";

export interface SimulatorOptions {
  /** 0 = a random free port; default 8081. */
  port?: number;
  /** Listen address; default 127.0.0.1. */
  host?: string;
  /** Simulated minutes per real minute; default 60 (a 10-minute DRS job takes 10 s). */
  timeScale?: number;
  /** Seed of every random choice (ids, phase durations, launch failures, fault rolls); default 1. */
  seed?: number;
  /** Default: `demoFleet()`. */
  fleet?: FleetSpec;
  /**
   * Keep the state in this JSON file: continue from it at start (its fleet and seed win over
   * `fleet`/`seed`) and rewrite it after every change. Default: in memory only.
   */
  stateFile?: string;
}

export interface RunningSimulator {
  /** `http://127.0.0.1:PORT` — pass as `endpoint` to the SDK clients. */
  endpoint: string;
  port: number;
  close(): Promise<void>;
  control: SimulatorControl;
}

const QUERY_SERVICES = new Set<string>(["ec2", "sts", "iam", "sns"]);

/** Starts the DRS/EC2/STS simulator on one HTTP port. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const settings = {
    port: options.port ?? 8081,
    host: options.host ?? "127.0.0.1",
    timeScale: options.timeScale ?? 60,
    seed: options.seed ?? 1,
  } satisfies Required<Omit<SimulatorOptions, "fleet" | "stateFile">>;
  const clock = new SimClock(settings.timeScale);
  const fresh = () => new Simulation(clock, settings.seed, options.fleet ?? demoFleet());
  const stateFile = options.stateFile ? new SimulationStateFile(options.stateFile) : undefined;
  const sim = stateFile ? stateFile.open(clock, fresh) : fresh();
  stateFile?.save(sim);
  const server = createServer((req, res) => {
    serve(sim, settings.host, req, res, () => stateFile?.save(sim)).catch((error: unknown) => {
      console.error("[drso-sim] request failed:", error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ message: "Internal server error" }));
    });
  });
  // SDK clients keep connections alive between calls; keep them open a little longer than they do.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(settings.port, settings.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = settings.host === "0.0.0.0" || settings.host === "::" ? "127.0.0.1" : settings.host;
  return {
    endpoint: `http://${host}:${port}`,
    port,
    control: sim,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }).finally(() => stateFile?.save(sim)),
  };
}

/** AWS request bodies are small (the largest, RunInstances user data, is 16 KB); this bounds memory. */
const AWS_BODY_LIMIT_BYTES = 8 * 1024 * 1024;

/** The body as text, or undefined once it exceeds `limit` bytes (the rest is not buffered). */
async function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

async function serve(
  sim: Simulation,
  listenHost: string,
  req: IncomingMessage,
  res: ServerResponse,
  changed: () => void,
): Promise<void> {
  const url = new URL(req.url ?? "/", "http://simulator");
  const method = req.method ?? "GET";
  const control = url.pathname.startsWith("/_sim/");
  const refused = control ? refuseControlRequest(req.headers, listenHost) : undefined;
  const limit = control ? CONTROL_BODY_LIMIT_BYTES : AWS_BODY_LIMIT_BYTES;
  const body = refused ? "" : await readBody(req, limit);
  const requestId = randomUUID();
  let reply: HttpReply;
  if (refused || body === undefined) {
    // An unread or partly read body: close the connection rather than drain it.
    reply = refused ?? tooLarge(limit);
    reply.headers.connection = "close";
  } else if (control) {
    reply = handleControl(sim, method, url.pathname, body);
    if (method !== "GET") changed();
  } else {
    const scope = credentialScope(req.headers.authorization, url.searchParams);
    const contentType = req.headers["content-type"] ?? "";
    const form = contentType.includes("application/x-www-form-urlencoded");
    const params = new URLSearchParams(form ? body : "");
    for (const [k, v] of url.searchParams) if (!params.has(k)) params.set(k, v);
    // The SigV4 scope names the service; unsigned requests fall back to the query API version.
    const service =
      scope?.service ??
      (params.has("Action") ? (QUERY_API_VERSIONS[params.get("Version") ?? ""] ?? "ec2") : "drs");
    const query = QUERY_SERVICES.has(service);
    reply = query
      ? handleQuery({ sim, service: service as QueryService, params, scope, requestId })
      : handleDrs({ sim, method, path: url.pathname, query: url.searchParams, body, scope, requestId });
    const operation = query ? (params.get("Action") ?? undefined) : drsOperationName(method, url.pathname);
    if (mayChangeState(operation)) changed();
  }
  if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
  res.writeHead(reply.status, reply.headers);
  res.end(reply.body);
}

/** `POST /StartRecovery` → StartRecovery; the tag routes by method. */
const drsOperationName = (method: string, path: string): string =>
  path.startsWith("/tags/") ? (method === "GET" ? "ListTagsForResource" : "TagResource") : path.slice(1);
