import type { Actor } from "@drso/core";
import { z } from "@hono/zod-openapi";
import type { App } from "../app-deps";
import { fail } from "../http/envelope";
import { DIRECT_PRINCIPAL } from "./direct-principal";
import { isOperationName, OPERATION_NAMES, OPERATION_ROUTES } from "./operation-routes";

/**
 * Direct invocation without HTTP: `{operation, body, queryParams, pathParams}` becomes
 * an internal Request to the same Hono app (`app.request`), so validation, permissions, the
 * envelope and error mapping are exactly those of the HTTP API.
 */
export const DirectInvocation = z.object({
  operation: z.string().min(1).max(100),
  body: z.unknown().optional(),
  queryParams: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).nullish(),
  pathParams: z.record(z.string(), z.union([z.string(), z.number()])).nullish(),
});
export type DirectInvocation = z.infer<typeof DirectInvocation>;

/** The envelope the route answered, with its HTTP status (direct calls return the body). */
export type DirectInvocationResult = Record<string, unknown> & { statusCode: number; success: boolean };

/** Edit distance, for suggesting the operation a caller probably meant. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}

/** Up to 5 known operations close to `name`: near in spelling, or sharing its words. */
export function closeOperationNames(name: string): string[] {
  const wanted = name.toLowerCase().replace(/[^a-z0-9]+/g, "_");
  const words = wanted.split("_").filter((w) => w.length > 2);
  return OPERATION_NAMES.map((op) => {
    const shared = words.filter((w) => op.includes(w)).length;
    return { op, score: distance(wanted, op) - 4 * shared };
  })
    .filter(({ op, score }) => score <= Math.max(4, op.length / 3))
    .sort((x, y) => x.score - y.score || x.op.localeCompare(y.op))
    .slice(0, 5)
    .map(({ op }) => op);
}

const failure = (
  statusCode: number,
  code: string,
  message: string,
  details?: unknown,
): DirectInvocationResult => ({
  statusCode,
  ...fail(code, message, details),
});

/** Fills `{name}` segments; the values taken from the body are removed from it. */
function resolvePath(
  template: string,
  invocation: DirectInvocation,
): { path: string; body: unknown } | { missing: string[] } {
  const body =
    invocation.body && typeof invocation.body === "object" && !Array.isArray(invocation.body)
      ? { ...(invocation.body as Record<string, unknown>) }
      : invocation.body;
  const missing: string[] = [];
  const path = template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const fromPath = invocation.pathParams?.[name] ?? invocation.pathParams?.id;
    const fromQuery = invocation.queryParams?.[name];
    let value: unknown = fromPath ?? fromQuery;
    if (value === undefined && body && typeof body === "object" && !Array.isArray(body)) {
      const record = body as Record<string, unknown>;
      value = record[name];
      delete record[name];
    }
    if (typeof value !== "string" && typeof value !== "number") {
      missing.push(name);
      return "";
    }
    return encodeURIComponent(String(value));
  });
  return missing.length > 0 ? { missing } : { path, body };
}

/**
 * Runs one operation as `principal` through the app. Unknown operations, missing path values and
 * malformed invocations answer a 400 envelope; everything else is the route's own answer.
 */
export async function invokeOperation(
  app: App,
  input: unknown,
  principal: Actor,
): Promise<DirectInvocationResult> {
  const parsed = DirectInvocation.safeParse(input);
  if (!parsed.success) {
    return failure(
      400,
      "INVALID_INVOCATION",
      `Invalid invocation: ${parsed.error.issues[0]?.message ?? ""}`,
      {
        fields: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
      },
    );
  }
  const invocation = parsed.data;
  if (!isOperationName(invocation.operation)) {
    const suggestions = closeOperationNames(invocation.operation);
    return failure(
      400,
      "UNKNOWN_OPERATION",
      `Unknown operation '${invocation.operation}'${suggestions.length ? `; did you mean ${suggestions.join(", ")}?` : ""}`,
      { suggestions, operations: OPERATION_NAMES },
    );
  }
  const route = OPERATION_ROUTES[invocation.operation];
  const resolved = resolvePath(route.path, invocation);
  if ("missing" in resolved) {
    return failure(
      400,
      "MISSING_PATH_PARAMETER",
      `Operation ${invocation.operation} needs ${resolved.missing.join(", ")} (in pathParams, queryParams or body)`,
      { missing: resolved.missing },
    );
  }
  const query = new URLSearchParams();
  const templateNames = new Set([...route.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]));
  for (const [k, v] of Object.entries(invocation.queryParams ?? {}))
    if (!templateNames.has(k)) query.set(k, String(v));
  const url = `http://direct.invocation${resolved.path}${query.toString() ? `?${query.toString()}` : ""}`;
  const sendsBody = route.method === "POST" || route.method === "PUT";
  const response = await app.request(
    url,
    {
      method: route.method,
      ...(sendsBody
        ? {
            headers: { "content-type": "application/json" },
            body: JSON.stringify(resolved.body === undefined ? {} : resolved.body),
          }
        : {}),
    },
    { [DIRECT_PRINCIPAL]: principal },
  );
  const text = await response.text();
  if (!text) return { statusCode: response.status, success: response.ok };
  try {
    return {
      statusCode: response.status,
      ...(JSON.parse(text) as Record<string, unknown>),
    } as DirectInvocationResult;
  } catch {
    // Non-JSON answers (the HTML report) are passed through as text.
    return { statusCode: response.status, success: response.ok, data: text };
  }
}
