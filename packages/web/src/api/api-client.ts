import { ApiError } from "./api-error";

/**
 * The one place the UI talks HTTP. Unwraps the `{success, data}` envelope, turns error envelopes
 * into ApiError, and reports a 401 so the session can end (expired token) instead of failing silently.
 */
export interface ApiClientOptions {
  getToken: () => string | undefined;
  onUnauthorized: () => void;
}

let options: ApiClientOptions = { getToken: () => undefined, onUnauthorized: () => {} };

export const configureApiClient = (next: ApiClientOptions): void => {
  options = next;
};

export const authHeaders = (): Record<string, string> => {
  const token = options.getToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
};

interface Envelope {
  success?: boolean;
  data?: unknown;
  error?: { code?: string; message?: string; details?: unknown };
}

export async function apiRequest<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api${path}`, {
      method,
      headers: {
        ...authHeaders(),
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (cause) {
    throw new ApiError(0, "NETWORK_ERROR", `Cannot reach the API: ${(cause as Error).message}`);
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let parsed: Envelope | undefined;
  try {
    parsed = text ? (JSON.parse(text) as Envelope) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!res.ok || parsed?.success === false) {
    if (res.status === 401 && options.getToken()) options.onUnauthorized();
    const err = parsed?.error;
    throw new ApiError(
      res.status,
      err?.code ?? `HTTP_${res.status}`,
      err?.message ??
        (res.status === 404 ? `${method} /api${path} is not available` : res.statusText || text),
      err?.details,
    );
  }
  return (parsed && "data" in parsed ? parsed.data : parsed) as T;
}

export const api = {
  get: <T>(path: string) => apiRequest<T>("GET", path),
  post: <T>(path: string, body?: unknown) => apiRequest<T>("POST", path, body ?? {}),
  put: <T>(path: string, body: unknown) => apiRequest<T>("PUT", path, body),
  patch: <T>(path: string, body: unknown) => apiRequest<T>("PATCH", path, body),
  delete: <T>(path: string, body?: unknown) => apiRequest<T>("DELETE", path, body),
};

/** Lists come back as `{items, nextToken}` (or a bare array from older endpoints); the UI wants the items. */
export const itemsOf = <T>(page: unknown): T[] => {
  if (Array.isArray(page)) return page as T[];
  if (page && typeof page === "object") {
    const rec = page as Record<string, unknown>;
    for (const key of ["items", "executions", "groups", "plans", "servers", "sourceServers", "accounts"]) {
      if (Array.isArray(rec[key])) return rec[key] as T[];
    }
  }
  return [];
};
