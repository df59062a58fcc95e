import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  InMemorySourceServerCatalog,
  serverId,
  sourceServers,
} from "./support/in-memory-source-server-catalog";
import { startTestServer, type TestServer } from "./support/test-server";

/** Names, descriptions and tags refuse control characters, bidi overrides and lone surrogates. */
const HOME = { accountId: "111111111111", region: "us-east-1" };
let s: TestServer;
let groupId: string;
beforeAll(async () => {
  s = await startTestServer({ catalog: new InMemorySourceServerCatalog(sourceServers(1, 5, HOME)) });
  groupId = (await s.post("/api/protection-groups", { groupName: "Seed", ...HOME, serverIds: [serverId(1)] }))
    .body.data.groupId;
});
afterAll(() => s.close());

describe("free text", () => {
  test.each([
    ["description", { description: "web\u0000tier" }, "description"],
    ["description", { description: "ring\u0007" }, "description"],
    ["description", { description: "evil\u202etxt" }, "description"],
    ["description", { description: "half \ud83d pair" }, "description"],
    ["tag value", { serverIds: undefined, tagCriteria: { Tier: "web\u2066" } }, "tagCriteria"],
  ])(
    "a protection group with a bad %s is a 400 naming the field; nothing is stored",
    async (_, fields, field) => {
      const res = await s.post("/api/protection-groups", {
        groupName: "Bad",
        ...HOME,
        serverIds: [serverId(2)],
        ...fields,
      });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_ERROR");
      expect(res.body.error.message).toContain(field);
      expect(res.body.error.message).toContain("control characters");
      const names = (await s.get("/api/protection-groups")).body.data.items.map(
        (g: { groupName: string }) => g.groupName,
      );
      expect(names).not.toContain("Bad");
    },
  );

  test("a wave name with a control character is refused; line breaks in a description are kept", async () => {
    const bad = await s.post("/api/recovery-plans", {
      planName: "Plan",
      waves: [{ waveNumber: 1, waveName: "first\u001b[2J", protectionGroupIds: [groupId] }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("waves.0.waveName");
    const good = await s.post("/api/recovery-plans", {
      planName: "Plan",
      description: "Line one\nLine two — ünïcode 🚀",
      waves: [{ waveNumber: 1, waveName: "First", protectionGroupIds: [groupId] }],
    });
    expect(good.status).toBe(201);
    expect(good.body.data.description).toBe("Line one\nLine two — ünïcode 🚀");
  });
});
