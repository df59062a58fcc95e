import type { AwsAdapters } from "@drso/aws";
import type { AppDeps } from "./app-deps";
import { TOPIC_PUBLISHER_EXTENSION } from "./notifications/index";
import { EC2_INVENTORY_EXTENSION } from "./services/ec2-resources";
import { LAUNCH_SETTINGS_EXTENSION } from "./services/launch-settings";
import { REPLICATION_SETTINGS_EXTENSION } from "./services/replication-settings";
import { SOURCE_SERVER_TAGS_EXTENSION } from "./services/tag-sync";

/**
 * Puts the AWS adapters where the routes and the runner look for them. The one place that knows
 * which adapter serves which route module, used by `drso serve`, `drso invoke`, the Lambda API and
 * the tests, so no entry point can forget one (and answer 502 "not configured" for its routes).
 */
export function wireAwsAdapters(deps: AppDeps, aws: AwsAdapters): void {
  deps.catalog = aws.catalog;
  deps.launcher = aws.launcher;
  deps.health = aws.health;
  deps.accountAccess = aws.accountAccess;
  deps.extensions[EC2_INVENTORY_EXTENSION] = aws.ec2;
  deps.extensions[TOPIC_PUBLISHER_EXTENSION] = aws.sns;
  deps.extensions[SOURCE_SERVER_TAGS_EXTENSION] = aws.sourceServerTags;
  deps.extensions[LAUNCH_SETTINGS_EXTENSION] = aws.launchSettings;
  deps.extensions[REPLICATION_SETTINGS_EXTENSION] = aws.replicationSettings;
}
