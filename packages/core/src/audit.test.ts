import { describe, expect, it } from "vitest";
import { fieldChanges, REDACTED } from "./audit";

describe("fieldChanges", () => {
  it("lists changed leaf fields with before and after, skipping bookkeeping", () => {
    const before = {
      version: 1,
      healthCheckTimeoutSeconds: 600,
      quotas: { maxServersPerJob: 100, maxConcurrentJobs: 20 },
      notifications: {
        enabledEvents: ["A", "B"],
        webhooks: [{ id: "w1", url: "https://a/", secret: "old-secret" }],
      },
    };
    const after = {
      version: 2,
      healthCheckTimeoutSeconds: 900,
      quotas: { maxServersPerJob: 100, maxConcurrentJobs: 10 },
      notifications: {
        enabledEvents: ["A"],
        webhooks: [
          { id: "w1", url: "https://b/", secret: "new-secret" },
          { id: "w2", url: "https://c/", secret: "another-secret" },
        ],
      },
    };
    const changes = fieldChanges(before, after, ["version"]);
    expect(changes).toEqual([
      { field: "healthCheckTimeoutSeconds", from: 600, to: 900 },
      { field: "quotas.maxConcurrentJobs", from: 20, to: 10 },
      { field: "notifications.enabledEvents", from: ["A", "B"], to: ["A"] },
      { field: "notifications.webhooks.0.url", from: "https://a/", to: "https://b/" },
      { field: "notifications.webhooks.0.secret", from: REDACTED, to: REDACTED },
      { field: "notifications.webhooks.1.id", from: undefined, to: "w2" },
      { field: "notifications.webhooks.1.url", from: undefined, to: "https://c/" },
      { field: "notifications.webhooks.1.secret", from: undefined, to: REDACTED },
    ]);
    expect(JSON.stringify(changes)).not.toMatch(/old-secret|new-secret|another-secret/);
    expect(fieldChanges(before, structuredClone(before))).toEqual([]);
  });
});
