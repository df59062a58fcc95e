import { streamSSE } from "hono/streaming";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { App } from "../src/app-deps";
import { routeRegistrations } from "../src/routes";
import { startTestServer, type TestServer } from "./support/test-server";

/**
 * An open event stream ends as soon as its caller's credentials stop holding. The probe route
 * streams forever (like the events of an execution that never finishes) and records its abort.
 */
let aborted = 0;
const registerProbeStream = (app: App) => {
  app.get("/api/probe/stream", (c) =>
    streamSSE(c, async (stream) => {
      let open = true;
      stream.onAbort(() => {
        open = false;
        aborted++;
      });
      while (open) {
        await stream.writeSSE({ event: "tick", data: "{}" });
        await stream.sleep(50);
      }
    }),
  );
};

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ registrations: [...routeRegistrations, registerProbeStream] });
});
afterAll(() => s.close());

/** Reads the stream until it ends; resolves with the time it took, or "open" after `limitMs`. */
async function readUntilEnd(headers: Record<string, string>, onOpen: () => Promise<void>, limitMs = 8_000) {
  const res = await fetch(`${s.url}/api/probe/stream`, { headers });
  expect(res.status).toBe(200);
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  await reader.read();
  const started = Date.now();
  await onOpen();
  const ended = (async () => {
    for (;;) {
      const { done } = await reader.read().catch(() => ({ done: true }));
      if (done) return Date.now() - started;
    }
  })();
  const limit = new Promise<"open">((resolve) => setTimeout(() => resolve("open"), limitMs));
  const result = await Promise.race([ended, limit]);
  if (result === "open") await reader.cancel();
  return result;
}

describe("an open event stream of a session that ends", () => {
  test("ends at once when the user is removed", async () => {
    await s.accounts.addUser("ivy", "DRSReadOnly", "ivy-secret-1", "test");
    const { token } = (
      await s.post("/api/auth/login", { username: "ivy", password: "ivy-secret-1" }, { role: null })
    ).body.data;
    const before = aborted;
    const took = await readUntilEnd({ authorization: `Bearer ${token}` }, () =>
      s.accounts.removeUser("ivy", "test"),
    );
    expect(took).not.toBe("open");
    expect(took).toBeLessThan(3_000);
    // The route's own stream was aborted too (its subscriptions end).
    await new Promise((r) => setTimeout(r, 200));
    expect(aborted).toBeGreaterThan(before);
  });

  test("ends when the session logs out or its API key is revoked", async () => {
    await s.accounts.addUser("jon", "DRSReadOnly", "jon-secret-1", "test");
    const { token } = (
      await s.post("/api/auth/login", { username: "jon", password: "jon-secret-1" }, { role: null })
    ).body.data;
    const loggedOut = await readUntilEnd({ authorization: `Bearer ${token}` }, async () => {
      expect((await s.post("/api/auth/logout", undefined, { token })).status).toBe(200);
    });
    expect(loggedOut).not.toBe("open");
    const { record, key } = await s.accounts.createApiKey("DRSReadOnly", "stream", "test");
    const revoked = await readUntilEnd({ "x-api-key": key }, async () => {
      await s.accounts.revokeApiKey(record.keyId, "test");
    });
    expect(revoked).not.toBe("open");
  });

  test("stays open while the session is valid", async () => {
    const result = await readUntilEnd(
      { authorization: `Bearer ${s.tokenFor("DRSReadOnly")}` },
      async () => {},
      2_500,
    );
    expect(result).toBe("open");
  });
});
