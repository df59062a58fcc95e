import type { Ec2Inventory } from "@drso/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startTestServer, type TestServer } from "./support/test-server";

const SERVER = "s-0123456789abcdef0";

describe("a server without some adapters", () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s.close());

  test("answers 502 with the absent adapter's code, the same for every such route", async () => {
    const cases: [string, string, unknown, string][] = [
      ["GET", "/api/ec2/subnets", undefined, "EC2_UNAVAILABLE"],
      ["GET", `/api/drs/source-servers/${SERVER}/launch-settings`, undefined, "LAUNCH_SETTINGS_UNAVAILABLE"],
      [
        "GET",
        `/api/drs/source-servers/${SERVER}/replication-settings`,
        undefined,
        "REPLICATION_SETTINGS_UNAVAILABLE",
      ],
      ["GET", "/api/drs/tag-sync/preview", undefined, "TAG_SYNC_UNAVAILABLE"],
      ["GET", "/api/drs/job-logs/drsjob-0123456789abcdef0", undefined, "DRS_UNAVAILABLE"],
      ["POST", "/api/accounts/targets/222222222222/validate", undefined, "STS_UNAVAILABLE"],
      ["GET", "/api/executions", undefined, "EXECUTIONS_UNAVAILABLE"],
      ["GET", "/api/notifications/deliveries", undefined, "NOTIFICATIONS_UNAVAILABLE"],
    ];
    for (const [method, path, body, code] of cases) {
      const res = await s.request(method, path, body === undefined ? {} : { body });
      expect({ path, status: res.status, code: res.body.error?.code }).toEqual({ path, status: 502, code });
    }
  });

  test("an adapter set after start-up is used by the next request", async () => {
    const ec2: Ec2Inventory = {
      listSubnets: async () => [{ subnetId: "subnet-0aaaaaaaaaaaaaaa1", vpcId: "vpc-a" }],
      listSecurityGroups: async () => [],
      listInstanceTypes: async () => [],
      listInstanceProfiles: async () => [],
    };
    s.deps.ec2 = ec2;
    try {
      const res = await s.get("/api/ec2/subnets");
      expect(res.status).toBe(200);
      expect(res.body.data.items).toEqual([{ subnetId: "subnet-0aaaaaaaaaaaaaaa1", vpcId: "vpc-a" }]);
    } finally {
      delete s.deps.ec2;
    }
  });
});

test("the app refuses to start over an adapter that lacks a method of its port, naming it", async () => {
  await expect(
    startTestServer({
      configure: (deps) => {
        deps.ec2 = { listSubnets: async () => [] } as unknown as Ec2Inventory;
      },
    }),
  ).rejects.toThrow(/AppDeps\.ec2 .*listSecurityGroups, listInstanceTypes, listInstanceProfiles/);
});
