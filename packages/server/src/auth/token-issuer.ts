import { randomBytes, randomUUID } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Actor, AuthenticationError, isRole, type Role } from "@drso/core";
import { errors, type JWTPayload, jwtVerify, SignJWT } from "jose";

/** Session length: the UI logs out after 45 minutes. */
export const TOKEN_TTL_SECONDS = 45 * 60;
const ISSUER = "drso";

/** Who a session token is issued to: the user's name, roles and identity (see UserRecord). */
export interface SessionSubject extends Actor {
  userId: string;
  tokenGeneration: number;
}

/** What a verified token says; the authenticator checks it against the user's current record. */
export interface SessionClaims extends SessionSubject {
  /** Token id, what logout revokes. */
  jti: string;
  /** Expiry, epoch seconds. */
  exp: number;
}

/** Issues and verifies HS256 session tokens (jose). */
export class TokenIssuer {
  constructor(
    private readonly secret: Uint8Array,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async issue(
    subject: SessionSubject,
  ): Promise<{ token: string; expiresIn: number; jti: string; exp: number }> {
    const iat = Math.floor(this.now().getTime() / 1000);
    const exp = iat + TOKEN_TTL_SECONDS;
    const jti = randomUUID();
    const token = await new SignJWT({
      roles: subject.roles,
      uid: subject.userId,
      gen: subject.tokenGeneration,
    })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(subject.username)
      .setIssuer(ISSUER)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .setJti(jti)
      .sign(this.secret);
    return { token, expiresIn: TOKEN_TTL_SECONDS, jti, exp };
  }

  async verify(token: string): Promise<SessionClaims> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.secret, {
        issuer: ISSUER,
        algorithms: ["HS256"],
        currentDate: this.now(),
        // A token without an expiry or an identity would never end, or outlive its user.
        requiredClaims: ["sub", "iat", "exp", "jti", "uid", "gen"],
        maxTokenAge: TOKEN_TTL_SECONDS,
      }));
    } catch (e) {
      if (e instanceof errors.JWTExpired)
        throw new AuthenticationError("Session expired, log in again", "TOKEN_EXPIRED");
      throw new AuthenticationError("Invalid token", "INVALID_TOKEN");
    }
    const { sub, jti, exp, uid, gen } = payload;
    if (!sub || !jti || typeof exp !== "number" || typeof uid !== "string" || typeof gen !== "number")
      throw new AuthenticationError("Invalid token", "INVALID_TOKEN");
    const roles = Array.isArray(payload.roles)
      ? payload.roles.filter((r): r is Role => isRole(String(r)))
      : [];
    return { username: sub, roles, userId: uid, tokenGeneration: gen, jti, exp };
  }
}

/** The signing secret is generated once into the data dir, so sessions survive restarts. */
export function loadOrCreateTokenSecret(dataDir: string): Uint8Array {
  const file = join(dataDir, "jwt-secret");
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
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
