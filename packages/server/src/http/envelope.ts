import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** The response envelope of DESIGN §5, as values and as OpenAPI schemas. */
export const ok = <T>(data: T) => ({ success: true as const, data, timestamp: new Date().toISOString() });

export const fail = (code: string, message: string, details?: unknown) => ({
  success: false as const,
  error: { code, message, ...(details === undefined ? {} : { details }) },
  timestamp: new Date().toISOString(),
});

export const sendOk = <T, S extends ContentfulStatusCode>(c: Context, data: T, status: S) =>
  c.json(ok(data), status);

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
