import { CliError } from "./cli-error";

export const DEFAULT_ENDPOINT = "http://127.0.0.1:8080";

/** How requests authenticate: a session token (Bearer) or an API key (X-Api-Key). */
export type Credentials =
  | { kind: "token"; token: string }
  | { kind: "apiKey"; key: string }
  | { kind: "none" };

/** An error envelope returned by the API: `{success:false, error:{code,message,details}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

interface Envelope {
  success?: boolean;
  data?: unknown;
  error?: { code?: string; message?: string; details?: unknown };
}

/**
 * Thin client of the DRS Orchestrator HTTP API: base URL, credentials, the response envelope and
 * pagination. It knows nothing about the commands that use it.
 */
export class ApiClient {
  readonly endpoint: string;

  constructor(
    endpoint: string,
    private readonly credentials: Credentials,
  ) {
    this.endpoint = endpoint.replace(/\/+$/, "");
  }

  url(path: string): string {
    return `${this.endpoint}/api${path}`;
  }

  headers(extra: Record<string, string> = {}): Record<string, string> {
    const h: Record<string, string> = { accept: "application/json", ...extra };
    if (this.credentials.kind === "token") h.authorization = `Bearer ${this.credentials.token}`;
    if (this.credentials.kind === "apiKey") h["x-api-key"] = this.credentials.key;
    return h;
  }

  /** fetch with connection failures turned into one readable line. */
  async send(method: string, path: string, init: { body?: unknown; headers?: Record<string, string> } = {}) {
    const headers = this.headers(init.headers);
    if (init.body !== undefined) headers["content-type"] = "application/json";
    try {
      return await fetch(this.url(path), {
        method,
        headers,
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      const why =
        cause?.code === "ECONNREFUSED" ? "connection refused" : (cause?.message ?? (e as Error).message);
      throw new CliError(
        `cannot reach the DRS Orchestrator API at ${this.endpoint}: ${why} (is \`drso serve\` running? see --endpoint)`,
        1,
        {
          cause: e,
        },
      );
    }
  }

  /** Calls the API and returns the envelope's `data`; an error envelope becomes an ApiError. */
  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.send(method, path, body === undefined ? {} : { body });
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    let parsed: Envelope | undefined;
    try {
      parsed = text ? (JSON.parse(text) as Envelope) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!res.ok || parsed?.success === false) {
      const err = parsed?.error;
      throw new ApiError(
        res.status,
        err?.code ?? `HTTP_${res.status}`,
        err?.message ?? (text.trim().slice(0, 200) || res.statusText),
        err?.details,
      );
    }
    return (parsed && "data" in parsed ? parsed.data : parsed) as T;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>("GET", path);
  }
  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>("POST", path, body ?? {});
  }
  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>("PUT", path, body);
  }
  delete(path: string): Promise<void> {
    return this.request<void>("DELETE", path);
  }

  /** Every item of a paginated list (`{items, nextToken}`), following `nextToken`. */
  async listAll<T>(path: string, query: Record<string, string> = {}): Promise<T[]> {
    const items: T[] = [];
    let nextToken: string | undefined;
    do {
      const params = new URLSearchParams({ ...query, limit: "1000", ...(nextToken ? { nextToken } : {}) });
      const page = await this.get<{ items?: T[]; nextToken?: string } | T[]>(`${path}?${params}`);
      if (Array.isArray(page)) return page;
      items.push(...(page.items ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    return items;
  }
}

/** One line for an API refusal: the API's own reason, its code, and what was being done. */
export function describeApiError(e: ApiError): string {
  const hint =
    e.status === 401
      ? " — log in with `drso login`, or set DRSO_TOKEN / DRSO_API_KEY"
      : e.status === 403
        ? " — your role does not allow this"
        : "";
  return `${e.message}${conflictSummary(e.details)} (${e.code}, HTTP ${e.status})${hint}`;
}

/**
 * Which executions hold the servers, when the API names them (`details.conflicts` of the start
 * checks): the id a user needs to pause, cancel or wait for.
 */
function conflictSummary(details: unknown): string {
  const conflicts = (details as { conflicts?: unknown } | null | undefined)?.conflicts;
  if (!Array.isArray(conflicts)) return "";
  const byExecution = new Map<string, string>();
  for (const c of conflicts as { executionId?: unknown; planName?: unknown; status?: unknown }[]) {
    if (typeof c?.executionId === "string")
      byExecution.set(
        c.executionId,
        `${c.executionId}${typeof c.planName === "string" ? ` of "${c.planName}"` : ""}${typeof c.status === "string" ? `, ${c.status}` : ""}`,
      );
  }
  return byExecution.size > 0 ? ` — held by execution ${[...byExecution.values()].join("; ")}` : "";
}
