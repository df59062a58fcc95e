import { describe, expect, test } from "vitest";
import { ConfigError, loadConfig } from "../src/config";

describe("configuration from the environment", () => {
  test("defaults are the documented ones", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 8080,
      host: "127.0.0.1",
      mode: "simulator",
      simPort: 8081,
      timeScale: 60,
      logLevel: "info",
    });
    expect(c.dataDir.endsWith(".drso")).toBe(true);
    expect(c.adminPassword).toBeUndefined();
    // /metrics is never open by default: without a token only users' credentials reach it.
    expect(c.metricsToken).toBeUndefined();
  });

  test("reads every DRSO_* variable; empty means unset", () => {
    const c = loadConfig({
      DRSO_PORT: "9000",
      DRSO_HOST: "0.0.0.0",
      DRSO_DATA_DIR: "/tmp/x",
      DRSO_MODE: "aws",
      DRSO_SIM_PORT: "",
      DRSO_TIME_SCALE: "600",
      DRSO_SIM_URL: "http://127.0.0.1:8081",
      DRSO_ADMIN_PASSWORD: "long-enough",
      DRSO_LOG_LEVEL: "debug",
      DRSO_METRICS_TOKEN: "a-scrape-token-0123",
    });
    expect(c).toMatchObject({
      port: 9000,
      host: "0.0.0.0",
      dataDir: "/tmp/x",
      mode: "aws",
      simPort: 8081,
      timeScale: 600,
      simUrl: "http://127.0.0.1:8081",
      adminPassword: "long-enough",
      logLevel: "debug",
      metricsToken: "a-scrape-token-0123",
    });
  });

  test.each([
    ["DRSO_PORT", "eighty"],
    ["DRSO_PORT", "70000"],
    ["DRSO_MODE", "cloud"],
    ["DRSO_TIME_SCALE", "-1"],
    ["DRSO_SIM_URL", "not a url"],
    ["DRSO_ADMIN_PASSWORD", "short"],
    ["DRSO_LOG_LEVEL", "loud"],
    ["DRSO_METRICS_TOKEN", "short"],
  ])("an invalid %s=%s stops with one line naming the variable", (name, value) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain(name);
    expect(message).not.toContain("\n");
  });
});
