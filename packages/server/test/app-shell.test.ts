import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startTestServer, type TestServer } from "./support/test-server";

describe("health, docs and OpenAPI", () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s.close());

  test("health needs no credentials and reports version and store status", async () => {
    const res = await s.get("/api/health", { role: null });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, data: { status: "ok", store: "ok", version: "0.1.0" } });
    expect(typeof res.body.timestamp).toBe("string");
  });

  test("the docs page and its assets are served locally (no CDN)", async () => {
    const page = await s.get("/api/docs", { role: null });
    expect(page.status).toBe(200);
    expect(page.text).not.toMatch(/https?:\/\//);
    for (const asset of [
      "/api/docs/assets/swagger-ui-bundle.js",
      "/api/docs/assets/swagger-ui.css",
      "/api/docs/init.js",
    ]) {
      const res = await s.get(asset, { role: null });
      expect(res.status, asset).toBe(200);
    }
  });

  test("the OpenAPI 3.1 document describes request bodies from the same schemas", async () => {
    const doc = (await s.get("/api/openapi.json", { role: null })).body as unknown as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>
      >;
    };
    expect(doc.openapi).toBe("3.1.0");
    const body = JSON.stringify(doc.paths["/api/recovery-plans"]?.post?.requestBody);
    for (const field of ["planName", "waves", "dependsOnWaves", "pauseBeforeWave", "onFailure"]) {
      expect(body).toContain(field);
    }
  });

  test("every pattern in the OpenAPI document is a plain regular expression clients can use", async () => {
    const text = (await s.get("/api/openapi.json", { role: null })).text;
    const patterns = [...text.matchAll(/"pattern":("(?:[^"\\]|\\.)*")/g)].map(
      (m) => JSON.parse(m[1] ?? '""') as string,
    );
    expect(patterns.length).toBeGreaterThan(3);
    for (const p of patterns) {
      expect(() => new RegExp(p), p).not.toThrow();
      expect(p, p).not.toMatch(/\/[a-z]+$/);
    }
  });

  test("unknown API paths answer a JSON 404, not the UI", async () => {
    const res = await s.get("/api/no-such-thing");
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("NOT_FOUND");
  });

  test("without a web build, / explains how to build the UI", async () => {
    const res = await s.get("/", { role: null });
    expect(res.status).toBe(200);
    expect(res.text).toContain("npm run build -w packages/web");
  });
});

describe("web UI", () => {
  let s: TestServer;
  let dist: string;
  beforeAll(async () => {
    dist = await mkdtemp(join(tmpdir(), "drso-web-"));
    await mkdir(join(dist, "assets"));
    await writeFile(join(dist, "index.html"), "<!doctype html><title>DRSO app</title>");
    await writeFile(join(dist, "assets", "app-1234.js"), "console.log('app')");
    s = await startTestServer({ webDistDir: dist });
  });
  afterAll(async () => {
    await s.close();
    await rm(dist, { recursive: true, force: true });
  });

  test("serves built files and falls back to index.html for client routes", async () => {
    const asset = await s.get("/assets/app-1234.js", { role: null });
    expect(asset.status).toBe(200);
    expect(asset.headers.get("content-type")).toContain("javascript");
    expect(asset.headers.get("cache-control")).toContain("immutable");
    const route = await s.get("/recovery-plans/123/edit", { role: null });
    expect(route.text).toContain("DRSO app");
  });

  test("never serves files outside the build folder", async () => {
    const res = await s.get("/..%2f..%2f..%2fetc%2fpasswd", { role: null });
    expect(res.text).toContain("DRSO app");
  });
});
