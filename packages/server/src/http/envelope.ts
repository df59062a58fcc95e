import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** The response envelope (`{data, meta}` / `{error}`), as values and as OpenAPI schemas. */
export const ok = <T>(data: T) => ({ success: true as const, data, timestamp: new Date().toISOString() });

export const fail = (code: string, message: string, details?: unknown) => ({
  success: false as const,
  error: { code, message, ...(details === undefined ? {} : { details }) },
  timestamp: new Date().toISOString(),
});

/**
 * UTF-8 JSON of frozen (hence unchanging) response data, e.g. the store's cached list pages,
 * serialised once. Responses are assembled as bytes: a large string per response would land in
 * V8's old generation and cost full collections, a Buffer's bytes are freed with its small handle.
 */
const frozenJson = new WeakMap<object, Buffer>();
const ENVELOPE_HEAD = Buffer.from('{"success":true,"data":');

export const sendOk = <T, S extends ContentfulStatusCode>(c: Context, data: T, status: S) => {
  if (typeof data !== "object" || data === null || !Object.isFrozen(data)) return c.json(ok(data), status);
  let json = frozenJson.get(data);
  if (json === undefined) {
    json = Buffer.from(JSON.stringify(data));
    frozenJson.set(data, json);
  }
  const tail = Buffer.from(`,"timestamp":"${new Date().toISOString()}"}`);
  const body = Buffer.concat([ENVELOPE_HEAD, json, tail], ENVELOPE_HEAD.length + json.length + tail.length);
  // Same bytes as c.json(ok(data)); the cast keeps the typed-response contract of the route.
  return c.body(body, status, { "content-type": "application/json" }) as unknown as ReturnType<
    typeof c.json<ReturnType<typeof ok<T>>, S>
  >;
};

export const Envelope = <T extends z.ZodType>(data: T) =>
  z.object({ success: z.literal(true), data, timestamp: z.string() });

export const ErrorEnvelope = z
  .object({
    success: z.literal(false),
    error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
    timestamp: z.string(),
  })
  .openapi("Error");

export const PageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextToken: z.string().optional() });
