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
