import type { CallerIdentity } from "../caller-identity";
import { QueryError } from "../query/query-params";
import type { XmlValue } from "../query/xml";
import { iso } from "../sim-clock";
import type { World } from "../world";

export interface SnsCall {
  sim: World;
  caller: CallerIdentity;
  regionName: string;
  now: number;
  params: URLSearchParams;
}

const TOPIC_ARN = /^arn:aws:sns:([a-z0-9-]+):(\d{12}):([\w-]{1,256})$/;

/**
 * SNS operations (query protocol). Any well-formed topic ARN of the caller's account and region
 * exists: topics are not modelled, only what was published to them (email delivery is SNS's job).
 */
export const SNS_OPERATIONS: Record<string, (call: SnsCall) => Record<string, XmlValue>> = {
  Publish({ sim, caller, regionName, now, params }) {
    const topicArn = params.get("TopicArn") ?? params.get("TargetArn");
    const message = params.get("Message");
    if (!topicArn) throw new QueryError("InvalidParameter", "Invalid parameter: TopicArn or TargetArn");
    if (message === null || message === "")
      throw new QueryError("InvalidParameter", "Invalid parameter: Empty message");
    if (message.length > 262_144)
      throw new QueryError("InvalidParameter", "Invalid parameter: Message too long");
    const match = TOPIC_ARN.exec(topicArn);
    if (!match) throw new QueryError("InvalidParameter", `Invalid parameter: TopicArn ${topicArn}`);
    const [, region, accountId] = match;
    if (accountId !== caller.accountId || region !== regionName)
      throw new QueryError("NotFound", "Topic does not exist", 404);
    const subject = params.get("Subject");
    if (subject !== null && subject.length > 100)
      throw new QueryError("InvalidParameter", "Invalid parameter: Subject");
    const h = sim.rng.hex(32);
    const messageId = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    sim.snsMessages.push({
      messageId,
      topicArn,
      ...(subject !== null && { subject }),
      message,
      publishedAt: iso(now),
    });
    return { MessageId: messageId };
  },
};
