import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import type { App } from "../src/app-deps";
import {
  closeOperationNames,
  DIRECT_INVOCATION_USER,
  directInvocationPrincipal,
  handleDirectInvocationEvent,
  invokeOperation,
  isDirectInvocationEvent,
  OPERATION_ROUTES,
  withDirectInvocation,
} from "../src/direct-invocation/index";
import {
  InMemorySourceServerCatalog,
  serverId,
  sourceServers,
} from "./support/in-memory-source-server-catalog";
import { startTestServer, type TestServer } from "./support/test-server";

const HOME = { accountId: "111111111111", region: "us-east-1" };
const admin = { username: "automation-script", roles: ["DRSOrchestrationAdmin" as const] };
const readOnly = { username: "auditor", roles: ["DRSReadOnly" as const] };

let s: TestServer;
let app: App;

beforeAll(async () => {
  s = await startTestServer({ catalog: new InMemorySourceServerCatalog(sourceServers(1, 10, HOME)) });
  // The same app as the HTTP server, called in-process.
  app = createApp(s.deps);
});
afterAll(() => s.close());

describe("direct invocation: {operation, body, queryParams, pathParams} through the same handlers", () => {
  it("every operation of the table is a route of the OpenAPI document", async () => {
    const doc = (await s.get("/api/openapi.json", { role: null })).body as unknown as {
      paths: Record<string, Record<string, unknown>>;
    };
    const routes = new Set(
      Object.entries(doc.paths).flatMap(([path, methods]) =>
        Object.keys(methods).map((m) => `${m.toUpperCase()} ${path.replace(/\{[^}]+\}/g, "{}")}`),
      ),
    );
    for (const [operation, route] of Object.entries(OPERATION_ROUTES)) {
      expect(routes, operation).toContain(`${route.method} ${route.path.replace(/\{[^}]+\}/g, "{}")}`);
    }
  });

  it("creates, lists and reads a protection group as scripts calling the Lambda directly do, audited as the principal", async () => {
    const created = await invokeOperation(
      app,
      {
        operation: "create_protection_group",
        body: { groupName: "Direct web", ...HOME, serverIds: [serverId(1)], description: "via dispatcher" },
      },
      admin,
    );
    expect(created).toMatchObject({ statusCode: 201, success: true, data: { groupName: "Direct web" } });
    const groupId = (created.data as { groupId: string }).groupId;

    const listed = await invokeOperation(app, { operation: "list_protection_groups" }, readOnly);
    expect(listed.statusCode).toBe(200);
    expect((listed.data as { items: { groupId: string }[] }).items.map((g) => g.groupId)).toContain(groupId);

    // The id may come as a path parameter or, as some callers do, inside the body.
    for (const invocation of [
      { operation: "get_protection_group", pathParams: { groupId } },
      { operation: "get_protection_group", body: { groupId } },
    ]) {
      const got = await invokeOperation(app, invocation, readOnly);
      expect(got, JSON.stringify(invocation)).toMatchObject({ statusCode: 200, data: { groupId } });
    }
    // Same answer as over HTTP.
    const http = await s.get(`/api/protection-groups/${groupId}`);
    const direct = await invokeOperation(
      app,
      { operation: "get_protection_group", pathParams: { groupId } },
      admin,
    );
    expect(direct.data).toEqual(http.body.data);

    const audit = (await s.get(`/api/audit?limit=100`)).body.data.items;
    expect(audit).toContainEqual(
      expect.objectContaining({
        actor: "automation-script",
        resourceId: groupId,
        action: expect.any(String),
      }),
    );
  });

  it("query parameters reach the route (pagination)", async () => {
    for (const n of [2, 3]) {
      await invokeOperation(
        app,
        {
          operation: "create_protection_group",
          body: { groupName: `Paged ${n}`, ...HOME, serverIds: [serverId(n)] },
        },
        admin,
      );
    }
    const page = await invokeOperation(
      app,
      { operation: "list_protection_groups", queryParams: { limit: 1 } },
      admin,
    );
    expect((page.data as { items: unknown[] }).items).toHaveLength(1);
    expect((page.data as { nextToken?: string }).nextToken).toEqual(expect.any(String));
  });

  it("validation is the route's own: a bad body answers the same 400 as over HTTP", async () => {
    const body = { groupName: "", ...HOME, serverIds: "not-a-list" };
    const direct = await invokeOperation(app, { operation: "create_protection_group", body }, admin);
    const http = await s.post("/api/protection-groups", body);
    expect(direct.statusCode).toBe(400);
    expect(http.status).toBe(400);
    expect(direct.error).toEqual(http.body.error);
  });

  it("permissions are the route's own: a read-only principal cannot create", async () => {
    const res = await invokeOperation(
      app,
      {
        operation: "create_protection_group",
        body: { groupName: "Nope", ...HOME, serverIds: [serverId(9)] },
      },
      readOnly,
    );
    expect(res).toMatchObject({ statusCode: 403, success: false, error: { code: "FORBIDDEN" } });
  });

  it("an unknown operation is refused with the close names", async () => {
    const res = await invokeOperation(app, { operation: "list_protection_group" }, admin);
    expect(res).toMatchObject({ statusCode: 400, success: false, error: { code: "UNKNOWN_OPERATION" } });
    const error = res.error as { message: string; details: { suggestions: string[]; operations: string[] } };
    expect(error.details.suggestions[0]).toBe("list_protection_groups");
    expect(error.message).toContain("did you mean list_protection_groups");
    expect(error.details.operations).toContain("get_execution_status");
    expect(closeOperationNames("executionStatus")).toContain("get_execution_status");
  });

  it("a missing id or a malformed invocation is a 400 naming what is missing", async () => {
    const missing = await invokeOperation(app, { operation: "get_execution_details", body: {} }, admin);
    expect(missing).toMatchObject({ statusCode: 400, error: { code: "MISSING_PATH_PARAMETER" } });
    expect((missing.error as { message: string }).message).toContain("executionId");
    const malformed = await invokeOperation(app, { operation: 42 }, admin);
    expect(malformed).toMatchObject({ statusCode: 400, error: { code: "INVALID_INVOCATION" } });
  });

  it("an HTTP request cannot claim a principal: without credentials it stays 401", async () => {
    const res = await s.get("/api/protection-groups", {
      role: null,
      headers: { principal: JSON.stringify(admin), "x-drso-principal": "admin" },
    });
    expect(res.status).toBe(401);
  });
});

