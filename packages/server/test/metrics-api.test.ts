import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ROLES } from "@drso/core";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestLogFields } from "../src/http/request-context";
import {
  createPlan,
  type ExecutionEnv,
  startExecutionEnv,
  tagGroup,
  waitForExecution,
} from "../src/runner/testing/execution-test-env";

const TOKEN = "scrape-token-of-some-length";
const SECRET = "a-webhook-secret-of-32-characters";

/** `GET /metrics` (Prometheus text format) and `x-request-id`, against a simulated drill. */
describe("metrics and request ids", () => {
  let env: ExecutionEnv;
  let receiver: Server;
  const logLines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    const logger = pino(
      { level: "info", mixin: requestLogFields },
      { write: (line: string) => void logLines.push(JSON.parse(line)) },
    );
    env = await startExecutionEnv({ logger });
    env.api.deps.config.metricsToken = TOKEN;
    receiver = createServer((_req, res) => res.end());
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const current = (await env.api.get("/api/config/settings")).body.data;
    const { quotas, healthCheckTimeoutSeconds, defaultRegion, version } = current;
    const saved = await env.api.put("/api/config/settings", {
      quotas,
      healthCheckTimeoutSeconds,
      defaultRegion,
      version,
      notifications: {
        allowedHosts: ["127.0.0.1"],
        webhooks: [
          {
            url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`,
            secret: SECRET,
            events: [],
          },
        ],
      },
    });
    expect(saved.status, saved.text).toBe(200);

    const group = await tagGroup(env.api, { Application: "OrderPortal", Tier: "database" });
    const planId = await createPlan(env.api, [
      { waveNumber: 1, waveName: "Database", protectionGroupIds: [group] },
    ]);
    const started = await env.api.post(`/api/recovery-plans/${planId}/execute`, { executionType: "DRILL" });
    expect(started.status, started.text).toBe(202);
    expect((await waitForExecution(env.api, started.body.data.executionId)).status).toBe("COMPLETED");
    await env.api.deps.notifications?.dispatcher.drain();
  });
  afterAll(async () => {
    await env.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  const scrape = (headers: Record<string, string>) => fetch(`${env.api.url}/metrics`, { headers });

  it("answers 401 in the API's envelope without credentials or with a wrong token", async () => {
    const refused: Record<string, string>[] = [
      {},
      { authorization: "Bearer not-the-token" },
      { authorization: `Basic ${TOKEN}` },
    ];
    for (const headers of refused) {
      const res = await scrape(headers);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ success: false, error: { code: expect.any(String) } });
    }
  });

  it("answers every role that may view resources, and an API key", async () => {
    for (const role of ROLES) {
      const res = await env.api.request("GET", "/metrics", { role });
      expect(res.status, role).toBe(200);
    }
    const key = await env.api.post("/api/apikeys", {
      name: "prometheus",
      role: "DRSReadOnly",
      expiresIn: "90d",
    });
    expect(key.status, key.text).toBe(201);
    expect((await scrape({ "x-api-key": key.body.data.key })).status).toBe(200);
  });

  it("with the token: Prometheus text that a text-format parser reads, with every family after a drill", async () => {
    const res = await scrape({ authorization: `Bearer ${TOKEN}` });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    const families = new Map(parsePrometheusTextFormat(text).map((f) => [f.name, f]));
    const samples = (name: string) => families.get(name)?.metrics ?? [];

    expect(families.get("drso_executions")?.type).toBe("GAUGE");
    expect(samples("drso_executions")).toContainEqual({
      labels: { status: "COMPLETED", type: "DRILL" },
      value: "1",
    });
    const awsCalls = samples("drso_aws_calls_total");
    expect(families.get("drso_aws_calls_total")?.type).toBe("COUNTER");
    expect(awsCalls).toContainEqual(
      expect.objectContaining({ labels: { service: "drs", operation: "StartRecovery", outcome: "ok" } }),
    );
    expect(awsCalls.every((s) => ["ok", "throttled", "error"].includes(s.labels?.outcome ?? ""))).toBe(true);
    expect(samples("drso_webhook_deliveries_total")).toContainEqual({
      labels: { outcome: "delivered" },
      value: expect.stringMatching(/^[1-9]/),
    });

    // The parser merges the series of a labelled histogram into one set of buckets (its README shows
    // only unlabelled ones): it proves the family and a non-zero +Inf bucket; the series are read
    // from the text's `_count` lines.
    const histograms = {
      drso_execution_duration_seconds: '{type="DRILL",status="COMPLETED"}',
      drso_wave_duration_seconds: '{type="DRILL",status="COMPLETED"}',
      drso_runner_tick_duration_seconds: "",
      drso_http_request_duration_seconds:
        '{method="POST",route="/api/recovery-plans/:id/execute",status="202"}',
    };
    for (const [name, labels] of Object.entries(histograms)) {
      expect(families.get(name)?.type, name).toBe("HISTOGRAM");
      expect(Number(samples(name)[0]?.buckets?.["+Inf"]), name).toBeGreaterThan(0);
      expect(text, name).toMatch(
        new RegExp(`^${name}_count${labels.replace(/[{}/:.]/g, "\\$&")} [1-9]`, "m"),
      );
    }
    // Route patterns, not raw URLs: no id ever becomes a label value.
    expect(text).not.toMatch(/route="[^"]*[0-9a-f]{8}-[0-9a-f]{4}/);
  });

  it("returns a well-formed incoming x-request-id and puts it on the request's log lines", async () => {
    const res = await env.api.get("/api/protection-groups", {
      role: null,
      headers: { "x-request-id": "scrape.42_a-b" },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get("x-request-id")).toBe("scrape.42_a-b");
    expect(logLines).toContainEqual(
      expect.objectContaining({ msg: "request refused", requestId: "scrape.42_a-b" }),
    );
  });

  it("replaces a missing or malformed x-request-id with a new UUID", async () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const cases: Record<string, string>[] = [
      {},
      { "x-request-id": "has spaces" },
      { "x-request-id": "x".repeat(129) },
    ];
    for (const headers of cases) {
      const res = await env.api.get("/api/health", { role: null, headers });
      expect(res.headers.get("x-request-id")).toMatch(uuid);
    }
  });
});
