import { describe, expect, test } from "vitest";
import { LoginThrottle } from "./login-throttle";

describe("LoginThrottle", () => {
  test("blocks after the limit, per user and address, until the window has passed", () => {
    let now = 0;
    const throttle = new LoginThrottle({ maxFailures: 3, windowMs: 60_000, now: () => now });
    for (let i = 0; i < 2; i++) expect(throttle.recordFailure("Alice", "10.0.0.1")).toBeUndefined();
    expect(throttle.recordFailure("Alice", "10.0.0.1")).toEqual({
      scope: "user-and-address",
      retryAfterSeconds: 60,
    });
    expect(throttle.retryAfterSeconds("alice", "10.0.0.1")).toBe(60);
    expect(throttle.retryAfterSeconds("alice", "10.0.0.2")).toBe(0);
    expect(throttle.retryAfterSeconds("bob", "10.0.0.1")).toBe(0);
    now = 59_000;
    expect(throttle.retryAfterSeconds("alice", "10.0.0.1")).toBe(1);
    now = 60_000;
    expect(throttle.retryAfterSeconds("alice", "10.0.0.1")).toBe(0);
  });

  test("a successful login clears the failures of that address", () => {
    const throttle = new LoginThrottle({ maxFailures: 2, now: () => 0 });
    throttle.recordFailure("carol", "a");
    throttle.recordSuccess("carol", "a");
    throttle.recordFailure("carol", "a");
    expect(throttle.retryAfterSeconds("carol", "a")).toBe(0);
  });

  test("guesses for one user spread over many addresses lock the user name everywhere", () => {
    const throttle = new LoginThrottle({
      maxFailures: 10,
      maxUserFailures: 20,
      windowMs: 60_000,
      now: () => 0,
    });
    let lockout: ReturnType<LoginThrottle["recordFailure"]>;
    for (let i = 0; i < 20; i++) lockout = throttle.recordFailure("dave", `10.0.${i}.1`);
    expect(lockout).toEqual({ scope: "user", retryAfterSeconds: 60 });
    expect(throttle.retryAfterSeconds("dave", "192.168.1.1")).toBe(60);
    expect(throttle.retryAfterSeconds("erin", "10.0.0.1")).toBe(0);
  });

  test("a spray of other names beyond the bound evicts the oldest counters, never a lock", () => {
    const throttle = new LoginThrottle({ maxFailures: 3, maxEntries: 100, now: () => 0 });
    for (let i = 0; i < 3; i++) throttle.recordFailure("victim", "10.0.0.1");
    for (let i = 0; i < 10_000; i++) throttle.recordFailure(`user${i}`, "10.0.0.1");
    // Before, the map was cleared once it passed its bound, lifting every lock.
    expect(throttle.retryAfterSeconds("victim", "10.0.0.1")).toBeGreaterThan(0);
    expect(throttle.size).toBeLessThanOrEqual(201);
  });

  test("counters evicted for room are the oldest: recent guesses keep counting", () => {
    const throttle = new LoginThrottle({
      maxFailures: 3,
      maxUserFailures: 1000,
      maxEntries: 10,
      now: () => 0,
    });
    throttle.recordFailure("old", "a");
    for (let i = 0; i < 4; i++) throttle.recordFailure(`filler${i}`, "a");
    throttle.recordFailure("recent", "a");
    throttle.recordFailure("recent", "a");
    for (let i = 4; i < 8; i++) throttle.recordFailure(`filler${i}`, "a");
    expect(throttle.recordFailure("recent", "a")?.scope).toBe("user-and-address");
  });
});
