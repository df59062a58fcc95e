import type { MiddlewareHandler } from "hono";
import type { AppEnv, RequestAuthenticator } from "../app-deps";

/** How often an open event stream checks that its caller's credentials still hold. */
export const SESSION_RECHECK_MS = 1_000;

/**
 * Ends an event stream (SSE) as soon as the credentials that opened it stop being valid: the user
 * removed (also by `drso users remove` in another process), the password changed, the session
 * logged out or expired, the API key revoked or expired. Authentication runs once per request, so
 * without this a stream would go on for as long as the client keeps it open.
 */
export const endStreamsWhenSessionEnds =
  (authenticator: RequestAuthenticator, recheckMs = SESSION_RECHECK_MS): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    await next();
    const body = c.res.body;
    if (!body || !c.res.headers.get("content-type")?.startsWith("text/event-stream")) return;
    const authorization = c.req.header("authorization");
    const apiKey = c.req.header("x-api-key");
    // Only streams opened with HTTP credentials (a direct invocation has none to re-check).
    if (authorization === undefined && apiKey === undefined) return;

    const relay = new TransformStream<Uint8Array, Uint8Array>();
    const writer = relay.writable.getWriter();
    const reader = body.getReader();
    let ended = false;
    const end = (reason?: unknown) => {
      if (ended) return;
      ended = true;
      clearInterval(timer);
      // Cancelling the route's stream runs its abort handlers (unsubscribe).
      reader.cancel(reason).catch(() => {});
      writer.close().catch(() => {});
    };
    const timer = setInterval(() => {
      authenticator.authenticate(authorization, apiKey).catch((e: unknown) => end(e));
    }, recheckMs);
    // The client closing the connection cancels the readable side, which errors this writer.
    writer.closed.catch((e: unknown) => end(e));
    void (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done || ended) break;
          await writer.write(value);
        }
      } catch {
        // The client went away or the source failed: end both sides below.
      }
      end();
    })();
    c.res = new Response(relay.readable, { status: c.res.status, headers: c.res.headers });
  };
