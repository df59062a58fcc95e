import { AwsServiceError } from "@drso/core";
import { type RunningSimulator, SIMULATOR_CREDENTIALS, startSimulator } from "@drso/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { realRetryEnvironment } from "../src/retry-policy";
import { SnsTopicPublisher } from "../src/sns-topic-publisher";
import { FAST_RETRY, HOME, twoAccountFleet } from "./support/simulated-aws";

describe("SnsTopicPublisher against the simulator", () => {
  let sim: RunningSimulator;
  let sns: SnsTopicPublisher;
  beforeAll(async () => {
    sim = await startSimulator({
      port: 0,
      timeScale: 1000,
      seed: 5,
      fleet: twoAccountFleet([{ region: "us-east-1" }]),
    });
    sns = new SnsTopicPublisher(
      { endpoint: sim.endpoint, credentials: SIMULATOR_CREDENTIALS },
      FAST_RETRY,
      realRetryEnvironment,
    );
  });
  afterAll(async () => {
    sns.destroy();
    await sim.close();
  });

  const published = async () =>
    (
      (await (await fetch(`${sim.endpoint}/_sim/sns/messages`)).json()) as {
        messages: { messageId: string; topicArn: string; subject?: string; message: string }[];
      }
    ).messages;

  it("publishes subject and message to a topic of the home account", async () => {
    const topicArn = `arn:aws:sns:us-west-2:${HOME}:drso-notifications`;
    const { messageId } = await sns.publish(
      topicArn,
      "Execution COMPLETED",
      '{"event":"EXECUTION_COMPLETED"}',
    );
    expect(messageId).not.toBe("");
    expect(await published()).toContainEqual(
      expect.objectContaining({
        messageId,
        topicArn,
        subject: "Execution COMPLETED",
        message: '{"event":"EXECUTION_COMPLETED"}',
      }),
    );
  });

  it("shortens a subject to the 100 characters SNS accepts", async () => {
    const topicArn = `arn:aws:sns:us-east-1:${HOME}:drso-notifications`;
    const { messageId } = await sns.publish(topicArn, "x".repeat(150), "body");
    const sent = (await published()).find((m) => m.messageId === messageId);
    expect(sent?.subject).toHaveLength(100);
  });

  it("fails with the service's message for a topic of another account", async () => {
    const error = await sns
      .publish("arn:aws:sns:us-east-1:999999999999:elsewhere", "s", "m")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsServiceError);
    expect((error as AwsServiceError).message).toContain("Topic does not exist");
  });
});
