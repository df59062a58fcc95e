import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "../src/index";

/**
 * How requests are routed when they do not come from an SDK: curl, scripts, unsigned tools. Plain
 * HTTP on purpose — the SDK contract is covered by the other files.
 */
describe("protocol dispatch on the shared port", () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 2 });
  });
  afterAll(() => sim.close());

  it("serves an unsigned DRS call as the home account in us-east-1", async () => {
    const response = await fetch(`${sim.endpoint}/DescribeSourceServers`, { method: "POST", body: "{}" });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { items: { arn: string }[] };
    expect(body.items[0]?.arn).toMatch(/^arn:aws:drs:us-east-1:111111111111:/);
  });

  it("routes an unsigned form POST by its API Version (STS here) and answers in XML", async () => {
    const response = await fetch(sim.endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "Action=GetCallerIdentity&Version=2011-06-15",
    });
    expect(response.status).toBe(200);
    const xml = await response.text();
    expect(xml).toContain("<GetCallerIdentityResponse");
    expect(xml).toContain("<Account>111111111111</Account>");
  });

  it("answers an unknown DRS operation with 404 UnknownOperationException and bad JSON with ValidationException", async () => {
    const unknown = await fetch(`${sim.endpoint}/LaunchEverything`, { method: "POST", body: "{}" });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("x-amzn-errortype")).toBe("UnknownOperationException");
    const bad = await fetch(`${sim.endpoint}/DescribeJobs`, { method: "POST", body: "{not json" });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("x-amzn-errortype")).toBe("ValidationException");
  });

  it("answers an unknown EC2 action with an EC2-style InvalidAction error", async () => {
    const response = await fetch(sim.endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization:
          "AWS4-HMAC-SHA256 Credential=AKIADRSOSIMHOME00001/20260101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0",
      },
      body: "Action=RunInstances&Version=2016-11-15",
    });
    expect(response.status).toBe(400);
    const xml = await response.text();
    expect(xml).toContain("<Response><Errors><Error><Code>InvalidAction</Code>");
  });
});
