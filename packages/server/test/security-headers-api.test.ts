import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startTestServer, type TestServer } from "./support/test-server";

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

describe("security headers", () => {
  test.each([
    ["the health check", "/api/health", { role: null }],
    ["a JSON answer", "/api/protection-groups", {}],
    ["a refusal", "/api/protection-groups", { role: null }],
    ["an unknown API path", "/api/nothing-here", {}],
    ["the API docs", "/api/docs", { role: null }],
    ["a UI path", "/protection-groups", { role: null }],
  ] as const)("%s carries CSP, frame, sniffing and referrer headers", async (_, path, options) => {
    const res = await s.get(path, options);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
  });

  test("Swagger UI does not keep the token in localStorage", async () => {
    const init = await s.get("/api/docs/init.js", { role: null });
    expect(init.status).toBe(200);
    expect(init.text).toContain("persistAuthorization: false");
    expect(init.text).not.toContain("persistAuthorization: true");
    // No inline script the CSP would block: the page loads its scripts as files.
    const page = await s.get("/api/docs", { role: null });
    expect(page.text).not.toMatch(/<script>(?!<\/script>)/);
  });
});
