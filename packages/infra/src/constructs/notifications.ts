import * as kms from "aws-cdk-lib/aws-kms";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import { Construct } from "constructs";

/** SNS topic for execution notifications (start, pause, wave outcome, end); the admin subscribes. */
export class Notifications extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: { envName: string; adminEmail: string }) {
    super(scope, id);
    const key = new kms.Key(this, "TopicKey", {
      enableKeyRotation: true,
      description: "Encrypts DRS Orchestrator notifications",
    });
    this.topic = new sns.Topic(this, "Topic", {
      topicName: `drso-${props.envName}-notifications`,
      masterKey: key,
      enforceSSL: true,
    });
    this.topic.addSubscription(new subscriptions.EmailSubscription(props.adminEmail));
  }
}
