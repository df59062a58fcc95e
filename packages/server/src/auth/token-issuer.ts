import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Actor, AuthenticationError, isRole, type Role } from "@drso/core";
import { errors, jwtVerify, SignJWT } from "jose";

/** Session length: the UI logs out after 45 minutes. */
export const TOKEN_TTL_SECONDS = 45 * 60;
const ISSUER = "drso";

/** Issues and verifies HS256 session tokens (jose). */
export class TokenIssuer {
  constructor(
    private readonly secret: Uint8Array,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async issue(actor: Actor): Promise<{ token: string; expiresIn: number }> {
    const iat = Math.floor(this.now().getTime() / 1000);
    const token = await new SignJWT({ roles: actor.roles })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(actor.username)
      .setIssuer(ISSUER)
      .setIssuedAt(iat)
      .setExpirationTime(iat + TOKEN_TTL_SECONDS)
      .sign(this.secret);
    return { token, expiresIn: TOKEN_TTL_SECONDS };
  }

  async verify(token: string): Promise<Actor> {
    try {
      const { payload } = await jwtVerify(token, this.secret, {
        issuer: ISSUER,
        algorithms: ["HS256"],
        currentDate: this.now(),
      });
      const roles = Array.isArray(payload.roles)
        ? payload.roles.filter((r): r is Role => isRole(String(r)))
        : [];
      if (!payload.sub) throw new AuthenticationError("Token has no subject", "INVALID_TOKEN");
      return { username: payload.sub, roles };
    } catch (e) {
      if (e instanceof AuthenticationError) throw e;
      if (e instanceof errors.JWTExpired)
        throw new AuthenticationError("Session expired, log in again", "TOKEN_EXPIRED");
      throw new AuthenticationError("Invalid token", "INVALID_TOKEN");
    }
  }
}

/** The signing secret is generated once into the data dir, so sessions survive restarts. */
export function loadOrCreateTokenSecret(dataDir: string): Uint8Array {
  const file = join(dataDir, "jwt-secret");
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    // `wx` fails if another process created it meanwhile; then we read theirs.
    try {
      writeFileSync(file, randomBytes(32).toString("base64url"), { flag: "wx", mode: 0o600 });
      chmodSync(file, 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
  }
  return Buffer.from(readFileSync(file, "utf8").trim(), "base64url");
}
