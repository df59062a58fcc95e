/**
 * Slows password guessing: after `maxFailures` failed logins for one user name from one client
 * address within `windowMs`, further attempts from there are refused until the window has passed.
 * Keyed by address too, so that nobody can lock a user out from elsewhere. In memory: a restart
 * forgets it, which is acceptable for a brake (not an audit trail).
 */
export class LoginThrottle {
  private readonly failures = new Map<string, { count: number; firstAt: number }>();

  constructor(
    private readonly maxFailures = 10,
    private readonly windowMs = 15 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds to wait before trying again, or 0 when an attempt is allowed now. */
  retryAfterSeconds(username: string, address: string): number {
    const entry = this.failures.get(key(username, address));
    if (!entry) return 0;
    const elapsed = this.now() - entry.firstAt;
    if (elapsed >= this.windowMs) {
      this.failures.delete(key(username, address));
      return 0;
    }
    return entry.count >= this.maxFailures ? Math.ceil((this.windowMs - elapsed) / 1000) : 0;
  }

  recordFailure(username: string, address: string): void {
    const k = key(username, address);
    const entry = this.failures.get(k);
    if (!entry || this.now() - entry.firstAt >= this.windowMs)
      this.failures.set(k, { count: 1, firstAt: this.now() });
    else entry.count++;
    // Bounded memory under a spray of user names.
    if (this.failures.size > 10_000) this.failures.clear();
  }

  recordSuccess(username: string, address: string): void {
    this.failures.delete(key(username, address));
  }
}

const key = (username: string, address: string) => `${username.toLowerCase()}|${address}`;
