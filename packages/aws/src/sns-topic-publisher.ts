import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import type { TopicPublisher } from "@drso/core";
import { callWithRetry, type RetryEnvironment, type RetryPolicy, realRetryEnvironment } from "./retry-policy";
import type { AwsEdge } from "./sdk-client-config";
import { sdkClientConfig } from "./sdk-client-config";

/** SNS caps a subject at 100 characters and refuses line breaks in it. */
const subjectOf = (subject: string) => subject.replace(/[\r\n]+/g, " ").slice(0, 100);

/**
 * Publishes notifications to an SNS topic of the home account with the home credentials; the
 * topic ARN names the region, so one client per region is kept.
 */
export class SnsTopicPublisher implements TopicPublisher {
  private readonly clients = new Map<string, SNSClient>();

  constructor(
    private readonly edge: AwsEdge,
    private readonly retry: RetryPolicy,
    private readonly retryEnv: RetryEnvironment = realRetryEnvironment,
  ) {}

  async publish(topicArn: string, subject: string, message: string): Promise<{ messageId: string }> {
    const region = topicArn.split(":")[3] ?? "us-east-1";
    const client = this.clientFor(region);
    const out = await callWithRetry(
      {
        service: "sns",
        operation: "Publish",
        send: () =>
          client.send(
            new PublishCommand({ TopicArn: topicArn, Subject: subjectOf(subject), Message: message }),
          ),
      },
      this.retry,
      this.retryEnv,
    );
    return { messageId: out.MessageId ?? "" };
  }

  destroy(): void {
    for (const c of this.clients.values()) c.destroy();
    this.clients.clear();
  }

  private clientFor(region: string): SNSClient {
    let client = this.clients.get(region);
    if (!client) {
      client = new SNSClient(sdkClientConfig(this.edge, region, this.edge.credentials));
      this.clients.set(region, client);
    }
    return client;
  }
}
