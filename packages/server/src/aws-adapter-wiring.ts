import type { AwsAdapters } from "@drso/aws";
import type { AppDeps } from "./app-deps";

/**
 * Puts the AWS adapters where the routes and the runner look for them. The one place that knows
 * which adapter serves which route module, used by `drso serve`, `drso invoke`, the Lambda API and
 * the tests, so no entry point can forget one (and answer 502 `…_UNAVAILABLE` for its routes).
 */
export function wireAwsAdapters(deps: AppDeps, aws: AwsAdapters): void {
  deps.catalog = aws.catalog;
  deps.launcher = aws.launcher;
  deps.health = aws.health;
  deps.accountAccess = aws.accountAccess;
  deps.ec2 = aws.ec2;
  deps.topicPublisher = aws.sns;
  deps.sourceServerTags = aws.sourceServerTags;
  deps.launchSettings = aws.launchSettings;
  deps.replicationSettings = aws.replicationSettings;
}
