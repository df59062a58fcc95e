import { mkdtemp, rm } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROLES, type Role, type SourceServerCatalog } from "@drso/core";
import { serve } from "@hono/node-server";
import type { Database } from "better-sqlite3";
import pino from "pino";
import { createApp } from "../../src/app";
import type { AppDeps, RouteRegistration } from "../../src/app-deps";
import { MIN_PASSWORD_COST } from "../../src/auth/password-hash";
import type { SessionSubject } from "../../src/auth/token-issuer";
import { UserAccounts } from "../../src/auth/user-accounts";
import { createEmbeddedDeps } from "../../src/embedded-deps";
import { registerDocs } from "../../src/http/api-docs";
import { InMemorySourceServerCatalog } from "./in-memory-source-server-catalog";

export interface TestServerOptions {
  /** Defaults to an empty in-memory catalog. */
  catalog?: SourceServerCatalog;
  /** Defaults to every route module of `routes/index.ts`. */
  registrations?: readonly RouteRegistration[];
  /** Fill optional adapters (launcher, health, accountAccess, ec2, executions, …) before the app is built. */
  configure?: (deps: AppDeps, db: Database) => void | Promise<void>;
  webDistDir?: string;
}

export interface TestResponse<T = unknown> {
  status: number;
  headers: Headers;
  /** Parsed JSON (the envelope), or undefined for an empty / non-JSON body. */
  body: T;
  text: string;
}

export interface RequestOptions {
  /** Act as the test user of this role (default DRSOrchestrationAdmin); null: no credentials. */
  role?: Role | null;
  token?: string;
  apiKey?: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent verbatim with content-type application/json (malformed-input tests). */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface TestServer {
  url: string;
  dataDir: string;
  deps: AppDeps;
  db: Database;
  /** User administration at the test server's (low) password cost. */
  accounts: UserAccounts;
  /** A valid JWT of the test user that holds exactly this role (user name = role name). */
  tokenFor(role: Role): string;
  request<T = Envelope>(method: string, path: string, options?: RequestOptions): Promise<TestResponse<T>>;
  get<T = Envelope>(path: string, options?: RequestOptions): Promise<TestResponse<T>>;
  post<T = Envelope>(path: string, body: unknown, options?: RequestOptions): Promise<TestResponse<T>>;
  put<T = Envelope>(path: string, body: unknown, options?: RequestOptions): Promise<TestResponse<T>>;
  patch<T = Envelope>(path: string, body: unknown, options?: RequestOptions): Promise<TestResponse<T>>;
  del<T = Envelope>(path: string, options?: RequestOptions): Promise<TestResponse<T>>;
  close(): Promise<void>;
}

/** The response envelope; `data` is typed loosely because tests assert on its shape. */
export interface Envelope {
  success: boolean;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary response fields
  data?: any;
  /** Present on failures; typed as always there so that tests can assert on it directly. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary detail fields
  error: { code: string; message: string; details?: any };
  timestamp: string;
}

/** scrypt at N=2^10 in tests: the production 2^17 takes seconds per hash on a loaded machine. */
export const TEST_PASSWORD_COST = MIN_PASSWORD_COST;

/**
 * Starts the real app over HTTP on a random port with a fresh temp data dir, and one user per role.
 * Always `await server.close()` (e.g. in afterAll) — it stops the listener and deletes the data dir.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), "drso-test-"));
  const {
    deps,
    db,
    close: closeDb,
  } = createEmbeddedDeps({
    dataDir,
    logger: pino({ level: "silent" }),
    catalog: options.catalog ?? new InMemorySourceServerCatalog(),
    ...(options.webDistDir ? { webDistDir: options.webDistDir } : {}),
    passwordCost: TEST_PASSWORD_COST,
  });
  await options.configure?.(deps, db);
  const accounts = new UserAccounts(deps.users, { passwordCost: TEST_PASSWORD_COST });
  const subjects = new Map<Role, SessionSubject>();
  for (const role of ROLES) {
    await accounts.addUser(role, role, "test-password", "test");
    const user = await deps.users.getUser(role);
    subjects.set(role, {
      username: role,
      roles: [role],
      userId: user?.userId ?? "",
      tokenGeneration: user?.tokenGeneration ?? 0,
    });
  }
  const issue = async (role: Role) => {
    const subject = subjects.get(role);
    return subject ? (await deps.tokens.issue(subject)).token : "";
  };
  const tokens = new Map<Role, string>();
  for (const role of ROLES) tokens.set(role, await issue(role));
  const app = createApp(deps, { routes: options.registrations, apiDocs: registerDocs });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const tokenFor = (role: Role) => tokens.get(role) ?? "";
  const request = async <T>(
    method: string,
    path: string,
    o: RequestOptions = {},
  ): Promise<TestResponse<T>> => {
    const headers: Record<string, string> = { ...o.headers };
    const role = o.role === undefined ? "DRSOrchestrationAdmin" : o.role;
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    else if (o.apiKey) headers["x-api-key"] = o.apiKey;
    // A token of its own per request: a route under test that ends its session (logout) must
    // not log the role out of the requests that follow.
    else if (role) headers.authorization = `Bearer ${await issue(role)}`;
    let body: string | undefined;
    if (o.rawBody !== undefined) body = o.rawBody;
    else if (o.body !== undefined) body = JSON.stringify(o.body);
    if (body !== undefined) headers["content-type"] ??= "application/json";
    const res = await fetch(`${url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  };

  return {
    url,
    dataDir,
    deps,
    db,
    accounts,
    tokenFor,
    request,
    get: (path, o) => request("GET", path, o),
    post: (path, body, o) => request("POST", path, { ...o, body }),
    put: (path, body, o) => request("PUT", path, { ...o, body }),
    patch: (path, body, o) => request("PATCH", path, { ...o, body }),
    del: (path, o) => request("DELETE", path, o),
    close: async () => {
      // fetch keeps connections alive; drop them so that close() does not wait for their timeout.
      (server as Server).closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      closeDb();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
