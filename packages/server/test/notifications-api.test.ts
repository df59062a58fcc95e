import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { NotificationMessage } from "@drso/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verifyWebhookSignature,
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

  const saveNotifications = async (notifications: unknown) => {
    const current = (await env.api.get("/api/config/settings")).body.data as Record<string, unknown>;
    const { quotas, healthCheckTimeoutSeconds, defaultRegion, version } = current;
    const res = await env.api.put("/api/config/settings", {
      quotas,
      healthCheckTimeoutSeconds,
      defaultRegion,
      version,
      notifications,
    });
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
      expect(verifyWebhookSignature(r.body, SECRET, r.headers[SIGNATURE_HEADER] as string)).toBe(true);
      expect(
        verifyWebhookSignature(r.body, "another-secret-entirely!", r.headers[SIGNATURE_HEADER] as string),
      ).toBe(false);
      expect(Number.isNaN(Date.parse(r.headers[TIMESTAMP_HEADER] as string))).toBe(false);
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
      // Each retry carries the same signed body.
      expect(new Set(flaky.received.map((r) => r.body)).size).toBe(1);
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
