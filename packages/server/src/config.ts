import { resolve } from "node:path";
import { z } from "@hono/zod-openapi";
import { DEFAULT_PASSWORD_COST, MIN_PASSWORD_COST } from "./auth/password-hash";

/**
 * Configuration (docs/architecture.md, "Configuration"), parsed once at start from the environment and passed in;
 * handlers never read `process.env`.
 */
const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const port = (fallback: number) => z.coerce.number().int().min(0).max(65_535).default(fallback);

const EnvSchema = z.object({
  DRSO_PORT: port(8080),
  DRSO_HOST: z.string().min(1).default("127.0.0.1"),
  DRSO_DATA_DIR: z.string().min(1).default("./.drso"),
  DRSO_MODE: z.enum(["simulator", "aws"]).default("simulator"),
  DRSO_SIM_PORT: port(8081),
  DRSO_TIME_SCALE: z.coerce.number().positive().max(100_000).default(60),
  DRSO_SIM_URL: z.url().optional(),
  DRSO_ADMIN_PASSWORD: z.string().min(8, "must be at least 8 characters").max(256).optional(),
  DRSO_LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  // log2 of scrypt's N for new password hashes; below the default only to make tests fast.
  DRSO_PASSWORD_COST: z.coerce.number().int().min(MIN_PASSWORD_COST).max(20).default(DEFAULT_PASSWORD_COST),
  // Bounds of the runner's DRS/EC2 polling interval; the engine picks a wait between them.
  DRSO_POLL_MIN_MS: z.coerce.number().int().min(10).max(600_000).default(1000),
  DRSO_POLL_MAX_MS: z.coerce.number().int().min(10).max(600_000).default(15_000),
  // Bearer token of Prometheus scrapers for GET /metrics; unset: only users' credentials work.
  DRSO_METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").max(256).optional(),
});

export interface ServerConfig {
  port: number;
  host: string;
  /** Absolute path of the folder holding the SQLite database and secrets. */
  dataDir: string;
  mode: "simulator" | "aws";
  simPort: number;
  timeScale: number;
  simUrl?: string;
  adminPassword?: string;
  logLevel: (typeof LOG_LEVELS)[number];
  passwordCost: number;
  poll: { minMs: number; maxMs: number };
  metricsToken?: string;
}

/** Thrown for invalid configuration; its message is the one line to print before exiting. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

export function loadConfig(env: Record<string, string | undefined> = process.env): ServerConfig {
  // An empty variable means "unset", as most shells and .env files intend.
  const present = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => k.startsWith("DRSO_") && v !== ""),
  );
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? "DRSO_*");
    throw new ConfigError(
      `Invalid configuration: ${variable}=${JSON.stringify(env[variable] ?? "")} ${issue?.message ?? "is invalid"}`,
    );
  }
  const e = parsed.data;
  return {
    port: e.DRSO_PORT,
    host: e.DRSO_HOST,
    dataDir: resolve(e.DRSO_DATA_DIR),
    mode: e.DRSO_MODE,
    simPort: e.DRSO_SIM_PORT,
    timeScale: e.DRSO_TIME_SCALE,
    simUrl: e.DRSO_SIM_URL,
    adminPassword: e.DRSO_ADMIN_PASSWORD,
    logLevel: e.DRSO_LOG_LEVEL,
    passwordCost: e.DRSO_PASSWORD_COST,
    poll: { minMs: e.DRSO_POLL_MIN_MS, maxMs: Math.max(e.DRSO_POLL_MIN_MS, e.DRSO_POLL_MAX_MS) },
    metricsToken: e.DRSO_METRICS_TOKEN,
  };
}
