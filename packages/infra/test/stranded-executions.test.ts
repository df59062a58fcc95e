import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { SFNClient } from "@aws-sdk/client-sfn";
import { DynamoDbExecutionStore, PausedTaskTokens, StepFunctionsExecutionDriver } from "@drso/aws";
import { type DynamoDbLocal, startDynamoDbLocal } from "@drso/aws/testing";
import { type AuditEntry, type ExecutionEvent, evolve, initialState } from "@drso/core";
// The engine's own test fixtures: a compiled plan as the starter would create it.
import { created, fleet } from "@drso/core/testing";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { restartStrandedLoops } from "../src/lambda/stranded-executions";

/**
 * The scheduled sweep of the Wake Lambda: an execution left PENDING past the grace period (the API
 * died between the claim and StartExecution) gets its loop, started under its own id.
 */
const ARN = "arn:aws:states:us-east-1:111111111111:stateMachine:drso-test-executions";

let local: DynamoDbLocal;
beforeAll(async () => {
  local = await startDynamoDbLocal();
});
afterAll(async () => {
  await local?.stop();
});

/** The real SFN client answering StartExecution; records the names it was asked to start. */
const recordingDriver = (client: ReturnType<DynamoDbLocal["newClient"]>, table: string) => {
  const names: string[] = [];
  const sfn = new SFNClient({
    region: "us-east-1",
    credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "secret" },
    requestHandler: {
      handle: async (request: { body?: string }) => {
        const body = JSON.parse(request.body ?? "{}") as { name: string };
        names.push(body.name);
        return {
          response: {
            statusCode: 200,
            headers: { "content-type": "application/x-amz-json-1.0" },
            body: Readable.from([
              Buffer.from(JSON.stringify({ executionArn: `${ARN}:${body.name}`, startDate: 1 })),
            ]),
          },
        };
      },
    },
  });
  return {
    driver: new StepFunctionsExecutionDriver(sfn, ARN, new PausedTaskTokens(client, table)),
    names,
    sfn,
  };
};

const audit = (id: string): AuditEntry => ({
  auditId: randomUUID(),
  timestamp: new Date().toISOString(),
  actor: "alice",
  action: "StartExecution",
  resourceType: "execution",
  resourceId: id,
});

describe("restarting stranded executions (Wake Lambda on a 5-minute schedule)", () => {
  it("starts the loop of executions PENDING for over two minutes, and of no other", async () => {
    const { client, tables, drop } = await local.createTables();
    const { driver, names, sfn } = recordingDriver(client, tables.executions);
    try {
      const store = new DynamoDbExecutionStore(client, tables);
      const now = Date.parse("2026-03-01T12:00:00Z");
      const make = async (minutesAgo: number, from: number, started = false) => {
        const first = {
          ...created([{ servers: fleet(2, from) }]),
          executionId: randomUUID(),
          at: new Date(now - minutesAgo * 60_000).toISOString(),
        } as ExecutionEvent;
        const state = evolve(initialState(), first);
        const claims = Object.values(state.servers).map(({ accountId, region, serverId }) => ({
          accountId,
          region,
          serverId,
        }));
        await store.create(state, first, claims, audit(state.executionId));
        if (started) {
          const tick: ExecutionEvent = { type: "ExecutionStarted", at: first.at };
          await store.append(evolve(state, tick), [tick]);
        }
        return state.executionId;
      };
      const stranded = await make(10, 0);
      await make(1, 10); // just created: its API request is still starting the loop
      await make(10, 20, true); // its loop runs

      const result = await restartStrandedLoops({
        store,
        start: (id) => driver.start(id),
        now: () => new Date(now),
        logger: pino({ level: "silent" }),
      });
      expect(result.restarted).toEqual([stranded]);
      expect(names).toEqual([stranded]);
    } finally {
      sfn.destroy();
      await drop();
    }
  });
});
