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
    expect(res.body.data.message).toContain("AssumeRole refused: check the ExternalId");
    const stored = await s.api.get("/api/accounts/targets/222222222222");
    expect(stored.body.data).toMatchObject({ validated: false, validationMessage: res.body.data.message });
  });

  it("says to check the ExternalId when the account has none but the role needs one", async () => {
    const { version } = (await s.api.get("/api/accounts/targets/222222222222")).body.data;
    await s.api.put("/api/accounts/targets/222222222222", {
      ...account("222222222222", "unused"),
      accountId: undefined,
      externalId: undefined,
      version,
    });
    const res = await s.api.post("/api/accounts/targets/222222222222/validate", undefined);
    expect(res.body.data).toMatchObject({ valid: false });
    expect(res.body.data.message).toContain("AssumeRole refused: check the ExternalId");
  });

  it("does not change the version: an edit read before validating still saves", async () => {
    const before = (await s.api.get("/api/accounts/targets/222222222222")).body.data;
    const res = await s.api.post("/api/accounts/targets/222222222222/validate", undefined);
    expect(res.body.data.account.version).toBe(before.version);
    expect(res.body.data.account.lastModifiedDate).toBe(before.lastModifiedDate);
    const saved = await s.api.patch("/api/accounts/targets/222222222222", {
      externalId: "drso-demo-external-id",
      version: before.version,
    });
    expect(saved.status).toBe(200);
    expect(saved.body.data.version).toBe(before.version + 1);
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
