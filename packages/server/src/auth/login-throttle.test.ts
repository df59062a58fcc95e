import { describe, expect, test } from "vitest";
import { LoginThrottle } from "./login-throttle";

describe("LoginThrottle", () => {
  test("blocks after the limit, per user and address, until the window has passed", () => {
    let now = 0;
    const throttle = new LoginThrottle(3, 60_000, () => now);
    for (let i = 0; i < 3; i++) throttle.recordFailure("Alice", "10.0.0.1");
    expect(throttle.retryAfterSeconds("alice", "10.0.0.1")).toBe(60);
    expect(throttle.retryAfterSeconds("alice", "10.0.0.2")).toBe(0);
    expect(throttle.retryAfterSeconds("bob", "10.0.0.1")).toBe(0);
    now = 59_000;
    expect(throttle.retryAfterSeconds("alice", "10.0.0.1")).toBe(1);
    now = 60_000;
    expect(throttle.retryAfterSeconds("alice", "10.0.0.1")).toBe(0);
  });

  test("a successful login clears the failures", () => {
    const throttle = new LoginThrottle(2, 60_000, () => 0);
    throttle.recordFailure("carol", "a");
    throttle.recordSuccess("carol", "a");
    throttle.recordFailure("carol", "a");
    expect(throttle.retryAfterSeconds("carol", "a")).toBe(0);
  });
});
