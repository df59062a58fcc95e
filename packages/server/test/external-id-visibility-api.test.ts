import { ROLES, type Role } from "@drso/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/test-server";

const EXTERNAL_ID = "drso-secret-external-id-7f3a";
const TARGET = {
  accountId: "222222222222",
  accountName: "Recovery account",
  roleArn: "arn:aws:iam::222222222222:role/DRSOrchestrationCrossAccountRole",
  externalId: EXTERNAL_ID,
  regions: ["us-east-1"],
};

/** The ExternalId guards the cross-account role: only roles that manage accounts may read it. */
describe("ExternalIds of target accounts", () => {
  let api: TestServer;
  beforeAll(async () => {
    api = await startTestServer();
    expect((await api.post("/api/accounts/targets", TARGET)).status).toBe(201);
  });
  afterAll(() => api.close());

  const readers = ROLES.filter((r) => r !== "DRSOrchestrationAdmin");
  const reads = (role: Role) => [
    api.get("/api/accounts/targets", { role }),
    api.get(`/api/accounts/targets/${TARGET.accountId}`, { role }),
    api.get("/api/config/export", { role }),
  ];

  it.each(readers)("%s sees the ExternalId masked in the list, the account and the export", async (role) => {
    for (const res of await Promise.all(reads(role))) {
      expect(res.status).toBe(200);
      expect(res.text).not.toContain(EXTERNAL_ID);
      expect(res.text).toContain('"externalId":"****************"');
    }
  });

  it("an admin (ManageAccounts) sees it", async () => {
    for (const res of await Promise.all(reads("DRSOrchestrationAdmin")))
      expect(res.text).toContain(EXTERNAL_ID);
  });

  it("a masked export cannot be imported as the ExternalId (400), and the account keeps its own", async () => {
    const bundle = (await api.get("/api/config/export", { role: "DRSReadOnly" })).body.data;
    const res = await api.post("/api/config/import", bundle);
    expect(res.status, res.text).toBe(400);
    expect(res.text).toContain("externalId");
    const account = await api.get(`/api/accounts/targets/${TARGET.accountId}`);
    expect(account.body.data.externalId).toBe(EXTERNAL_ID);
  });
});
