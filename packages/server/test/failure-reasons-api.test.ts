import type { Execution, NotificationMessage } from "@drso/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createPlan,
  type ExecutionEnv,
  HOME,
  startExecutionEnv,
  TARGET,
  TARGET_ACCOUNT,
  tagGroup,
  waitForExecution,
} from "../src/runner/testing/execution-test-env";

/** What the simulator's job log says when it fails a launch (one of its launch failure faults). */
const DRS_REASON =
  /DRS launch failed: Failed to launch recovery instance: (InsufficientInstanceCapacity|InvalidSubnetID\.NotFound|UnauthorizedOperation) - /;
const TOPIC = `arn:aws:sns:us-east-1:${HOME}:drso-notifications`;

describe("a server DRS fails to launch shows DRS's reason", () => {
  let env: ExecutionEnv;
  beforeAll(async () => {
    env = await startExecutionEnv();
    expect((await env.api.post("/api/accounts/targets", TARGET_ACCOUNT)).status).toBe(201);
  });
  afterAll(() => env.close());

  it("in the execution, its JSON and HTML reports, and the SERVER_FAILED notification", async () => {
    const current = (await env.api.get("/api/config/settings")).body.data as Record<string, unknown>;
    const { quotas, healthCheckTimeoutSeconds, defaultRegion, version } = current;
    const saved = await env.api.put("/api/config/settings", {
      quotas,
      healthCheckTimeoutSeconds,
      defaultRegion,
      version,
      notifications: { snsTopicArn: TOPIC },
    });
    expect(saved.status, saved.text).toBe(200);
    // The demo fleet's analytics-database-01 fails every launch.
    const group = await tagGroup(env.api, { Application: "Analytics", Tier: "database" }, TARGET);
    const planId = await createPlan(env.api, [{ waveNumber: 1, protectionGroupIds: [group] }]);
    const started = await env.api.post(`/api/recovery-plans/${planId}/execute`, { executionType: "DRILL" });
    expect(started.status, started.text).toBe(202);
    const id = started.body.data.executionId as string;

    const done: Execution = await waitForExecution(env.api, id);
    expect(done.status).toBe("FAILED");
    const server = done.waveStatus[0]?.servers[0];
    expect(server).toMatchObject({ hostname: "analytics-database-01", health: "FAILED" });
    expect(server?.error).toMatch(DRS_REASON);

    const report = (await env.api.get(`/api/executions/${id}/report`)).body.data as {
      waves: { failures: { hostname: string; error: string }[] }[];
    };
    expect(report.waves[0]?.failures[0]?.error).toMatch(DRS_REASON);
    const html = await env.api.request("GET", `/api/executions/${id}/report?format=html`, {
      headers: { accept: "text/html" },
    });
    expect(html.text).toMatch(DRS_REASON);

    await expect
      .poll(async () => {
        const sns = (await (await fetch(`${env.sim.endpoint}/_sim/sns/messages`)).json()) as {
          messages: { subject: string; message: string }[];
        };
        return sns.messages
          .filter((m) => m.subject === "Server failed" && m.message.includes(id))
          .map((m) => JSON.parse(m.message.slice(m.message.indexOf("\n\n") + 2)) as NotificationMessage);
      })
      .toEqual([
        expect.objectContaining({
          event: "SERVER_FAILED",
          executionId: id,
          message: expect.stringMatching(DRS_REASON),
        }),
      ]);
  });
});