describe("Lambda events: direct invocations go to the dispatcher, API Gateway events to HTTP", () => {
  it("recognises a direct invocation only without httpMethod/requestContext", () => {
    expect(isDirectInvocationEvent({ operation: "list_protection_groups" })).toBe(true);
    expect(isDirectInvocationEvent({ operation: "x", httpMethod: "GET" })).toBe(false);
    expect(isDirectInvocationEvent({ operation: "x", requestContext: {} })).toBe(false);
    expect(isDirectInvocationEvent({ httpMethod: "GET", path: "/api/health" })).toBe(false);
  });

  it("dispatches direct invocations and leaves API Gateway events to HTTP", async () => {
    const handler = withDirectInvocation(app, async (_event: unknown, _context: unknown) => ({ http: true }));
    const listed = await handler({ operation: "list_protection_groups" }, {});
    expect(listed).toMatchObject({ statusCode: 200, success: true });
    expect(await handler({ httpMethod: "GET", path: "/api/health" }, {})).toEqual({ http: true });
  });

  it("ignores a principal in the event: acts and is audited as the direct invocation of the Lambda request", async () => {
    const awsRequestId = "3f0c2a4e-9d1b-4c7a-8e2f-5a6b7c8d9e0f";
    const created = await handleDirectInvocationEvent(
      app,
      {
        operation: "create_protection_group",
        body: { groupName: "Claimed admin", ...HOME, serverIds: [serverId(8)] },
        principal: { username: "mallory", roles: ["DRSOrchestrationAdmin"] },
      },
      { awsRequestId, invokedFunctionArn: "arn:aws:lambda:us-east-1:111111111111:function:drso-api" },
    );
    const actor = `${DIRECT_INVOCATION_USER}/${awsRequestId}`;
    expect(created).toMatchObject({
      statusCode: 201,
      data: { groupName: "Claimed admin", createdBy: actor },
    });
    const groupId = (created.data as { groupId: string }).groupId;
    const audit = (await s.get(`/api/audit?resourceId=${groupId}`)).body.data.items;
    expect(audit).toEqual([expect.objectContaining({ action: "CreateProtectionGroup", actor })]);
    expect(JSON.stringify((await s.get("/api/audit?limit=100")).body.data.items)).not.toContain("mallory");

    // A read-only or malformed principal neither narrows nor breaks the call: it is not read at all.
    for (const principal of [readOnly, { username: "x", roles: ["Root"] }]) {
      const listed = await handleDirectInvocationEvent(
        app,
        { operation: "list_protection_groups", principal },
        {},
      );
      expect(listed).toMatchObject({ statusCode: 200, success: true });
    }
  });

  it("names the Cognito identity Lambda reports, and only an id-shaped part of each value", () => {
    expect(
      directInvocationPrincipal({
        awsRequestId: "req-1",
        identity: { cognitoIdentityId: "us-east-1:1234abcd", cognitoIdentityPoolId: "pool" },
      }),
    ).toEqual({
      username: `${DIRECT_INVOCATION_USER}/cognito:us-east-1:1234abcd/req-1`,
      roles: ["DRSOrchestrationAdmin"],
    });
    expect(directInvocationPrincipal({ awsRequestId: "a b\n<script>" }).username).toBe(
      `${DIRECT_INVOCATION_USER}/abscript`,
    );
    expect(directInvocationPrincipal(undefined).username).toBe(DIRECT_INVOCATION_USER);
  });
});
