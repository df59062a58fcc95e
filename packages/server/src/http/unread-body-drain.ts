import type { MiddlewareHandler } from "hono";

/**
 * When a route answers without reading the request body (401/403 before validation, an adapter
 * that is not configured), Node closes the keep-alive connection under the client's next request.
 * Reading and discarding what is left — up to `maxBytes` — keeps the connection reusable.
 */
export const drainUnreadBody =
  (maxBytes: number): MiddlewareHandler =>
  async (c, next) => {
    try {
      await next();
    } finally {
      const body = c.req.raw.body;
      if (body && !c.req.raw.bodyUsed) {
        let seen = 0;
        try {
          for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
            seen += chunk.byteLength;
            if (seen > maxBytes) break;
          }
        } catch {
          // The client went away; nothing to keep alive.
        }
      }
    }
  };
