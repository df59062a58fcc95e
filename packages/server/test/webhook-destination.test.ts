import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Settings } from "@drso/core";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NotificationDelivery } from "../src/notifications/notification-delivery-log";
import { NotificationDispatcher } from "../src/notifications/notification-dispatcher";
import type { HostResolver } from "../src/notifications/webhook-address";

const SECRET = "a-webhook-secret-of-32-characters";

/** A receiver on 127.0.0.1 that counts what reaches it. */
let receiver: Server;
let port = 0;
let hits = 0;
beforeAll(async () => {
  receiver = createServer((req, res) => {
    hits++;
    req.resume();
    req.on("end", () => res.end());
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  port = (receiver.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

/** Sends one test notification to `url` with the given allowed hosts and DNS; returns its delivery. */
async function deliver(url: string, allowedHosts: string[] = [], resolveHost?: HostResolver) {
  const settings = { notifications: { webhooks: [{ url, secret: SECRET, events: [] }], allowedHosts } };
  const dispatcher = new NotificationDispatcher({
    settings: { getSettings: async () => settings as unknown as Settings },
    log: { save: () => undefined },
    logger: pino({ level: "silent" }),
    now: () => new Date(),
    topicPublisher: () => undefined,
    webhookRetry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2, timeoutMs: 300 },
    ...(resolveHost ? { resolveHost } : {}),
  });
  const before = hits;
  const { deliveries } = await dispatcher.send({ event: "TEST", subject: "test", message: "hello" });
  return { delivery: deliveries[0] as NotificationDelivery, reached: hits - before };
}

describe("webhook destinations (SSRF)", () => {
  it.each([
    ["loopback", () => `http://127.0.0.1:${port}/hook`],
    ["the metadata service", () => "http://169.254.169.254/latest/meta-data/"],
    ["IPv6 loopback", () => `http://[::1]:${port}/hook`],
    ["loopback over https", () => `https://127.0.0.1:${port}/hook`],
  ])("refuses %s without connecting, once (no retries)", async (_name, url) => {
    const { delivery, reached } = await deliver(url());
    expect(reached).toBe(0);
    expect(delivery.status).toBe("FAILED");
    expect(delivery.attempts).toHaveLength(1);
    expect(delivery.attempts[0]?.error).toMatch(/^destination refused: .*allowedHosts/);
  });

  it("refuses a name that resolves to a private address, and one with any private address among public ones", async () => {
    const calls: string[] = [];
    const resolver: HostResolver = async (host) => {
      calls.push(host);
      return host === "hooks.internal.example"
        ? [{ address: "10.20.30.40", family: 4 }]
        : [
            { address: "93.184.216.34", family: 4 },
            { address: "fd00::1", family: 6 },
          ];
    };
    for (const host of ["hooks.internal.example", "mixed.example"]) {
      const { delivery } = await deliver(`https://${host}/hook`, [], resolver);
      expect(delivery.status).toBe("FAILED");
      expect(delivery.attempts).toHaveLength(1);
      expect(delivery.attempts[0]?.error).toMatch(/resolves to a loopback, link-local or private address/);
      expect(delivery.attempts[0]?.error).not.toMatch(/10\.20|fd00/);
    }
    expect(calls).toEqual(["hooks.internal.example", "mixed.example"]);
  });

  it("delivers to an allowed host, over http, connecting to the address it checked (no second lookup)", async () => {
    const calls: string[] = [];
    // Not a real name: the request can only reach the receiver through the pinned address.
    const resolver: HostResolver = async (host) => {
      calls.push(host);
      return [{ address: "127.0.0.1", family: 4 }];
    };
    const { delivery, reached } = await deliver(
      `http://receiver.drso.invalid:${port}/hook`,
      ["receiver.drso.invalid"],
      resolver,
    );
    expect(delivery.status, JSON.stringify(delivery.attempts)).toBe("DELIVERED");
    expect(reached).toBe(1);
    expect(calls).toEqual(["receiver.drso.invalid"]);
    expect((await deliver(`http://127.0.0.1:${port}/hook`, ["127.0.0.1"])).delivery.status).toBe("DELIVERED");
  });

  it("a DNS answer that switches to loopback after the check cannot redirect the request", async () => {
    let lookups = 0;
    // Rebinding: a public address for whoever asks first, loopback for anyone who asks again.
    const resolver: HostResolver = async () =>
      ++lookups % 2 === 1 ? [{ address: "192.0.2.1", family: 4 }] : [{ address: "127.0.0.1", family: 4 }];
    const { delivery, reached } = await deliver(`https://rebind.example:${port}/hook`, [], resolver);
    expect(reached).toBe(0);
    expect(delivery.status).toBe("FAILED");
    // One lookup per attempt: each attempt connected to the public answer it checked.
    expect(lookups).toBe(delivery.attempts.length);
  });

  it("shows a failed attempt without the address or port of the receiver", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { delivery } = await deliver(`http://127.0.0.1:${deadPort}/hook`, ["127.0.0.1"]);
    expect(delivery.status).toBe("FAILED");
    expect(delivery.attempts.map((a) => a.error)).toEqual(Array(3).fill("connection refused"));
    expect(JSON.stringify(delivery.attempts)).not.toMatch(new RegExp(`${deadPort}|ECONN`));
  });

  it("shows a failed SNS publish without the endpoint's address", async () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 10.0.0.8:443"), { code: "ECONNREFUSED" });
    const dispatcher = new NotificationDispatcher({
      settings: {
        getSettings: async () =>
          ({
            notifications: { snsTopicArn: "arn:aws:sns:us-east-1:111111111111:drso" },
          }) as unknown as Settings,
      },
      log: { save: () => undefined },
      logger: pino({ level: "silent" }),
      now: () => new Date(),
      topicPublisher: () => ({
        publish: async () => {
          throw refused;
        },
      }),
    });
    const { deliveries } = await dispatcher.send({ event: "TEST", subject: "test", message: "hello" });
    expect(deliveries[0]?.status).toBe("FAILED");
    expect(deliveries[0]?.attempts[0]?.error).toBe("connection refused");
  });
});
