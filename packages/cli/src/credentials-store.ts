import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { Credentials } from "./api-client";

/** A session saved by `drso login`, per API endpoint so one user can talk to several installations. */
export interface SavedSession {
  token: string;
  username: string;
  expiresAt: string;
}

/** `$XDG_CONFIG_HOME/drso/` or `~/.config/drso/` (the XDG base directory convention). */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  const base =
    env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME !== "" ? env.XDG_CONFIG_HOME : join(homedir(), ".config");
  return join(base, "drso");
}

const sessionsFile = (env: NodeJS.ProcessEnv) => join(configDir(env), "credentials.json");

function readSessions(env: NodeJS.ProcessEnv): Record<string, SavedSession> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(sessionsFile(env), "utf8"));
    return parsed && typeof parsed === "object" ? (parsed as Record<string, SavedSession>) : {};
  } catch {
    return {};
  }
}

/** Saves the token readable by the owner only (0600): it grants the user's roles for 45 minutes. */
export function saveSession(
  endpoint: string,
  session: SavedSession,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const dir = configDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = sessionsFile(env);
  const sessions = { ...readSessions(env), [endpoint]: session };
  writeFileSync(file, `${JSON.stringify(sessions, null, 2)}\n`, { mode: 0o600 });
  // writeFileSync's mode applies only when it creates the file; tighten an older one too.
  chmodSync(file, 0o600);
  return file;
}

export function removeSession(endpoint: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const sessions = readSessions(env);
  if (!(endpoint in sessions)) return false;
  delete sessions[endpoint];
  if (Object.keys(sessions).length === 0) rmSync(sessionsFile(env), { force: true });
  else writeFileSync(sessionsFile(env), `${JSON.stringify(sessions, null, 2)}\n`, { mode: 0o600 });
  return true;
}

export function loadSession(
  endpoint: string,
  env: NodeJS.ProcessEnv = process.env,
): SavedSession | undefined {
  return readSessions(env)[endpoint];
}

/** DRSO_TOKEN, then DRSO_API_KEY, then the session saved by `drso login` for this endpoint. */
export function resolveCredentials(endpoint: string, env: NodeJS.ProcessEnv = process.env): Credentials {
  if (env.DRSO_TOKEN) return { kind: "token", token: env.DRSO_TOKEN };
  if (env.DRSO_API_KEY) return { kind: "apiKey", key: env.DRSO_API_KEY };
  const saved = loadSession(endpoint, env);
  return saved ? { kind: "token", token: saved.token } : { kind: "none" };
}
