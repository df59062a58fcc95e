import { hasPermission, type Permission, ROLES } from "@drso/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { PERMISSION_EXTENSION } from "../src/http/secure-route";
import { startTestServer, type TestServer } from "./support/test-server";

interface Operation {
  method: string;
  path: string;
  permission?: Permission;
  secured: boolean;
}

let s: TestServer;
let operations: Operation[] = [];

beforeAll(async () => {
  s = await startTestServer();
  const doc = (await s.get("/api/openapi.json", { role: null })).body as unknown as {
    paths: Record<string, Record<string, { security?: unknown[]; [PERMISSION_EXTENSION]?: Permission }>>;
  };
  operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      permission: op[PERMISSION_EXTENSION],
      secured: op.security !== undefined,
    })),
  );
});
afterAll(() => s.close());

/** A concrete URL for an OpenAPI path: ids that match nothing (so writes cannot succeed by accident). */
const concrete = (path: string) => path.replace(/\{[^}]+\}/g, "00000000-0000-4000-8000-000000000000");

const call = (op: Operation, options: Parameters<TestServer["request"]>[2]) =>
  s.request(op.method, concrete(op.path), {
    ...options,
    ...(["POST", "PUT", "PATCH"].includes(op.method) ? { body: {} } : {}),
  });

describe("role-based access over every route", () => {
  test("the OpenAPI document lists every route, each secured one with its permission", () => {
    const listed = new Set(operations.map((o) => `${o.method} ${o.path}`));
    for (const expected of [
      "GET /api/protection-groups",
      "POST /api/protection-groups",
      "GET /api/protection-groups/{id}",
      "PUT /api/protection-groups/{id}",
      "DELETE /api/protection-groups/{id}",
      "POST /api/protection-groups/resolve",
      "GET /api/recovery-plans",
      "POST /api/recovery-plans",
      "PUT /api/recovery-plans/{id}",
      "DELETE /api/recovery-plans/{id}",
      "GET /api/accounts/targets",
      "POST /api/accounts/targets",
      "PUT /api/accounts/targets/{id}",
      "PATCH /api/accounts/targets/{id}",
      "DELETE /api/accounts/targets/{id}",
      "GET /api/accounts/current",
      "GET /api/config/settings",
      "PUT /api/config/settings",
      "GET /api/config/regions",
      "GET /api/config/export",
      "POST /api/config/import",
      "GET /api/user/profile",
      "GET /api/user/permissions",
      "GET /api/audit",
      "GET /api/drs/source-servers",
      "GET /api/drs/quotas",
      "GET /api/drs/accounts",
      "GET /api/drs/job-logs/{jobId}",
      "GET /api/ec2/subnets",
      "GET /api/ec2/security-groups",
      "GET /api/ec2/instance-types",
      "GET /api/ec2/instance-profiles",
      "GET /api/ec2/launch-templates",
      "GET /api/drs/source-servers/{id}/launch-settings",
      "PUT /api/drs/source-servers/{id}/launch-settings",
      "GET /api/drs/source-servers/{id}/replication-settings",
      "PUT /api/drs/source-servers/{id}/replication-settings",
      "PUT /api/drs/source-servers/{id}/tags",
      "POST /api/accounts/targets/{id}/validate",
      "POST /api/recovery-plans/{id}/execute",
      "GET /api/recovery-plans/{id}/check-existing-instances",
      "GET /api/executions",
      "POST /api/executions",
      "DELETE /api/executions",
      "GET /api/executions/{id}",
      "POST /api/executions/{id}/pause",
      "POST /api/executions/{id}/resume",
      "POST /api/executions/{id}/cancel",
      "POST /api/executions/{id}/retry",
      "POST /api/executions/{id}/terminate-instances",
      "GET /api/executions/{id}/job-logs",
      "GET /api/executions/{id}/termination-status",
      "GET /api/executions/{id}/events",
      "GET /api/executions/{id}/report",
      "GET /api/executions/{id}/status",
      "GET /api/executions/{id}/waves",
      "GET /api/executions/{id}/jobs",
      "POST /api/executions/delete",
      "GET /api/drs/service-limits",
      "GET /api/ec2/instances",
      "GET /api/ec2/instances/{instanceId}",
      "POST /api/ec2/instances/terminate",
      "GET /api/config/health",
      "GET /api/notifications/deliveries",
      "POST /api/notifications/test",
      "POST /api/drs/tag-sync",
      "GET /api/drs/tag-sync/preview",
      "GET /api/config/tag-sync",
      "PUT /api/config/tag-sync",
      "POST /api/auth/logout",
      "POST /api/auth/password",
      "GET /api/apikeys",
      "POST /api/apikeys",
      "DELETE /api/apikeys/{id}",
    ]) {
      expect(listed, expected).toContain(expected);
    }
    for (const op of operations.filter((o) => o.secured))
      expect(op.permission, `${op.method} ${op.path}`).toBeDefined();
  });

  test("without credentials every secured route answers 401 with the envelope", async () => {
    for (const op of operations.filter((o) => o.secured)) {
      const res = await call(op, { role: null });
      expect(res.status, `${op.method} ${op.path}`).toBe(401);
      expect(res.body).toMatchObject({ success: false, error: { code: "UNAUTHORIZED" } });
    }
  });

  test("a forged or expired token is refused with 401", async () => {
    const op = { method: "GET", path: "/api/protection-groups", secured: true };
    expect((await call(op, { token: "not-a-jwt" })).status).toBe(401);
    const admin = s.tokenFor("DRSOrchestrationAdmin");
    const [h, p] = admin.split(".");
    expect((await call(op, { token: `${h}.${p}.AAAA` })).status).toBe(401);
  });

  for (const role of ROLES) {
    test(`${role}: each route allows or refuses (403) exactly as the permission table says`, async () => {
      for (const op of operations.filter((o) => o.secured && o.permission)) {
        const res = await call(op, { role });
        const label = `${role} ${op.method} ${op.path} (${op.permission})`;
        if (op.permission && hasPermission([role], op.permission)) {
          expect([401, 403], label).not.toContain(res.status);
        } else {
          expect(res.status, label).toBe(403);
          expect(res.body.error.code, label).toBe("FORBIDDEN");
        }
      }
    });
  }

  test("public routes answer without credentials", async () => {
    expect((await s.get("/api/health", { role: null })).status).toBe(200);
    expect((await s.get("/api/openapi.json", { role: null })).status).toBe(200);
    expect((await s.get("/api/docs", { role: null })).status).toBe(200);
    expect(
      (await s.post("/api/auth/login", { username: "nobody", password: "wrong-pass" }, { role: null }))
        .status,
    ).toBe(401);
  });

  test("/user/permissions reports the caller's permissions from the same table", async () => {
    for (const role of ROLES) {
      const res = await s.get("/api/user/permissions", { role });
      expect(res.body.data.roles).toEqual([role]);
      for (const [permission, allowed] of Object.entries(res.body.data.can)) {
        expect(allowed).toBe(hasPermission([role], permission as Permission));
      }
    }
  });
});
