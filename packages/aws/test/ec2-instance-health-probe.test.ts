import { describe, expect, it } from "vitest";
import { missingInstanceIds } from "../src/ec2-instance-health-probe";

describe("missingInstanceIds", () => {
  it("reads the ids EC2 names in InvalidInstanceID.NotFound, for one id and for several", () => {
    expect(missingInstanceIds("The instance ID 'i-0123456789abcdef0' does not exist")).toEqual([
      "i-0123456789abcdef0",
    ]);
    expect(
      missingInstanceIds("The instance IDs 'i-0aaaaaaaaaaaaaaaa, i-0bbbbbbbbbbbbbbbb' do not exist"),
    ).toEqual(["i-0aaaaaaaaaaaaaaaa", "i-0bbbbbbbbbbbbbbbb"]);
  });

  it("finds nothing in a message that names no instance", () => {
    expect(missingInstanceIds("Request limit exceeded.")).toEqual([]);
  });
});
