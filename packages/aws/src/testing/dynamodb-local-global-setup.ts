import type { TestProject } from "vitest/node";
import { spawnDynamoDbLocal } from "./dynamodb-local";

/**
 * Vitest global setup of the tests that use DynamoDB Local (vitest.config.ts): one JVM for the whole
 * run instead of one per test file (each takes 5–12 s to start on the 2-core CI machine). It is not
 * awaited here — `startDynamoDbLocal` waits until it answers — so tests that do not need it start at
 * once.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const local = await spawnDynamoDbLocal();
  project.provide("dynamoDbLocalEndpoint", local.endpoint);
  return local.stop;
}
