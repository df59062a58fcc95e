import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * API keys look like `drso_<keyId>_<secret>`. Only a SHA-256 of the secret is stored: the secret is
 * 32 random bytes, so a slow hash (as for passwords) adds nothing but latency on every request.
 */
const KEY_PATTERN = /^drso_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface NewApiKey {
  keyId: string;
  /** The full key to give to the client, shown once. */
  key: string;
  secretHash: string;
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("base64url");

export function generateApiKey(): NewApiKey {
  const keyId = randomBytes(8).toString("hex");
  const secret = randomBytes(32).toString("base64url");
  return { keyId, key: `drso_${keyId}_${secret}`, secretHash: sha256(secret) };
}

export function parseApiKey(key: string): { keyId: string; secret: string } | undefined {
  const m = KEY_PATTERN.exec(key);
  return m?.[1] && m[2] ? { keyId: m[1], secret: m[2] } : undefined;
}

export function apiKeySecretMatches(secret: string, secretHash: string): boolean {
  const a = Buffer.from(sha256(secret));
  const b = Buffer.from(secretHash);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `--expires-in` / `expiresIn`: a whole number of days or hours, e.g. `90d`, `12h` (at most 10 years). */
export const EXPIRES_IN_PATTERN = /^([1-9]\d{0,5})([dh])$/;
const MAX_EXPIRY_HOURS = 10 * 366 * 24;

/** The instant a key created at `now` with `expiresIn` expires; undefined when the text is not valid. */
export function expiryFrom(expiresIn: string, now: Date): Date | undefined {
  const m = EXPIRES_IN_PATTERN.exec(expiresIn);
  if (!m?.[1] || !m[2]) return undefined;
  const hours = Number(m[1]) * (m[2] === "d" ? 24 : 1);
  if (hours > MAX_EXPIRY_HOURS) return undefined;
  return new Date(now.getTime() + hours * 3_600_000);
}
