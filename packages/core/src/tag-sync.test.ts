import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { notificationEventOf } from "./notifications";
import type { SourceServer } from "./source-server";
import { planTagSync } from "./tag-sync";

const server = (tags: Record<string, string>, sourceInstanceId?: string): SourceServer => ({
  serverId: "s-00000000000000001",
  hostname: "h",
  accountId: "111111111111",
  region: "us-east-1",
  replicationState: "CONTINUOUS",
  tags,
  ...(sourceInstanceId ? { sourceInstanceId } : {}),
});

const tagMap = fc.dictionary(fc.constantFrom("A", "B", "C", "aws:x"), fc.constantFrom("1", "2"));

describe("planTagSync", () => {
  it("applying the plan makes DRS equal EC2 for the chosen keys and leaves other keys alone", () => {
    fc.assert(
      fc.property(tagMap, tagMap, fc.subarray(["A", "B", "C"], { minLength: 1 }), (drs, ec2, keys) => {
        const [item] = planTagSync([server(drs, "i-1")], new Map([["i-1", ec2]]), keys);
        const after: Record<string, string> = { ...drs };
        for (const ch of item?.changes ?? []) {
          if (ch.to === undefined) delete after[ch.key];
          else after[ch.key] = ch.to;
        }
        for (const k of keys) expect(after[k]).toBe(ec2[k]);
        for (const k of Object.keys(drs).filter((k) => !keys.includes(k))) expect(after[k]).toBe(drs[k]);
      }),
    );
  });

  it("skips servers without a source instance and never touches aws: keys", () => {
    expect(planTagSync([server({}, undefined)], new Map(), undefined)).toEqual([]);
    expect(planTagSync([server({}, "i-1")], new Map([["i-1", { "aws:cloudformation:stack": "x" }]]))).toEqual(
      [],
    );
  });
});

describe("notificationEventOf", () => {
  it("maps the engine's notices to execution events and ignores the others", () => {
    expect(notificationEventOf("Execution started", "RUNNING")).toBe("EXECUTION_STARTED");
    expect(notificationEventOf("Approval needed", "PAUSED")).toBe("EXECUTION_PAUSED");
    expect(notificationEventOf("Execution COMPLETED", "COMPLETED")).toBe("EXECUTION_COMPLETED");
    expect(notificationEventOf("Execution PARTIAL", "PARTIAL")).toBe("EXECUTION_FAILED");
    expect(notificationEventOf("Execution CANCELLED", "CANCELLED")).toBe("EXECUTION_CANCELLED");
    expect(notificationEventOf("Wave 2 PARTIAL", "RUNNING")).toBeUndefined();
  });
});
