import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { NotificationMessage } from "@drso/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DELIVERY_HEADER,
  SIGNATURE_HEADER,
  verifyWebhookSignature,
  WEBHOOK_REPLAY_WINDOW_SECONDS,
} from "../src/notifications/webhook-signature";
import {
  createPlan,
  type ExecutionEnv,
  HOME,
  startExecutionEnv,
  tagGroup,
  waitForExecution,
} from "../src/runner/testing/execution-test-env";

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on a random port; `answers` scripts the status codes of successive requests. */
async function startReceiver(answers: number[] = []) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, body });
      res.statusCode = answers.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const SECRET = "a-webhook-secret-of-32-characters";
const TOPIC = `arn:aws:sns:us-east-1:${HOME}:drso-notifications`;

describe("execution notifications (signed webhooks, SNS, delivery log)", () => {
  let env: ExecutionEnv;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    env = await startExecutionEnv({ webhookRetry: { baseDelayMs: 20, maxDelayMs: 100 } });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await env.close();
    await receiver.close();
  });

  /** The local receivers listen on 127.0.0.1 over http: an admin allows that host explicitly. */
  const putNotifications = async (notifications: Record<string, unknown>) => {
    const current = (await env.api.get("/api/config/settings")).body.data as Record<string, unknown>;
    const { quotas, healthCheckTimeoutSeconds, defaultRegion, version } = current;
    return env.api.put("/api/config/settings", {
      quotas,
      healthCheckTimeoutSeconds,
      defaultRegion,
      version,
      notifications: { allowedHosts: ["127.0.0.1"], ...notifications },
    });
  };
  const saveNotifications = async (notifications: Record<string, unknown>) => {
    const res = await putNotifications(notifications);
    expect(res.status, res.text).toBe(200);
  };
  const deliveries = async (query = "") =>
    (await env.api.get(`/api/notifications/deliveries${query}`)).body.data as {
      items: { channel: string; event: string; status: string; target: string; attempts: unknown[] }[];
    };

  it("a drill sends signed webhook deliveries for started and completed, and publishes to SNS", async () => {
    await saveNotifications({
      webhooks: [{ url: `${receiver.url}/drill`, secret: SECRET, events: [] }],
      snsTopicArn: TOPIC,
    });
    const group = await tagGroup(env.api, { Application: "OrderPortal", Tier: "database" });
    const planId = await createPlan(env.api, [
      { waveNumber: 1, waveName: "Database", protectionGroupIds: [group] },
    ]);
    const started = await env.api.post(`/api/recovery-plans/${planId}/execute`, { executionType: "DRILL" });
    expect(started.status).toBe(202);
    const executionId = started.body.data.executionId as string;
    expect((await waitForExecution(env.api, executionId)).status).toBe("COMPLETED");

    const events = () =>
      receiver.received
        .filter((r) => r.path === "/drill")
        .map((r) => ({ r, msg: JSON.parse(r.body) as NotificationMessage }))
        .filter(({ msg }) => msg.executionId === executionId);
    await expect
      .poll(() => events().map(({ msg }) => msg.event))
      .toEqual(["EXECUTION_STARTED", "EXECUTION_COMPLETED"]);
    for (const { r } of events()) {
      const header = r.headers[SIGNATURE_HEADER] as string;
      expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(verifyWebhookSignature(r.body, SECRET, header)).toBe(true);
      expect(verifyWebhookSignature(r.body, "another-secret-entirely!", header)).toBe(false);
      // The time is signed: another time with the same MAC, or the same body replayed later, fails.
      const t = Number(/t=(\d+)/.exec(header)?.[1]);
      expect(verifyWebhookSignature(r.body, SECRET, header.replace(/t=\d+/, `t=${t + 1}`))).toBe(false);
      expect(verifyWebhookSignature(r.body, SECRET, header, t + WEBHOOK_REPLAY_WINDOW_SECONDS + 1)).toBe(
        false,
      );
      expect(verifyWebhookSignature(`${r.body} `, SECRET, header)).toBe(false);
    }

    const sns = (await (await fetch(`${env.sim.endpoint}/_sim/sns/messages`)).json()) as {
      messages: { topicArn: string; subject: string; message: string }[];
    };
    const ours = sns.messages.filter((m) => m.message.includes(executionId));
    expect(ours.map((m) => m.subject)).toEqual(["Execution started", "Execution COMPLETED"]);
    expect(ours.every((m) => m.topicArn === TOPIC)).toBe(true);

    await expect
      .poll(async () => (await deliveries(`?executionId=${executionId}`)).items.map((d) => d.status))
      .toEqual(["DELIVERED", "DELIVERED", "DELIVERED", "DELIVERED"]);
  });

  it("retries a failing receiver with backoff and the delivery log shows every attempt", async () => {
    const flaky = await startReceiver([500, 500, 200]);
    try {
      await saveNotifications({ webhooks: [{ url: `${flaky.url}/flaky`, secret: SECRET, events: [] }] });
      const res = await env.api.post("/api/notifications/test", { message: "hello" });
      expect(res.status, res.text).toBe(200);
      const [delivery] = res.body.data.deliveries as {
        status: string;
        attempts: { attempt: number; statusCode: number }[];
      }[];
      expect(delivery?.status).toBe("DELIVERED");
      expect(delivery?.attempts.map((a) => [a.attempt, a.statusCode])).toEqual([
        [1, 500],
        [2, 500],
        [3, 200],
      ]);
      // Each retry carries the same signed body, signed time and delivery id.
      expect(new Set(flaky.received.map((r) => r.body)).size).toBe(1);
      expect(new Set(flaky.received.map((r) => r.headers[SIGNATURE_HEADER])).size).toBe(1);
      expect(new Set(flaky.received.map((r) => r.headers[DELIVERY_HEADER])).size).toBe(1);
      const [logged] = (await deliveries("?limit=1")).items;
      expect(logged).toMatchObject({ channel: "WEBHOOK", event: "TEST", status: "DELIVERED" });
      expect(logged?.attempts).toHaveLength(3);
    } finally {
      await flaky.close();
    }
  });

  it("gives up after the bounded attempts and logs the delivery FAILED", async () => {
    const dead = await startReceiver([503, 503, 503, 503, 503, 503]);
    try {
      await saveNotifications({ webhooks: [{ url: dead.url, secret: SECRET, events: [] }] });
      const res = await env.api.post("/api/notifications/test", {});
      const [delivery] = res.body.data.deliveries as { status: string; attempts: unknown[] }[];
      expect(delivery?.status).toBe("FAILED");
      expect(delivery?.attempts).toHaveLength(5);
    } finally {
      await dead.close();
    }
  });

  it("sends a webhook only the events it subscribed to", async () => {
    await saveNotifications({
      webhooks: [
        { url: `${receiver.url}/only-failed`, secret: SECRET, events: ["EXECUTION_FAILED"] },
        { url: `${receiver.url}/all`, secret: SECRET, events: [] },
      ],
      enabledEvents: ["EXECUTION_STARTED", "EXECUTION_COMPLETED", "EXECUTION_FAILED"],
    });
    const group = await tagGroup(env.api, { Application: "OrderPortal", Tier: "web" });
    const planId = await createPlan(env.api, [
      { waveNumber: 1, waveName: "Web", protectionGroupIds: [group] },
    ]);
    const started = await env.api.post(`/api/recovery-plans/${planId}/execute`, { executionType: "DRILL" });
    const executionId = started.body.data.executionId as string;
    expect((await waitForExecution(env.api, executionId)).status).toBe("COMPLETED");
    // Both receivers get each notification at once: when /all has the completion, /only-failed had its chance.
    await expect
      .poll(() =>
        receiver.received
          .filter((r) => r.path === "/all")
          .map((r) => JSON.parse(r.body) as NotificationMessage)
          .filter((m) => m.executionId === executionId)
          .map((m) => m.event),
      )
      .toEqual(["EXECUTION_STARTED", "EXECUTION_COMPLETED"]);
    expect(receiver.received.filter((r) => r.path === "/only-failed")).toEqual([]);
  });

  it("never shows webhook secrets in the settings, and a PUT sending the mask back keeps the secret", async () => {
    await saveNotifications({ webhooks: [{ url: `${receiver.url}/masked`, secret: SECRET, events: [] }] });
    const read = (await env.api.get("/api/config/settings", { role: "DRSReadOnly" })).text;
    expect(read).not.toContain(SECRET);
    const shown = (await env.api.get("/api/config/settings")).body.data.notifications;
    await saveNotifications(shown);
    await env.api.post("/api/notifications/test", {});
    const last = receiver.received.filter((r) => r.path === "/masked").at(-1);
    expect(verifyWebhookSignature(last?.body ?? "", SECRET, last?.headers[SIGNATURE_HEADER] as string)).toBe(
      true,
    );
  });

  it("keeps a webhook's secret and id when the mask comes back with a changed URL", async () => {
    await saveNotifications({ webhooks: [{ url: `${receiver.url}/before`, secret: SECRET, events: [] }] });
    const shown = (await env.api.get("/api/config/settings")).body.data.notifications;
    const [hook] = shown.webhooks as { id: string; url: string; secret: string }[];
    expect(hook?.id).toMatch(/^[\w-]+$/);
    expect(hook?.secret).toBe("****************");
    await saveNotifications({ ...shown, webhooks: [{ ...hook, url: `${receiver.url}/after` }] });
    const again = (await env.api.get("/api/config/settings")).body.data.notifications.webhooks;
    expect(again).toEqual([{ ...hook, url: `${receiver.url}/after` }]);
    await env.api.post("/api/notifications/test", {});
    const last = receiver.received.filter((r) => r.path === "/after").at(-1);
    expect(last).toBeDefined();
    expect(verifyWebhookSignature(last?.body ?? "", SECRET, last?.headers[SIGNATURE_HEADER] as string)).toBe(
      true,
    );
    expect(
      verifyWebhookSignature(last?.body ?? "", "****************", last?.headers[SIGNATURE_HEADER] as string),
    ).toBe(false);
  });

  it("refuses a mask that matches no stored secret and changes nothing", async () => {
    await saveNotifications({ webhooks: [{ url: `${receiver.url}/kept`, secret: SECRET, events: [] }] });
    const before = (await env.api.get("/api/config/settings")).body.data;
    for (const webhook of [
      { id: "no-such-webhook", url: `${receiver.url}/kept`, secret: "****************" },
      { url: `${receiver.url}/new-url`, secret: "****************" },
    ]) {
      const res = await putNotifications({ webhooks: [webhook] });
      expect(res.status, res.text).toBe(400);
      expect(res.text).toContain("notifications.webhooks.0.secret");
    }
    expect((await env.api.get("/api/config/settings")).body.data).toEqual(before);
  });

  it("refuses webhooks to loopback, metadata and private addresses or over http unless the host is allowed", async () => {
    for (const url of [
      "https://127.0.0.1/hook",
      "https://169.254.169.254/latest/meta-data/",
      "https://[::1]/hook",
      "https://10.1.2.3/hook",
      "http://hooks.example.com/hook",
    ]) {
      const res = await putNotifications({ allowedHosts: [], webhooks: [{ url, secret: SECRET }] });
      expect(res.status, url).toBe(400);
      expect(res.text).toContain("notifications.webhooks.0.url");
    }
    const allowed = await putNotifications({
      allowedHosts: ["127.0.0.1", "[::1]"],
      webhooks: [{ url: `${receiver.url}/allowed`, secret: SECRET }],
    });
    expect(allowed.status, allowed.text).toBe(200);
  });

  it("refuses a webhook without a usable URL or with a short secret, naming the field", async () => {
    const current = (await env.api.get("/api/config/settings")).body.data as Record<string, unknown>;
    const res = await env.api.put("/api/config/settings", {
      quotas: current.quotas,
      healthCheckTimeoutSeconds: current.healthCheckTimeoutSeconds,
      defaultRegion: current.defaultRegion,
      version: current.version,
      notifications: { webhooks: [{ url: "ftp://x", secret: "short", events: ["NOPE"] }] },
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain("notifications");
  });
});
