import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto";

/**
 * Password hashing with scrypt (node:crypto). Stored as `scrypt$N$r$p$salt$hash` (base64url) so that
 * the parameters can be raised later: a hash below the current cost is replaced at the next
 * successful login (`needsRehash`).
 */

/** log2 of scrypt's N in production: N=2^17, r=8, p=1 is OWASP's recommendation (128 MiB per hash). */
export const DEFAULT_PASSWORD_COST = 17;
/** Lowest cost the configuration accepts (tests use it: 2^17 takes seconds on a loaded CI machine). */
export const MIN_PASSWORD_COST = 10;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
/** Hashes stored with a larger N are refused rather than allowed to claim gigabytes. */
const MAX_N = 2 ** 20;

/**
 * Each derivation holds 128·N·r bytes (128 MiB at the default). At most this many run at once, so
 * that a burst of logins cannot exhaust memory; the others wait their turn.
 */
const MAX_CONCURRENT = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function withHashSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await work();
  } finally {
    // Hand the slot straight to the next waiter (running stays the same), or free it.
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

const derive = (password: string, salt: Buffer, options: ScryptOptions & { N: number; r: number }) =>
  withHashSlot(
    () =>
      new Promise<Buffer>((resolve, reject) =>
        scrypt(
          password.normalize("NFKC"),
          salt,
          KEY_LENGTH,
          // OpenSSL needs 128·N·r for its table plus a little for the blocks: twice that is ample.
          { ...options, maxmem: 2 * 128 * options.N * options.r },
          (err, key) => (err ? reject(err) : resolve(key)),
        ),
      ),
  );

const costOf = (n: number) => Math.log2(n);

export async function hashPassword(password: string, cost = DEFAULT_PASSWORD_COST): Promise<string> {
  const salt = randomBytes(16);
  const N = 2 ** cost;
  const key = await derive(password, salt, { N, r: R, p: P });
  return ["scrypt", N, R, P, salt.toString("base64url"), key.toString("base64url")].join("$");
}

interface StoredHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

function parseStored(stored: string): StoredHash | undefined {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (scheme !== "scrypt" || !salt || !hash) return undefined;
  if (!Number.isInteger(costOf(params.N)) || params.N > MAX_N || params.r !== R || params.p !== P)
    return undefined;
  return { ...params, salt: Buffer.from(salt, "base64url"), hash: Buffer.from(hash, "base64url") };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseStored(stored);
  if (!parsed) return false;
  const actual = await derive(password, parsed.salt, { N: parsed.N, r: parsed.r, p: parsed.p });
  return actual.length === parsed.hash.length && timingSafeEqual(actual, parsed.hash);
}

/** True when the stored hash was made at a lower cost than `cost` (then hash the password again). */
export function needsRehash(stored: string, cost = DEFAULT_PASSWORD_COST): boolean {
  const parsed = parseStored(stored);
  return !parsed || parsed.N < 2 ** cost;
}

/**
 * A well-formed hash that no password matches, at `cost`: verifying against it when the user does
 * not exist takes as long as for a real user, so that login does not reveal which names exist.
 */
export const unmatchableHash = (cost = DEFAULT_PASSWORD_COST): string =>
  `scrypt$${2 ** cost}$${R}$${P}$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`;
