import type { FleetSpec } from "@drso/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SimulatedApi, startSimulatedApi } from "./support/simulated-aws-deps";

const HOME = "111111111111";
const REGION = "us-east-1";

const fleet: FleetSpec = {
  accounts: [
    {
      accountId: HOME,
      regions: [
        {
          region: REGION,
          servers: [
            {
              hostname: "crm-db-1",
              tags: { Application: "CRM", DRGroup: "bronze" },
              sourceInstanceTags: { Application: "CRM", DRGroup: "gold", Owner: "team-a" },
            },
            {
              hostname: "crm-web-1",
              tags: { Application: "CRM" },
              sourceInstanceTags: { Application: "CRM" },
            },
          ],
        },
      ],
    },
  ],
};

describe("GET /api/drs/tag-sync/preview (the read-only tag sync diff)", () => {
  let env: SimulatedApi;
  beforeAll(async () => {
    env = await startSimulatedApi({ fleet });
  });
  afterAll(() => env.close());

  const scope = `accountId=${HOME}&region=${REGION}`;

  it("lets a read-only user see the diff that an apply would make, and changes nothing", async () => {
    const preview = await env.api.get(`/api/drs/tag-sync/preview?${scope}`, { role: "DRSReadOnly" });
    expect(preview.status, preview.text).toBe(200);
    expect(preview.body.data).toMatchObject({
      dryRun: true,
      applied: 0,
      items: [
        {
          hostname: "crm-db-1",
          changes: [
            { key: "DRGroup", from: "bronze", to: "gold" },
            { key: "Owner", to: "team-a" },
          ],
        },
      ],
    });
    const dryRun = await env.api.post("/api/drs/tag-sync", { accountId: HOME, region: REGION, dryRun: true });
    expect(dryRun.body.data.items).toEqual(preview.body.data.items);
    const again = await env.api.get(`/api/drs/tag-sync/preview?${scope}`, { role: "DRSReadOnly" });
    expect(again.body.data.items).toEqual(preview.body.data.items);
  });

  it("compares only the chosen keys", async () => {
    const preview = await env.api.get(`/api/drs/tag-sync/preview?${scope}&tagKeys=Owner,%20Application`, {
      role: "DRSReadOnly",
    });
    expect(preview.status, preview.text).toBe(200);
    expect(preview.body.data.items).toEqual([
      expect.objectContaining({ hostname: "crm-db-1", changes: [{ key: "Owner", to: "team-a" }] }),
    ]);
  });

  it("refuses the apply to a read-only user (403) while the preview works", async () => {
    const apply = await env.api.post(
      "/api/drs/tag-sync",
      { accountId: HOME, region: REGION, dryRun: false },
      { role: "DRSReadOnly" },
    );
    expect(apply.status).toBe(403);
  });

  it("answers 400 for a region without DRS and for a tag key over 128 characters", async () => {
    const region = await env.api.get(`/api/drs/tag-sync/preview?accountId=${HOME}&region=xx-nowhere-1`);
    expect(region.status).toBe(400);
    const key = await env.api.get(`/api/drs/tag-sync/preview?${scope}&tagKeys=${"k".repeat(129)}`);
    expect(key.status).toBe(400);
    expect(key.body.success).toBe(false);
  });
});
