/**
 * Slows password guessing. Two limits, both over a sliding `windowMs` from the first failure:
 * - `maxFailures` for one user name from one client address: that address is refused for that user
 *   (nobody elsewhere is locked out by it);
 * - `maxUserFailures` for one user name from any address: the name is refused from everywhere, so
 *   that guessing spread over many addresses stays slow too (the price: such a spray locks the real
 *   user out until the window has passed).
 * In memory and bounded: when full, the oldest entry is evicted (never everything at once), and
 * locks are kept apart from the counters, so a spray of one-off names cannot push a lock out.
 * A restart forgets it, which is acceptable for a brake (not an audit trail).
 */
export interface Lockout {
  scope: "user-and-address" | "user";
  retryAfterSeconds: number;
}

interface Entry {
  count: number;
  firstAt: number;
}

export interface LoginThrottleOptions {
  maxFailures?: number;
  maxUserFailures?: number;
  windowMs?: number;
  /** Entries kept per map (counters, locks); beyond it the oldest goes. */
  maxEntries?: number;
  now?: () => number;
}

export class LoginThrottle {
  private readonly counters = new Map<string, Entry>();
  private readonly locks = new Map<string, Entry>();
  private readonly maxFailures: number;
  private readonly maxUserFailures: number;
  private readonly windowMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: LoginThrottleOptions = {}) {
    this.maxFailures = options.maxFailures ?? 10;
    this.maxUserFailures = options.maxUserFailures ?? 50;
    this.windowMs = options.windowMs ?? 15 * 60_000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Seconds to wait before trying again, or 0 when an attempt is allowed now. */
  retryAfterSeconds(username: string, address: string): number {
    return Math.max(this.lockedFor(addressKey(username, address)), this.lockedFor(userKey(username)));
  }

  /** Counts a failure; returns the lockout it caused, if any (the caller logs it). */
  recordFailure(username: string, address: string): Lockout | undefined {
    const perAddress = this.count(addressKey(username, address), this.maxFailures);
    const perUser = this.count(userKey(username), this.maxUserFailures);
    if (perUser) return { scope: "user", retryAfterSeconds: perUser };
    if (perAddress) return { scope: "user-and-address", retryAfterSeconds: perAddress };
    return undefined;
  }

  /** Clears this address's failures for the user; failures from elsewhere still count. */
  recordSuccess(username: string, address: string): void {
    this.counters.delete(addressKey(username, address));
  }

  /** Number of entries held (counters and locks), for the bound's test. */
  get size(): number {
    return this.counters.size + this.locks.size;
  }

  private lockedFor(key: string): number {
    const lock = this.locks.get(key);
    if (!lock) return 0;
    const left = lock.firstAt + this.windowMs - this.now();
    if (left <= 0) {
      this.locks.delete(key);
      return 0;
    }
    return Math.ceil(left / 1000);
  }

  /** Returns the seconds of the lock this failure starts, or 0. */
  private count(key: string, max: number): number {
    const now = this.now();
    let entry = this.counters.get(key);
    if (!entry || now - entry.firstAt >= this.windowMs) {
      // Re-inserted, so that the map's order stays oldest first.
      this.counters.delete(key);
      entry = { count: 0, firstAt: now };
      this.counters.set(key, entry);
    }
    entry.count++;
    let lockedFor = 0;
    if (entry.count >= max && !this.locks.has(key)) {
      this.counters.delete(key);
      this.locks.set(key, entry);
      lockedFor = Math.ceil((entry.firstAt + this.windowMs - now) / 1000);
    }
    evictOldest(this.counters, this.maxEntries);
    evictOldest(this.locks, this.maxEntries);
    return lockedFor;
  }
}

function evictOldest(map: Map<string, Entry>, max: number): void {
  while (map.size > max) {
    const oldest = map.keys().next().value;
    if (oldest === undefined) return;
    map.delete(oldest);
  }
}

const userKey = (username: string) => `u|${username.toLowerCase()}`;
const addressKey = (username: string, address: string) => `a|${username.toLowerCase()}|${address}`;
