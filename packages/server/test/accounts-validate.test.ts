import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SimulatedApi, startSimulatedApi } from "./support/simulated-aws-deps";

const account = (accountId: string, externalId: string) => ({
  accountId,
  accountName: `Account ${accountId}`,
  roleArn: `arn:aws:iam::${accountId}:role/DRSOrchestrationCrossAccountRole`,
  externalId,
  regions: ["us-east-1"],
});

describe("POST /api/accounts/targets/{id}/validate", () => {
  let s: SimulatedApi;
  beforeAll(async () => {
    s = await startSimulatedApi();
  });
  afterAll(() => s.close());

  it("assumes the role with the ExternalId and stores the account as validated", async () => {
    await s.api.post("/api/accounts/targets", account("222222222222", "drso-demo-external-id"));
    const res = await s.api.post("/api/accounts/targets/222222222222/validate", undefined);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ valid: true, account: { validated: true } });
    expect(res.body.data.assumedRoleArn).toContain("222222222222");
    const stored = await s.api.get("/api/accounts/targets/222222222222");
    expect(stored.body.data).toMatchObject({ validated: true, validationMessage: res.body.data.message });
    expect(Date.parse(stored.body.data.lastValidated)).not.toBeNaN();
  });

  it("stores a failed validation with STS's message when the ExternalId is wrong", async () => {
    await s.api.put("/api/accounts/targets/222222222222", {
      ...account("222222222222", "not-the-external-id"),
      accountId: undefined,
      version: (await s.api.get("/api/accounts/targets/222222222222")).body.data.version,
    });
    const res = await s.api.post("/api/accounts/targets/222222222222/validate", undefined);
    expect(res.status).toBe(200);
    expect(res.body.data.valid).toBe(false);
    expect(res.body.data.message).toMatch(/AssumeRole/);
    const stored = await s.api.get("/api/accounts/targets/222222222222");
    expect(stored.body.data).toMatchObject({ validated: false, validationMessage: res.body.data.message });
  });

  it("answers 404 for an account that is not registered", async () => {
    const res = await s.api.post("/api/accounts/targets/999999999999/validate", undefined);
    expect(res.status).toBe(404);
  });

  it("is refused to roles without ManageAccounts", async () => {
    const res = await s.api.post("/api/accounts/targets/222222222222/validate", undefined, {
      role: "DRSRecoveryManager",
    });
    expect(res.status).toBe(403);
  });
});
