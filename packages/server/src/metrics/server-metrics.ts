import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { ExecutionCount } from "../store/sqlite-execution-store";

/** How one AWS SDK request ended, as `callWithRetry` classifies it (packages/aws/src/retry-policy.ts). */
export type AwsCallOutcome = "ok" | "throttled" | "error";

// Executions and waves of a drill last minutes to hours; a tick and an HTTP request, milliseconds.
const RUN_BUCKETS_SECONDS = [30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14_400, 28_800];
const FAST_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The Prometheus figures of one embedded server (`GET /metrics`). Each instance has its own
 * registry, never prom-client's global one, so that tests can run several apps in one process.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  /** Set by the execution wiring: the store the executions gauge counts at scrape time. */
  countExecutions: (() => Promise<readonly ExecutionCount[]>) | undefined;

  private readonly executionDuration = new Histogram({
    name: "drso_execution_duration_seconds",
    help: "Duration of finished executions, from start to end",
    labelNames: ["type", "status"] as const,
    buckets: RUN_BUCKETS_SECONDS,
    registers: [this.registry],
  });
  private readonly waveDuration = new Histogram({
    name: "drso_wave_duration_seconds",
    help: "Duration of finished waves, from wave start to wave end",
    labelNames: ["type", "status"] as const,
    buckets: RUN_BUCKETS_SECONDS,
    registers: [this.registry],
  });
  private readonly awsCalls = new Counter({
    name: "drso_aws_calls_total",
    help: "AWS requests (each attempt) by service, operation and outcome",
    labelNames: ["service", "operation", "outcome"] as const,
    registers: [this.registry],
  });
  private readonly tickDuration = new Histogram({
    name: "drso_runner_tick_duration_seconds",
    help: "Duration of one execution-runner tick",
    buckets: FAST_BUCKETS_SECONDS,
    registers: [this.registry],
  });
  private readonly webhookDeliveries = new Counter({
    name: "drso_webhook_deliveries_total",
    help: "Webhook notification deliveries by final outcome (after retries)",
    labelNames: ["outcome"] as const,
    registers: [this.registry],
  });
  private readonly httpDuration = new Histogram({
    name: "drso_http_request_duration_seconds",
    help: "API request duration by method, matched route pattern and status",
    labelNames: ["method", "route", "status"] as const,
    buckets: FAST_BUCKETS_SECONDS,
    registers: [this.registry],
  });

  constructor() {
    const metrics = this;
    new Gauge({
      name: "drso_executions",
      help: "Stored executions by status and type",
      labelNames: ["status", "type"] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const row of (await metrics.countExecutions?.()) ?? [])
          this.set({ status: row.status, type: row.type }, row.count);
      },
    });
  }

  executionFinished(type: string, status: string, seconds: number): void {
    this.executionDuration.observe({ type, status }, seconds);
  }

  waveFinished(type: string, status: string, seconds: number): void {
    this.waveDuration.observe({ type, status }, seconds);
  }

  awsCall(call: { service: string; operation: string; outcome: AwsCallOutcome }): void {
    this.awsCalls.inc({ service: call.service, operation: call.operation, outcome: call.outcome });
  }

  tick(seconds: number): void {
    this.tickDuration.observe(seconds);
  }

  webhookDelivery(delivered: boolean): void {
    this.webhookDeliveries.inc({ outcome: delivered ? "delivered" : "failed" });
  }

  httpRequest(method: string, route: string, status: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status: String(status) }, seconds);
  }

  /** The exposition text and its content type (`text/plain; version=0.0.4; charset=utf-8`). */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
